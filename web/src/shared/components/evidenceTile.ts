import type { CSSProperties } from 'react';

/** An evidence tile: a thumbnail, or an upload with its progress. */
export const TILE = 88;
export const tileStyle: CSSProperties = {
  position: 'relative',
  width: TILE,
  height: TILE,
  borderRadius: 8,
  overflow: 'hidden',
  border: '1px solid #d9d9d9',
  background: '#fafafa',
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  flex: '0 0 auto',
};

/**
 * Images are shown through data: URLs: the API's Content-Security-Policy (helmet's default
 * `img-src 'self' data:`) blocks blob: images. Documents get a blob: URL to download.
 */
export function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });
}
