import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVIDENCE_MIME_TYPES, MAX_EVIDENCE_BYTES, uploadEvidence } from '../api';
import { useErrorText } from '../errorText';
import { deviceOffline, isNetworkFailure } from '../offline/outbox';
import type { PendingFile } from '../offline/types';
import { dataUrl } from './evidenceTile';

/**
 * What an evidence picker does, without its looks: EvidenceUpload.tsx draws it with Ant Design,
 * the light report form (features/hazards/HazardReportPage.tsx, issue 20) with plain elements.
 */

export interface Item {
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

export interface EvidenceUploadCallbacks {
  onChange?: (ids: string[]) => void;
  onBusyChange?: (busy: boolean) => void;
  onOfflineChange?: (files: PendingFile[]) => void;
  max: number;
}

/**
 * The picked files and what became of each: each uploads at once (POST /api/evidence), or stays
 * on the device without a network (uploaded once the network returns while the form is open).
 */
export function useEvidenceUploads({ onChange, onBusyChange, onOfflineChange, max }: EvidenceUploadCallbacks) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [items, setItems] = useState<Item[]>([]);
  const emitted = useRef<{ ids: string; busy: boolean; offline: string }>({ ids: '', busy: false, offline: '' });

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

  return { items, add, remove, retry: (item: Item, blob: Blob) => void send(item.key, blob, item.name), full: items.length >= max };
}
