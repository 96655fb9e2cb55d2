import { Image, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchEvidence } from '../api';
import { dataUrl, TILE, tileStyle } from './evidenceTile';

export { EvidenceUpload } from './EvidenceUpload';

/** Evidence is content-addressed (SHA-256), so a fetched file never changes: one fetch per id (per sign-in). */
async function loadEvidence(id: string): Promise<{ url: string; type: string }> {
  const blob = await fetchEvidence(id);
  return { url: blob.type.startsWith('image/') ? await dataUrl(blob) : URL.createObjectURL(blob), type: blob.type };
}

function EvidenceThumb({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['evidence', id], queryFn: () => loadEvidence(id), staleTime: Infinity, gcTime: Infinity });
  const file = q.data;
  const failed = q.isError;

  if (failed)
    return (
      <div style={tileStyle} data-testid="evidence-thumb" data-status="error">
        <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
          {t('evidence.unavailable')}
        </Typography.Text>
      </div>
    );
  if (!file)
    return (
      <div style={tileStyle} data-testid="evidence-thumb" data-status="loading">
        <Spin size="small" />
      </div>
    );
  if (file.type.startsWith('image/'))
    return (
      <div style={tileStyle} data-testid="evidence-thumb" data-status="done">
        <Image src={file.url} width={TILE} height={TILE} style={{ objectFit: 'cover' }} alt={t('evidence.photo')} />
      </div>
    );
  return (
    <a
      href={file.url}
      download={`${id.slice(0, 12)}${file.type === 'application/pdf' ? '.pdf' : ''}`}
      style={tileStyle}
      data-testid="evidence-thumb"
      data-status="done"
      title={t('evidence.openFile')}
    >
      <Typography.Text strong>{file.type === 'application/pdf' ? 'PDF' : t('evidence.file')}</Typography.Text>
    </a>
  );
}

/** Thumbnails of stored evidence; a click opens the photo (preview) or the document (new tab). */
export function EvidenceGallery({ ids }: { ids: string[] }) {
  if (ids.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={8} data-testid="evidence-gallery">
        {ids.map((id) => (
          <EvidenceThumb key={id} id={id} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
