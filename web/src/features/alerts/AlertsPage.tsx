import { Button, Space, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_SEVERITIES, ALERT_STATUSES, FIRED_ALERT_KINDS, listAlerts, type AlertFilter, type AlertView } from '../../shared/api';
import { AcknowledgeModal, AlertRecords } from './AlertParts';
import { AlertKindTag, AlertStatusTag } from '../../shared/components/OperationsTags';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { SeverityTag } from '../../shared/components/Tags';
import { UUID_RE } from '../hazards/hazard';
import { ListView, PageCard } from '../../shared/components/ListPageCard';
import { matching, pick, useListPage } from '../../shared/useListPage';
import { alertPath } from '../../shared/operations';
import { testId } from '../../shared/testIds';
import { AlertRulesTab } from './AlertRulesTab';
import { UrlTabs } from '../../shared/components/UrlTabs';
import { None, StrongLink, TwoLines } from '../../shared/components/Cells';
import { FilterSelect, RefreshButton, UnitFilter } from '../../shared/components/ListFilters';
import { useCanWrite } from '../../shared/access';

const POLL_MS = 15_000;

/**
 * Alerts (SPEC §5): fired alerts in the user's scope — overdue work, low scores, a hazard that
 * keeps coming back in one area, incident clusters, departments breaching their SLAs — filtered
 * by status, kind, severity and unit (in the URL), with the records behind each and Acknowledge;
 * the Rules tab shows (and, for the safety hub, edits) what fires them and runs a sweep now.
 */
export function AlertsPage() {
  const { t } = useTranslation();
  return (
    <PageCard title={t('alerts.title')} testId="alerts">
      <UrlTabs
        items={[
          { key: 'alerts', label: t('alerts.tabAlerts'), testId: 'alerts-tab-list', children: <AlertsTab /> },
          { key: 'rules', label: t('alerts.tabRules'), testId: 'alerts-tab-rules', children: <AlertRulesTab /> },
        ]}
      />
    </PageCard>
  );
}

const alertFilter = (search: URLSearchParams): AlertFilter => ({
  status: pick(ALERT_STATUSES, search.get('status')),
  kind: pick(FIRED_ALERT_KINDS, search.get('kind')),
  severity: pick(ALERT_SEVERITIES, search.get('severity')),
  orgUnitId: matching(search, 'orgUnitId', UUID_RE),
});

function AlertsTab() {
  const { t } = useTranslation();
  const canWrite = useCanWrite();
  const list = useListPage({ name: 'alerts', filter: alertFilter, load: listAlerts, pollMs: POLL_MS });
  const [acking, setAcking] = useState<AlertView | null>(null);

  const columns: TableColumnsType<AlertView> = [
    {
      key: 'severity',
      title: t('alerts.colSeverity'),
      width: 100,
      render: (_, a) => (
        <span data-testid="alert-severity" data-severity={a.severity}>
          <SeverityTag severity={a.severity} />
        </span>
      ),
    },
    {
      key: 'alert',
      title: t('alerts.colAlert'),
      width: 340,
      render: (_, a) => (
        <Space orientation="vertical" size={2}>
          <StrongLink to={alertPath(a.id)} testId="alert-link">
            {a.title}
          </StrongLink>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.summary}
          </Typography.Text>
          <AlertKindTag kind={a.kind} />
        </Space>
      ),
    },
    { key: 'unit', title: t('alerts.colUnit'), render: (_, a) => a.orgUnitName ?? <None /> },
    { key: 'records', title: t('alerts.colRecords'), width: 220, render: (_, a) => <AlertRecords records={a.records} limit={3} /> },
    {
      key: 'status',
      title: t('alerts.colStatus'),
      render: (_, a) => <TwoLines main={<AlertStatusTag status={a.status} />} sub={a.acknowledgedBy && t('alerts.ackBy', { name: a.acknowledgedBy })} />,
    },
    { key: 'fired', title: t('alerts.colFired'), render: (_, a) => <RelativeTime iso={a.firstFiredAt} /> },
    {
      key: 'actions',
      title: '',
      render: (_, a) =>
        canWrite &&
        a.status === 'open' && (
          <Button size="small" onClick={() => setAcking(a)} data-testid="alert-ack">
            {t('alerts.acknowledge')}
          </Button>
        ),
    },
  ];

  return (
    <ListView<AlertView>
      filtersTestId="alert-filters"
      filters={
        <>
          <FilterSelect field={list.field('status')} span={[12, 6, 4]} values={ALERT_STATUSES} labels="alerts.status" placeholder={t('alerts.filterStatus')} />
          <FilterSelect field={list.field('kind')} span={[12, 6, 5]} values={FIRED_ALERT_KINDS} labels="alerts.kind" placeholder={t('alerts.filterKind')} />
          <FilterSelect field={list.field('severity')} span={[12, 6, 4]} values={ALERT_SEVERITIES} labels="severity" placeholder={t('alerts.filterSeverity')} />
          <UnitFilter field={list.field('orgUnitId')} span={[12, 6, 6]} placeholder={t('alerts.filterUnit')} />
          <RefreshButton onRefresh={list.refresh} testId="alerts-refresh" span={5} />
        </>
      }
      list={list}
      ids="alerts"
      texts={{ empty: 'alerts.empty', total: 'alerts.listTotal' }}
      columns={columns}
      onRow={(a) => testId(`alert-row-${a.id}`, { kind: a.kind, status: a.status, rule: a.ruleId })}
      scroll={{ x: 1100 }}
    >
      {acking && (
        <AcknowledgeModal
          alert={acking}
          onClose={() => setAcking(null)}
          onDone={() => {
            setAcking(null);
            void list.refresh();
          }}
        />
      )}
    </ListView>
  );
}
