import { Button, Card, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EMERGENCY_STATUSES, listEmergencies, type EmergencyFilter, type EmergencySummary, type Page } from '../../shared/api';
import { EmergencyStatusTag, EmergencyTypeLabel } from './EmergencyTags';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { formatDuration } from '../hazards/hazard';
import { useErrorText, usePolling } from '../../shared/hooks';
import { Link, navigate, setSearchParams, useLocation } from '../../router';
import { testId } from '../../shared/testIds';

const PAGE_SIZE = 25;
const POLL_MS = 10_000;

/** Emergencies, real ones and drills on separate tabs (they are reported separately), by status. */
export function EmergencyListPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { search } = useLocation();
  const drill = search.get('drill') === 'true';
  const status = EMERGENCY_STATUSES.find((s) => s === search.get('status'));
  const page = Math.max(1, Number(search.get('page')) || 1);
  const filter: EmergencyFilter = { drill, status, page, pageSize: PAGE_SIZE };
  const key = JSON.stringify(filter);

  const [loaded, setLoaded] = useState<{ key: string; result: Page<EmergencySummary> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);
  const data = loaded?.key === key ? loaded.result : null;

  const load = async () => {
    const mine = ++request.current;
    try {
      const result = await listEmergencies(filter);
      if (mine !== request.current) return;
      setLoaded({ key, result });
      setError(null);
    } catch (err) {
      if (mine === request.current) setError(errorText(err));
    }
  };
  usePolling(load, POLL_MS, [key]);

  const columns: TableColumnsType<EmergencySummary> = [
    {
      key: 'emergency',
      title: t('emergencyList.colEmergency'),
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/emergencies/${e.id}`} data-testid={`emergency-link-${e.id}`}>
            <Typography.Text strong style={{ color: 'inherit' }}>
              <EmergencyTypeLabel type={e.type} /> · {e.location}
            </Typography.Text>
          </Link>
          <Space size={4} wrap>
            {e.drill && <Tag color="purple">{t('emergency.drill')}</Tag>}
            {e.injuries && <Tag color="red">{t('emergency.injuries')}</Tag>}
          </Space>
        </Space>
      ),
    },
    { key: 'status', title: t('emergencyList.colStatus'), render: (_, e) => <EmergencyStatusTag status={e.status} overdue={e.overdue} /> },
    { key: 'unit', title: t('emergencyList.colUnit'), dataIndex: 'orgUnitName' },
    { key: 'reported', title: t('emergencyList.colReported'), render: (_, e) => <RelativeTime iso={e.reportedAt} /> },
    {
      key: 'duration',
      title: t('emergencyList.colDuration'),
      render: (_, e) =>
        e.controlledAt ? (
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatDuration(Date.parse(e.controlledAt) - Date.parse(e.reportedAt), t('hazard.sla.dayUnit'))}
          </span>
        ) : (
          <Tag color="red">{t('emergencyList.running')}</Tag>
        ),
    },
    { key: 'reporter', title: t('emergencyList.colReporter'), dataIndex: 'reporter' },
  ];

  const table = (
    <Table<EmergencySummary>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={!data && !error}
      onRow={(e) => ({
        ...testId(`emergency-row-${e.id}`),
        style: e.status === 'acknowledging' || e.status === 'responding' ? { background: '#fff1f0' } : undefined,
      })}
      locale={{ emptyText: drill ? t('emergencyList.emptyDrills') : t('emergencyList.empty') }}
      scroll={{ x: 'max-content' }}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: data?.total ?? 0,
        showSizeChanger: false,
        showTotal: (total) => t('emergencyList.total', { count: total }),
        onChange: (p) => setSearchParams({ page: p === 1 ? null : String(p) }),
      }}
    />
  );

  return (
    <Card
      title={t('emergencyList.title')}
      extra={
        <Button type="primary" danger onClick={() => navigate('/emergencies/new')} data-testid="emergency-raise-button">
          {t('nav.emergencyNew')}
        </Button>
      }
      data-testid="emergency-list"
      lang={i18n.language}
    >
      {error && (
        <Typography.Paragraph type="danger" data-testid="emergency-list-error">
          {error}
        </Typography.Paragraph>
      )}
      <Tabs
        activeKey={drill ? 'drills' : 'real'}
        onChange={(k) => setSearchParams({ drill: k === 'drills' ? 'true' : null, page: null })}
        tabBarExtraContent={
          <Select
            allowClear
            placeholder={t('emergencyList.status')}
            value={status}
            style={{ minWidth: 200 }}
            data-testid="emergency-status-filter"
            onChange={(v: string | undefined) => setSearchParams({ status: v ?? null, page: null })}
            options={EMERGENCY_STATUSES.map((s) => ({ value: s, label: t(`emergency.status.${s}`) }))}
          />
        }
        items={[
          { key: 'real', label: <span data-testid="emergency-tab-real">{t('emergencyList.tabReal')}</span>, children: drill ? null : table },
          { key: 'drills', label: <span data-testid="emergency-tab-drills">{t('emergencyList.tabDrills')}</span>, children: drill ? table : null },
        ]}
      />
    </Card>
  );
}
