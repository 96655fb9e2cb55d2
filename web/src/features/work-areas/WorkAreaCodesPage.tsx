import { useQuery } from '@tanstack/react-query';
import { Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../router';
import { listWorkAreas, type WorkAreaView } from './api';
import { QrImage } from './QrImage';

/** While printing, only the sheet: the app's navigation and the buttons are left out. */
const PRINT_CSS = `
@media print {
  .ant-layout-sider, .ant-layout-header, .ant-drawer, .work-area-codes-actions { display: none !important; }
  .ant-layout-content { margin: 0 !important; padding: 0 !important; }
  .work-area-code { break-inside: avoid; }
}`;

/** A printable sheet of the QR codes of every active area and equipment (up to 200 areas), each with its code and name. */
export function WorkAreaCodesPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['work-areas', 'codes'], queryFn: () => listWorkAreas({ active: 'true', page: 1, pageSize: 200 }) });
  const all: WorkAreaView[] = (q.data?.items ?? []).flatMap((a) => [a, ...a.equipment]);
  return (
    <Card
      title={t('workAreas.codesTitle')}
      data-testid="work-area-codes"
      extra={
        <Space wrap className="work-area-codes-actions">
          <Button onClick={() => navigate('/work-areas')}>{t('workAreas.back')}</Button>
          <Button type="primary" onClick={() => window.print()} data-testid="work-area-codes-print">
            {t('workAreas.print')}
          </Button>
        </Space>
      }
    >
      <style>{PRINT_CSS}</style>
      <Typography.Paragraph type="secondary" className="work-area-codes-actions">
        {t('workAreas.codesHint')}
      </Typography.Paragraph>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: 16 }}>
        {all.map((a) => (
          <div key={a.id} className="work-area-code" style={{ border: '1px solid #d9d9d9', borderRadius: 8, padding: 8, textAlign: 'center' }}>
            <QrImage code={a.code} size={150} />
            <Typography.Title level={5} style={{ margin: '4px 0 0' }}>
              {a.code}
            </Typography.Title>
            <Typography.Text>{a.name}</Typography.Text>
            <br />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`workAreas.kind.${a.kind}`)} · {a.orgUnitName}
            </Typography.Text>
          </div>
        ))}
      </div>
    </Card>
  );
}
