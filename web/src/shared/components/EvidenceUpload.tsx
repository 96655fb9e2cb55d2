import { Button, Progress, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVIDENCE_MIME_TYPES, MAX_EVIDENCE_BYTES, uploadEvidence } from '../api';
import { useErrorText } from '../hooks';
import { deviceOffline, isNetworkFailure } from '../offline/outbox';
import type { PendingFile } from '../offline/types';
import { dataUrl, TILE, tileStyle } from './evidenceTile';

interface Item {
  key: string;
  name: string;
  /** offline: no network to upload it; the file stays on the device (`onOfflineChange`) and goes up later. */
  status: 'preparing' | 'uploading' | 'done' | 'error' | 'offline';
  percent: number;
  id?: string;
  preview?: string;
  error?: string;
  blob?: Blob;
}

const MAX_EDGE = 2560;
/** Photos above this are downscaled before upload: faster on a phone, and under the 10 MB cap. */
const SHRINK_ABOVE = 2 * 1024 * 1024;

/**
 * What to upload for a picked file: accepted types as they are; big photos and image types the
 * server does not take (HEIC, GIF…) re-encoded as JPEG in the browser when it can decode them.
 */
async function prepare(file: File): Promise<Blob> {
  const accepted = (EVIDENCE_MIME_TYPES as readonly string[]).includes(file.type);
  if (accepted && (file.type === 'application/pdf' || file.size <= SHRINK_ABOVE)) return file;
  if (!file.type.startsWith('image/')) return file; // the server answers 415 with a readable message
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (jpeg && (!accepted || jpeg.size < file.size)) return jpeg;
  } catch {
    // Not decodable here: send the original and let the server judge it.
  }
  return file;
}

const uploadName = (file: File, blob: Blob) => (blob === file || blob.type === file.type ? file.name : `${file.name.replace(/\.[^.]*$/, '')}.jpg`);

let seq = 0;

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
  const errorText = useErrorText();
  const [items, setItems] = useState<Item[]>([]);
  const emitted = useRef<{ ids: string; busy: boolean; offline: string }>({ ids: '', busy: false, offline: '' });
  const cameraInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const ids = [...new Set(items.filter((i) => i.status === 'done' && i.id).map((i) => i.id!))];
    const busy = items.some((i) => i.status === 'uploading' || i.status === 'preparing');
    if (ids.join() !== emitted.current.ids) onChange?.(ids);
    if (busy !== emitted.current.busy) onBusyChange?.(busy);
    const offline = items.filter((i) => i.status === 'offline' && i.blob);
    const offlineKeys = offline.map((i) => i.key).join();
    if (offlineKeys !== emitted.current.offline) onOfflineChange?.(offline.map((i) => ({ name: i.name, blob: i.blob! })));
    emitted.current = { ids: ids.join(), busy, offline: offlineKeys };
  }, [items, onChange, onBusyChange, onOfflineChange]);

  const update = (key: string, patch: Partial<Item>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  const send = async (key: string, blob: Blob, name: string) => {
    if (blob.size > MAX_EVIDENCE_BYTES) {
      update(key, { status: 'error', error: t('evidence.tooBig', { mb: MAX_EVIDENCE_BYTES / 1024 / 1024 }) });
      return;
    }
    if (deviceOffline()) {
      update(key, { status: 'offline', percent: 0, error: undefined });
      return;
    }
    update(key, { status: 'uploading', percent: 0, error: undefined });
    try {
      const meta = await uploadEvidence(blob, name, (f) => update(key, { percent: Math.round(f * 100) }));
      update(key, { status: 'done', percent: 100, id: meta.id });
    } catch (err) {
      if (isNetworkFailure(err)) update(key, { status: 'offline', percent: 0 });
      else update(key, { status: 'error', error: errorText(err) });
    }
  };

  // The network is back while the form is open: what waited on the device goes up now.
  const latest = useRef({ items, send });
  latest.current = { items, send };
  useEffect(() => {
    const online = () => {
      for (const i of latest.current.items) if (i.status === 'offline' && i.blob) void latest.current.send(i.key, i.blob, i.name);
    };
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);

  const add = (files: FileList | null) => {
    if (!files) return;
    const room = Math.max(0, max - items.length);
    const picked = [...files].slice(0, room);
    const fresh = picked.map((f): Item => ({ key: `e${++seq}`, name: f.name, status: 'preparing', percent: 0 }));
    setItems((all) => [...all, ...fresh]);
    picked.forEach((file, i) => {
      const key = fresh[i].key;
      void prepare(file).then((blob) => {
        const name = uploadName(file, blob);
        update(key, { blob, name });
        if (blob.type.startsWith('image/'))
          void dataUrl(blob).then(
            (preview) => update(key, { preview }),
            () => undefined,
          );
        return send(key, blob, name);
      });
    });
  };

  const remove = (item: Item) => setItems((all) => all.filter((i) => i.key !== item.key));

  const full = items.length >= max;
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
            <UploadTile key={item.key} item={item} testId={testId} onRemove={() => remove(item)} onRetry={(blob) => void send(item.key, blob, item.name)} />
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
