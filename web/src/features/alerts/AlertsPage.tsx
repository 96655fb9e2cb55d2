import { Button, Card, Col, Space, Tabs, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  FIRED_ALERT_KINDS,
  listAlerts,
  type AlertFilter,
  type AlertStatus,
  type FiredAlertKind,
  type AlertView,
  type Severity,
} from '../../shared/api';
import { AcknowledgeModal, AlertRecords } from './AlertParts';
import { AlertKindTag, AlertStatusTag } from '../../shared/components/OperationsTags';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { SeverityTag } from '../../shared/components/Tags';
import { UUID_RE } from '../hazards/hazard';
import { ListTable } from '../../shared/components/ListTable';
import { matching, pick, useListPage } from '../../shared/useListPage';
import { alertPath } from '../../shared/operations';
import { setSearchParams, useLocation } from '../../router';
import { testId } from '../../shared/testIds';
import { AlertRulesTab } from './AlertRulesTab';
import { StrongLink } from '../../shared/components/Cells';
import { FilterBar, FilterSelect, RefreshButton, UnitFilter } from '../../shared/components/ListFilters';

const POLL_MS = 15_000;

/**
 * Alerts (SPEC §5): fired alerts in the user's scope — overdue work, low scores, a hazard that
 * keeps coming back in one area, incident clusters, departments breaching their SLAs — filtered
 * by status, kind, severity and unit (in the URL), with the records behind each and Acknowledge;
 * the Rules tab shows (and, for the safety hub, edits) what fires them and runs a sweep now.
 */
export function AlertsPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const tab = search.get('tab') === 'rules' ? 'rules' : 'alerts';
  return (
    <Card title={t('alerts.title')} data-testid="alerts">
      <Tabs
        activeKey={tab}
        onChange={(k) => setSearchParams(k === 'rules' ? { tab: 'rules', page: null } : { tab: null })}
        items={[
          { key: 'alerts', label: <span data-testid="alerts-tab-list">{t('alerts.tabAlerts')}</span>, children: tab === 'alerts' ? <AlertsTab /> : null },
          { key: 'rules', label: <span data-testid="alerts-tab-rules">{t('alerts.tabRules')}</span>, children: tab === 'rules' ? <AlertRulesTab /> : null },
        ]}
      />
    </Card>
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
  const list = useListPage({ name: 'alerts', filter: alertFilter, load: listAlerts, pollMs: POLL_MS });
  const { filter } = list;
  const [acking, setAcking] = useState<AlertView | null>(null);
  const set = (name: string, value: string | null | undefined) => list.setFilter({ [name]: value });

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
    { key: 'unit', title: t('alerts.colUnit'), render: (_, a) => a.orgUnitName ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text> },
    { key: 'records', title: t('alerts.colRecords'), width: 220, render: (_, a) => <AlertRecords records={a.records} limit={3} /> },
    {
      key: 'status',
      title: t('alerts.colStatus'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <AlertStatusTag status={a.status} />
          {a.acknowledgedBy && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('alerts.ackBy', { name: a.acknowledgedBy })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { key: 'fired', title: t('alerts.colFired'), render: (_, a) => <RelativeTime iso={a.firstFiredAt} /> },
    {
      key: 'actions',
      title: '',
      render: (_, a) =>
        a.status === 'open' && (
          <Button size="small" onClick={() => setAcking(a)} data-testid="alert-ack">
            {t('alerts.acknowledge')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <FilterBar testId="alert-filters">
        <Col xs={12} md={6} xl={4}>
          <FilterSelect<AlertStatus>
            placeholder={t('alerts.filterStatus')}
            value={filter.status}
            onChange={(v) => set('status', v)}
            values={ALERT_STATUSES}
            labels="alerts.status"
            testId="filter-status"
          />
        </Col>
        <Col xs={12} md={6} xl={5}>
          <FilterSelect<FiredAlertKind>
            placeholder={t('alerts.filterKind')}
            value={filter.kind}
            onChange={(v) => set('kind', v)}
            values={FIRED_ALERT_KINDS}
            labels="alerts.kind"
            testId="filter-kind"
          />
        </Col>
        <Col xs={12} md={6} xl={4}>
          <FilterSelect<Severity>
            placeholder={t('alerts.filterSeverity')}
            value={filter.severity}
            onChange={(v) => set('severity', v)}
            values={ALERT_SEVERITIES}
            labels="severity"
            testId="filter-severity"
          />
        </Col>
        <Col xs={12} md={6} xl={6}>
          <UnitFilter value={filter.orgUnitId} onChange={(v) => set('orgUnitId', v)} placeholder={t('alerts.filterUnit')} />
        </Col>
        <Col xs={24} xl={5} style={{ textAlign: 'right' }}>
          <RefreshButton onRefresh={list.refresh} testId="alerts-refresh" />
        </Col>
      </FilterBar>
      <ListTable<AlertView>
        list={list}
        errorTestId="alerts-error"
        data-testid="alerts-table"
        columns={columns}
        onRow={(a) => ({ ...testId(`alert-row-${a.id}`), 'data-kind': a.kind, 'data-status': a.status, 'data-rule': a.ruleId }) as never}
        locale={{ emptyText: t('alerts.empty') }}
        scroll={{ x: 1100 }}
        showTotal={(n) => t('alerts.listTotal', { count: n })}
      />
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
    </>
  );
}
