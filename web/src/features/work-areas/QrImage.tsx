import { useQuery } from '@tanstack/react-query';
import { Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { workAreaQr } from './api';

/** A code's QR code as an image (read once per code and kept). */
export function QrImage({ code, size = 160 }: { code: string; size?: number }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['work-area-qr', code], queryFn: () => workAreaQr(code), staleTime: Infinity });
  if (q.isError) return <Typography.Text type="danger">{t('workAreas.qrFailed')}</Typography.Text>;
  if (!q.data) return <Skeleton.Image active style={{ width: size, height: size }} />;
  return <img src={q.data} width={size} height={size} alt={code} data-testid={`work-area-qr-${code}`} />;
}
