import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PendingFile } from '../offline/types';
import { TILE, tileStyle } from '../components/evidenceTile';
import { useEvidenceUploads, type Item } from '../components/useEvidenceUploads';
import './lite.css';

/**
 * The report form's photos without Ant Design (issue 20): the same behaviour as
 * ../components/EvidenceUpload.tsx (useEvidenceUploads) — each photo uploads at once with its
 * progress, can be removed or retried, and stays on the device without a network — with large
 * buttons for the camera and the file picker. Reset it by remounting (a new `key`).
 */
export function EvidencePicker({
  onChange,
  onBusyChange,
  onOfflineChange,
  max = 10,
  testId = 'evidence',
  id,
  describedBy,
}: {
  onChange: (ids: string[]) => void;
  onBusyChange: (busy: boolean) => void;
  onOfflineChange: (files: PendingFile[]) => void;
  max?: number;
  testId?: string;
  /** The camera input's id, for the field's `<label htmlFor>` (the label then opens the camera, and the group is named by it). */
  id?: string;
  describedBy?: string;
}) {
  const { t } = useTranslation();
  const { items, add, remove, retry, full } = useEvidenceUploads({ onChange, onBusyChange, onOfflineChange, max });
  const cameraInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <div data-testid={testId} role="group" aria-labelledby={id ? `${id}-label` : undefined}>
      <input
        ref={cameraInput}
        id={id}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
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
        hidden
        data-testid={`${testId}-file-input`}
        onChange={(e) => {
          add(e.target.files);
          e.target.value = '';
        }}
      />
      <div className="sl-row" style={{ marginBottom: items.length ? 8 : 0 }}>
        <button
          type="button"
          className="sl-btn sl-btn-ghost sl-btn-big"
          disabled={full}
          onClick={() => cameraInput.current?.click()}
          data-testid={`${testId}-camera`}
          aria-describedby={describedBy}
        >
          {t('evidence.takePhoto')}
        </button>
        <button type="button" className="sl-btn sl-btn-big" disabled={full} onClick={() => fileInput.current?.click()} data-testid={`${testId}-pick`}>
          {t('evidence.chooseFiles')}
        </button>
        <span className="sl-secondary">{t('evidence.count', { n: items.length, max })}</span>
      </div>
      {items.length > 0 && (
        <div className="sl-tiles">
          {items.map((item) => (
            <Tile key={item.key} item={item} testId={testId} onRemove={() => remove(item)} onRetry={(blob) => retry(item, blob)} />
          ))}
        </div>
      )}
    </div>
  );
}

/** One photo: its preview (or file type) with progress, remove, and on error the reason and "Retry". */
function Tile({ item, testId, onRemove, onRetry }: { item: Item; testId: string; onRemove: () => void; onRetry: (blob: Blob) => void }) {
  const { t } = useTranslation();
  const busy = item.status === 'uploading' || item.status === 'preparing';
  return (
    <div style={{ width: TILE }} data-testid={`${testId}-item`} data-status={item.status} data-evidence-id={item.id}>
      <div style={tileStyle} title={item.error ?? item.name}>
        {item.preview ? (
          <img src={item.preview} alt={item.name} style={{ width: '100%', height: '100%', objectFit: 'cover', opacity: item.status === 'done' ? 1 : 0.5 }} />
        ) : (
          <strong>{item.name.toLowerCase().endsWith('.pdf') ? 'PDF' : t('evidence.file')}</strong>
        )}
        {busy && (
          <span className="sl-tile-progress" role="progressbar" aria-valuenow={item.percent} aria-valuemin={0} aria-valuemax={100}>
            {item.percent}%
          </span>
        )}
        <button
          type="button"
          className="sl-tile-remove"
          aria-label={t('evidence.remove', { name: item.name })}
          onClick={onRemove}
          data-testid={`${testId}-remove`}
        >
          ×
        </button>
      </div>
      {item.status === 'offline' && (
        <span style={{ fontSize: 12, display: 'block', lineHeight: 1.3, color: 'var(--sl-warning)' }} data-testid={`${testId}-on-device`}>
          {t('evidence.onDevice')}
        </span>
      )}
      {item.status === 'error' && (
        <div>
          <span
            className="sl-error-text"
            style={{ fontSize: 12, display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
            title={item.error}
          >
            {item.error}
          </span>
          {item.blob && (
            <button type="button" className="sl-btn sl-btn-link" onClick={() => onRetry(item.blob!)}>
              {t('evidence.retry')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
