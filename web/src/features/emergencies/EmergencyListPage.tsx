import { Button, Card, Select, Space, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { EMERGENCY_STATUSES, listEmergencies, type EmergencyFilter, type EmergencySummary } from '../../shared/api';
import { EmergencyStatusTag, EmergencyTypeLabel } from './EmergencyTags';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { formatDuration } from '../hazards/hazard';
import { ListTable } from '../../shared/components/ListTable';
import { useListPage } from '../../shared/useListPage';
import { navigate } from '../../router';
import { testId } from '../../shared/testIds';
import { StrongLink } from '../../shared/components/Cells';
import { useCanWrite } from '../../shared/access';

const POLL_MS = 10_000;

const emergencyFilter = (search: URLSearchParams): EmergencyFilter => ({
  drill: search.get('drill') === 'true' ? 'true' : 'false',
  status: EMERGENCY_STATUSES.find((s) => s === search.get('status')),
});

/** Emergencies, real ones and drills on separate tabs (they are reported separately), by status. */
export function EmergencyListPage() {
  const { t, i18n } = useTranslation();
  const canWrite = useCanWrite();
  const list = useListPage({ name: 'emergencies', filter: emergencyFilter, load: listEmergencies, pollMs: POLL_MS });
  const drill = list.filter.drill === 'true';
  const { status } = list.filter;

  const columns: TableColumnsType<EmergencySummary> = [
    {
      key: 'emergency',
      title: t('emergencyList.colEmergency'),
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          <StrongLink to={`/emergencies/${e.id}`} testId={`emergency-link-${e.id}`}>
            <EmergencyTypeLabel type={e.type} /> · {e.location}
          </StrongLink>
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
    <ListTable<EmergencySummary>
      list={list}
      columns={columns}
      onRow={(e) => ({
        ...testId(`emergency-row-${e.id}`),
        style: e.status === 'acknowledging' || e.status === 'responding' ? { background: '#fff1f0' } : undefined,
      })}
      locale={{ emptyText: drill ? t('emergencyList.emptyDrills') : t('emergencyList.empty') }}
      scroll={{ x: 'max-content' }}
      showTotal={(total) => t('emergencyList.total', { count: total })}
      pagination={{ hideOnSinglePage: false }}
    />
  );

  return (
    <Card
      title={t('emergencyList.title')}
      extra={
        canWrite && (
          <Button type="primary" danger onClick={() => navigate('/emergencies/new')} data-testid="emergency-raise-button">
            {t('nav.emergencyNew')}
          </Button>
        )
      }
      data-testid="emergency-list"
      lang={i18n.language}
    >
      {list.error && (
        <Typography.Paragraph type="danger" data-testid="emergency-list-error">
          {list.error}
        </Typography.Paragraph>
      )}
      <Tabs
        activeKey={drill ? 'drills' : 'real'}
        onChange={(k) => list.setFilter({ drill: k === 'drills' ? 'true' : null })}
        tabBarExtraContent={
          <Select
            allowClear
            placeholder={t('emergencyList.status')}
            value={status}
            style={{ minWidth: 200 }}
            data-testid="emergency-status-filter"
            onChange={(v: string | undefined) => list.setFilter({ status: v })}
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
