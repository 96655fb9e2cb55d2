import { Button, Progress, Space, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PendingFile } from '../offline/types';
import { TILE, tileStyle } from './evidenceTile';
import { useEvidenceUploads, type Item } from './useEvidenceUploads';

/**
 * Photos and documents as evidence ids: each file uploads at once (POST /api/evidence) with a
 * progress ring, can be removed or retried; `onChange` gets the ids of finished uploads and
 * `onBusyChange` whether any is still running. Without a network a file stays on the device:
 * `onOfflineChange` gets those files (the hazard form queues them with the report) and they are
 * uploaded here once the network returns. Reset it by remounting (a new `key`).
 */
export function EvidenceUpload({
  onChange,
  onBusyChange,
  onOfflineChange,
  max = 10,
  camera = true,
  large = false,
  testId = 'evidence',
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  onBusyChange?: (busy: boolean) => void;
  onOfflineChange?: (files: PendingFile[]) => void;
  max?: number;
  camera?: boolean;
  large?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { items, add, remove, retry, full } = useEvidenceUploads({ onChange, onBusyChange, onOfflineChange, max });
  const cameraInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const buttonSize = large ? 'large' : 'middle';
  return (
    <div data-testid={testId}>
      <input
        ref={cameraInput}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        style={{ display: 'none' }}
        data-testid={`${testId}-camera-input`}
        onChange={(e) => {
          add(e.target.files);
          e.target.value = '';
        }}
      />
      <input
        ref={fileInput}
        type="file"
        accept="image/*,application/pdf"
        multiple
        style={{ display: 'none' }}
        data-testid={`${testId}-file-input`}
        onChange={(e) => {
          add(e.target.files);
          e.target.value = '';
        }}
      />
      <Space wrap size={8} style={{ marginBottom: items.length ? 8 : 0 }}>
        {camera && (
          <Button
            type="primary"
            ghost
            size={buttonSize}
            disabled={full}
            onClick={() => cameraInput.current?.click()}
            data-testid={`${testId}-camera`}
            style={large ? { minHeight: 48 } : undefined}
          >
            {t('evidence.takePhoto')}
          </Button>
        )}
        <Button
          size={buttonSize}
          disabled={full}
          onClick={() => fileInput.current?.click()}
          data-testid={`${testId}-pick`}
          style={large ? { minHeight: 48 } : undefined}
        >
          {camera ? t('evidence.chooseFiles') : t('evidence.attach')}
        </Button>
        <Typography.Text type="secondary">{t('evidence.count', { n: items.length, max })}</Typography.Text>
      </Space>
      {items.length > 0 && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          {items.map((item) => (
            <UploadTile key={item.key} item={item} testId={testId} onRemove={() => remove(item)} onRetry={(blob) => retry(item, blob)} />
          ))}
        </div>
      )}
    </div>
  );
}

/** One upload: its preview (or file type) with progress, remove, and on error the reason and "Retry". */
function UploadTile({ item, testId, onRemove, onRetry }: { item: Item; testId: string; onRemove: () => void; onRetry: (blob: Blob) => void }) {
  const { t } = useTranslation();
  return (
    <div style={{ width: TILE }} data-testid={`${testId}-item`} data-status={item.status} data-evidence-id={item.id}>
      <div style={tileStyle} title={item.error ?? item.name}>
        {item.preview ? (
          <img src={item.preview} alt={item.name} style={{ width: '100%', height: '100%', objectFit: 'cover', opacity: item.status === 'done' ? 1 : 0.5 }} />
        ) : (
          <Typography.Text strong>{item.name.toLowerCase().endsWith('.pdf') ? 'PDF' : t('evidence.file')}</Typography.Text>
        )}
        {(item.status === 'uploading' || item.status === 'preparing') && (
          <Progress type="circle" size={40} percent={item.percent} style={{ position: 'absolute', background: 'rgba(255,255,255,0.8)', borderRadius: '50%' }} />
        )}
        <Button
          size="small"
          shape="circle"
          danger
          aria-label={t('evidence.remove', { name: item.name })}
          onClick={onRemove}
          data-testid={`${testId}-remove`}
          style={{ position: 'absolute', top: 2, right: 2, width: 28, height: 28 }}
        >
          ×
        </Button>
      </div>
      {item.status === 'offline' && (
        <Typography.Text type="warning" style={{ fontSize: 12, display: 'block', lineHeight: 1.3 }} data-testid={`${testId}-on-device`}>
          {t('evidence.onDevice')}
        </Typography.Text>
      )}
      {item.status === 'error' && (
        <div>
          <Typography.Text type="danger" style={{ fontSize: 12 }} ellipsis={{ tooltip: item.error }}>
            {item.error}
          </Typography.Text>
          {item.blob && (
            <Button size="small" type="link" style={{ padding: 0 }} onClick={() => onRetry(item.blob!)}>
              {t('evidence.retry')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
