import { Button, Col, Space, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { INCIDENT_KINDS, INCIDENT_STATUSES, listIncidents, type IncidentFilter, type IncidentSummary } from '../../shared/api';
import { absoluteTime } from '../../shared/format';
import { ListPageCard } from '../../shared/components/ListPageCard';
import { FilterSelect, RefreshButton, UnitFilter } from '../../shared/components/ListFilters';
import { StrongLink } from '../../shared/components/Cells';
import { pick, useListPage } from '../../shared/useListPage';
import { testId } from '../../shared/testIds';
import { navigate } from '../../router';
import { UUID_RE } from '../hazards/hazard';
import { IncidentClocks, IncidentKindTag, IncidentLevelTag, IncidentStatusTag } from './IncidentTags';
import { useCanWrite } from '../../shared/access';

const POLL_MS = 15_000;

const incidentFilter = (search: URLSearchParams): IncidentFilter => {
  const unit = search.get('unit');
  return {
    kind: pick(INCIDENT_KINDS, search.get('kind')),
    status: pick(INCIDENT_STATUSES, search.get('status')),
    orgUnitId: unit && UUID_RE.test(unit) ? unit : undefined,
  };
};

/** Incidents and near misses the user may see, latest first, filtered through the URL. */
export function IncidentListPage() {
  const { t, i18n } = useTranslation();
  const canWrite = useCanWrite();
  const list = useListPage({ name: 'incidents', filter: incidentFilter, load: listIncidents, pollMs: POLL_MS });
  const { filter } = list;

  const columns: TableColumnsType<IncidentSummary> = [
    { key: 'occurred', title: t('incidentList.colOccurred'), render: (_, i) => absoluteTime(i.occurredAt, i18n.language) },
    {
      key: 'title',
      title: t('incidentList.colTitle'),
      render: (_, i) => (
        <Space orientation="vertical" size={0}>
          <StrongLink to={`/incidents/${i.id}`} testId={`incident-link-${i.id}`}>
            {i.title}
          </StrongLink>
          <Typography.Text type="secondary">
            {i.location} · {i.orgUnitName}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'kind', title: t('incidentList.colKind'), render: (_, i) => <IncidentKindTag incident={i} /> },
    { key: 'category', title: t('incidentList.colCategory'), render: (_, i) => (i.category ? t(`incident.category.${i.category}`) : '—') },
    { key: 'level', title: t('incidentList.colLevel'), render: (_, i) => <IncidentLevelTag level={i.level} /> },
    { key: 'status', title: t('incidentList.colStatus'), render: (_, i) => <IncidentStatusTag status={i.status} /> },
    { key: 'clocks', title: t('incidentList.colClocks'), render: (_, i) => <IncidentClocks incident={i} /> },
  ];

  return (
    <ListPageCard<IncidentSummary>
      title={t('incidentList.title')}
      testId="incident-list"
      actions={
        <>
          <Button onClick={() => navigate('/incidents/receipt')} data-testid="incident-receipt-button">
            {t('incidentList.receipt')}
          </Button>
          {canWrite && (
            <Button type="primary" danger onClick={() => navigate('/incidents/new')} data-testid="incident-report-button">
              {t('incidentList.report')}
            </Button>
          )}
        </>
      }
      filtersTestId="incident-filters"
      filters={
        <>
          <Col xs={24} sm={8} md={6}>
            <FilterSelect
              placeholder={t('incidentList.kind')}
              value={filter.kind}
              onChange={(v) => list.setFilter({ kind: v })}
              testId="filter-kind"
              values={INCIDENT_KINDS}
              labels="incident.kind"
            />
          </Col>
          <Col xs={24} sm={8} md={6}>
            <FilterSelect
              placeholder={t('incidentList.status')}
              value={filter.status}
              onChange={(v) => list.setFilter({ status: v })}
              testId="filter-status"
              values={INCIDENT_STATUSES}
              labels="incident.status"
            />
          </Col>
          <Col xs={24} sm={8} md={6}>
            <UnitFilter value={filter.orgUnitId} onChange={(v) => list.setFilter({ unit: v })} placeholder={t('incidentList.unit')} />
          </Col>
          <Col>
            <RefreshButton onRefresh={list.refresh} testId="incident-refresh" />
          </Col>
        </>
      }
      list={list}
      ids={{ error: 'incident-list-error' }}
      texts={{ empty: 'incidentList.empty', total: 'incidentList.total' }}
      columns={columns}
      onRow={(i) => testId(`incident-row-${i.id}`)}
      scroll={{ x: 'max-content' }}
    />
  );
}
