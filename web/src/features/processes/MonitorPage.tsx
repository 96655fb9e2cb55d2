import { Alert, Button, Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listProcesses, type MonitorFilters, type MonitorPage as MonitorResult } from '../../shared/api';
import { hasRole, useSession } from '../../shared/session';
import { useListPage, type Paging } from '../../shared/useListPage';
import { PROCESS_ADMIN_ROLES } from '../../routes';
import { MonitorBulkModal } from './MonitorBulkModal';
import { MonitorFilterBar, type SetFilters } from './MonitorFilterBar';
import { MonitorSavedViews } from './MonitorSavedViews';
import { MonitorTable } from './MonitorTable';
import { FILTER_KEYS, normalize } from './monitor';
import { RefreshButton } from '../../shared/components/ListFilters';

const PAGE_SIZE = 50;
const POLL_MS = 10_000;
const RED = '#cf1322';
const ORANGE = '#d46b08';

/** A read of the monitor: the page, the server's clock minus ours (for the SLA countdowns) and when it was read. */
type Processes = MonitorResult & { skew: number; at: string };

const monitorFilter = (search: URLSearchParams): MonitorFilters => normalize(Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k)])));

async function loadProcesses(filter: MonitorFilters & Paging): Promise<Processes> {
  const result = await listProcesses(filter);
  return { ...result, skew: Date.parse(result.serverTime) - Date.now(), at: new Date().toISOString() };
}

/**
 * The safety hub monitor (SPEC §5): every process in flight — hazards, emergencies, risk
 * assessments, cycles, appeals… — with its open steps and who holds them, its SLA clock counting
 * down live and its escalation level. Filters live in the URL (shareable) and can be saved as
 * views; the safety hub cancels or reassigns processes in bulk.
 */
export function MonitorPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const list = useListPage({ name: 'processes', filter: monitorFilter, load: loadProcesses, pollMs: POLL_MS, pageSize: PAGE_SIZE });
  const { filter, data } = list;
  const filters = normalize(filter);
  const canAct = hasRole(user, ...PROCESS_ADMIN_ROLES);
  const [selected, setSelected] = useState<string[]>([]);
  /** Cancelled here: hidden at once, until the next reads no longer list them. */
  const [removed, setRemoved] = useState<ReadonlySet<string>>(() => new Set());
  const [bulk, setBulk] = useState<'cancel' | 'reassign' | null>(null);
  useEffect(() => {
    if (!data) return;
    const listed = new Set(data.items.map((i) => i.workflowId));
    setRemoved((r) => (r.size ? new Set([...r].filter((id) => listed.has(id))) : r));
    setSelected((s) => s.filter((id) => listed.has(id)));
  }, [data]);

  const set: SetFilters = list.setFilter;

  const items = (data?.items ?? []).filter((i) => !removed.has(i.workflowId));
  const selectedItems = items.filter((i) => selected.includes(i.workflowId));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="monitor">
      <Counts counts={data ? withoutRemoved(data, removed) : null} onOverdue={() => set({ overdue: 'true' })} />
      <Card
        title={t('monitor.title')}
        extra={
          <Space wrap>
            {data && (
              <Typography.Text type="secondary" data-testid="monitor-updated">
                {t('common.updatedAt', { time: new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(new Date(data.at)) })}
              </Typography.Text>
            )}
            <RefreshButton onRefresh={list.refresh} testId="monitor-refresh" />
          </Space>
        }
      >
        <MonitorFilterBar filters={filters} set={set} />
        <MonitorSavedViews filters={filters} canShare={canAct} />
        {list.error && (
          <Typography.Paragraph type="danger" data-testid="monitor-error">
            {list.error}
          </Typography.Paragraph>
        )}
        {data?.truncated && <Alert type="warning" showIcon title={t('monitor.truncated')} style={{ marginBottom: 12 }} data-testid="monitor-truncated" />}
        {canAct && (
          <Space wrap style={{ marginBottom: 12 }} data-testid="monitor-bulk">
            <Typography.Text type="secondary" data-testid="monitor-selected" data-count={selectedItems.length}>
              {t('monitor.selected', { count: selectedItems.length })}
            </Typography.Text>
            <Button danger disabled={!selectedItems.length} onClick={() => setBulk('cancel')} data-testid="bulk-cancel">
              {t('monitor.bulkCancel')}
            </Button>
            <Button disabled={!selectedItems.length} onClick={() => setBulk('reassign')} data-testid="bulk-reassign">
              {t('monitor.bulkReassign')}
            </Button>
          </Space>
        )}
        <MonitorTable
          items={items}
          skew={data?.skew ?? 0}
          loading={list.loading}
          pagination={list.pagination((n) => t('monitor.total', { count: n }))}
          selection={canAct ? { keys: selected, onChange: setSelected } : null}
        />
      </Card>
      {bulk && (
        <MonitorBulkModal
          kind={bulk}
          items={selectedItems}
          onClose={() => setBulk(null)}
          onDone={(results) => {
            const ok = new Set(results.filter((r) => r.ok).map((r) => r.workflowId));
            if (bulk === 'cancel') setRemoved((r) => new Set([...r, ...ok]));
            setSelected((s) => s.filter((id) => !ok.has(id)));
            void list.refresh();
          }}
        />
      )}
    </Space>
  );
}

/** The server's counts less the rows cancelled here that its last read still listed. */
function withoutRemoved(result: Processes, removed: ReadonlySet<string>): MonitorResult['counts'] {
  const gone = result.items.filter((i) => removed.has(i.workflowId));
  return {
    total: result.counts.total - gone.length,
    overdue: result.counts.overdue - gone.filter((i) => i.overdue).length,
    escalated: result.counts.escalated - gone.filter((i) => i.escalationLevel > 0).length,
  };
}

/** Running, overdue and escalated processes among those the filters match; "Overdue" filters to them. */
function Counts({ counts: c, onOverdue }: { counts: MonitorResult['counts'] | null; onOverdue: () => void }) {
  const { t } = useTranslation();
  const card = (id: string, title: string, value: number | undefined, color?: string, onClick?: () => void) => (
    <Col xs={8}>
      <Card size="small" hoverable={!!onClick} onClick={onClick} data-testid={`count-${id}`} data-value={value ?? ''}>
        <Statistic title={title} value={value ?? '–'} loading={!c} styles={{ content: value ? { color } : undefined }} />
      </Card>
    </Col>
  );
  return (
    <Row gutter={[12, 12]} data-testid="monitor-counts">
      {card('total', t('monitor.countTotal'), c?.total)}
      {card('overdue', t('monitor.countOverdue'), c?.overdue, RED, onOverdue)}
      {card('escalated', t('monitor.countEscalated'), c?.escalated, ORANGE)}
    </Row>
  );
}
