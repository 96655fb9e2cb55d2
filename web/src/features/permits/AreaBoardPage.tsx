import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, List, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePolledQuery } from '../../shared/query';
import { Link, navigate } from '../../router';
import { fetchWorkAreaByCode, listPermits, RUNNING_STATUSES, type WorkArea } from './api';
import { PermitClock, PermitKindTag, PermitStatusTag } from './PermitTags';

const POLL_MS = 10_000;

/**
 * The permit board of an area or a piece of equipment (`/areas/<code>`, what its QR code opens):
 * its running permits with each one's status and next clock, and the forms pre-filled with the place.
 */
export function AreaBoardPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const area = useQuery({ queryKey: ['work-area', code], queryFn: () => fetchWorkAreaByCode(code), retry: false });
  if (area.isPending) return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;
  if (!area.data) return <Alert type="warning" showIcon title={t('permitBoard.unknown', { code })} data-testid="area-board-unknown" />;
  return <Board area={area.data} />;
}

function Board({ area }: { area: WorkArea }) {
  const { t } = useTranslation();
  const permits = usePolledQuery(['permits', 'board', area.id], () => listPermits({ areaId: area.id, active: 'true', pageSize: 100 }), POLL_MS);
  const running = (permits.data?.items ?? []).filter((p) => RUNNING_STATUSES.includes(p.status));
  const hazard = `/hazards/new?${new URLSearchParams({ area: area.name, orgUnitId: area.orgUnitId }).toString()}`;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 640, margin: '0 auto', display: 'flex' }} data-testid="area-board">
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="area-board-title">
          {t('permitBoard.title', { name: area.name })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {area.code} · {area.orgUnitName}
        </Typography.Text>
        <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Button type="primary" block size="large" onClick={() => navigate(`/permits/new?area=${area.id}`)} data-testid="area-board-request">
            {t('permitBoard.request')}
          </Button>
          <Button danger block size="large" onClick={() => navigate(hazard)} data-testid="area-board-hazard">
            {t('permitBoard.reportHazard')}
          </Button>
        </Space>
      </Card>
      <Card size="small" title={t('permitBoard.running')} data-testid="area-board-permits">
        {permits.errorText && <Alert type="warning" showIcon title={permits.errorText} />}
        {running.length === 0 ? (
          <Empty description={t('permitBoard.none')} />
        ) : (
          <List
            dataSource={running}
            renderItem={(p) => (
              <List.Item key={p.id} data-testid={`board-permit-${p.id}`} data-status={p.status}>
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={[6, 4]}>
                    <Link to={`/permits/${p.id}`}>
                      <Typography.Text strong>{p.number}</Typography.Text>
                    </Link>
                    <PermitKindTag permit={p} />
                    <PermitStatusTag status={p.status} testId={`board-status-${p.id}`} />
                  </Space>
                  <Typography.Text type="secondary">{p.workContent}</Typography.Text>
                  <PermitClock clock={p.nextClock} testId={`board-clock-${p.id}`} />
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
