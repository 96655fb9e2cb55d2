import { Button, Card, Col, Switch, Space, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { absoluteTime } from '../../shared/format';
import { ListTable } from '../../shared/components/ListTable';
import { FilterBar, FilterSelect, RefreshButton } from '../../shared/components/ListFilters';
import { TitleCell } from '../../shared/components/Cells';
import { pick, useListPage } from '../../shared/useListPage';
import { testId } from '../../shared/testIds';
import { navigate } from '../../router';
import { listPermits, PERMIT_STATUSES, PERMIT_TYPES, type PermitFilter, type PermitSummary } from './api';
import { PermitClock, PermitKindTag, PermitStatusTag } from './PermitTags';
import { useCanWrite } from '../../shared/access';

const POLL_MS = 15_000;

const permitFilter = (search: URLSearchParams): PermitFilter => ({
  type: pick(PERMIT_TYPES, search.get('type')),
  status: pick(PERMIT_STATUSES, search.get('status')),
  active: search.get('active') === 'true' ? 'true' : undefined,
});

/** Permits the user may see, latest window first, filtered by type, status and running only through the URL. */
export function PermitListPage() {
  const { t, i18n } = useTranslation();
  const canWrite = useCanWrite();
  const list = useListPage({ name: 'permits', filter: permitFilter, load: listPermits, pollMs: POLL_MS });
  const { filter } = list;

  const columns: TableColumnsType<PermitSummary> = [
    {
      key: 'permit',
      title: t('permitList.colNumber'),
      render: (_, p) => (
        <TitleCell to={`/permits/${p.id}`} testId={`permit-link-${p.id}`} title={p.number} tags={<PermitKindTag permit={p} />} sub={p.workContent} />
      ),
    },
    { key: 'status', title: t('permitList.colStatus'), render: (_, p) => <PermitStatusTag status={p.status} /> },
    { key: 'clock', title: t('permitList.colClock'), render: (_, p) => <PermitClock clock={p.nextClock} /> },
    { key: 'area', title: t('permitList.colArea'), render: (_, p) => p.areaName },
    {
      key: 'window',
      title: t('permitList.colWindow'),
      render: (_, p) => `${absoluteTime(p.windowFrom, i18n.language)} – ${absoluteTime(p.windowTo, i18n.language)}`,
    },
  ];

  return (
    <Card
      title={t('permitList.title')}
      data-testid="permit-list"
      extra={
        canWrite && (
          <Button type="primary" onClick={() => navigate('/permits/new')} data-testid="permit-request-button">
            {t('permitList.request')}
          </Button>
        )
      }
    >
      <FilterBar testId="permit-filters">
        <Col xs={24} sm={8} md={6}>
          <FilterSelect
            placeholder={t('permitList.type')}
            value={filter.type}
            onChange={(v) => list.setFilter({ type: v })}
            testId="filter-type"
            values={PERMIT_TYPES}
            labels="permit.type"
          />
        </Col>
        <Col xs={24} sm={8} md={6}>
          <FilterSelect
            placeholder={t('permitList.status')}
            value={filter.status}
            onChange={(v) => list.setFilter({ status: v })}
            testId="filter-status"
            values={PERMIT_STATUSES}
            labels="permit.status"
          />
        </Col>
        <Col>
          <Space>
            <Switch checked={filter.active === 'true'} onChange={(on) => list.setFilter({ active: on ? 'true' : null })} data-testid="filter-active" />
            {t('permitList.active')}
          </Space>
        </Col>
        <Col>
          <RefreshButton onRefresh={list.refresh} testId="permit-refresh" />
        </Col>
      </FilterBar>
      <ListTable<PermitSummary>
        list={list}
        columns={columns}
        errorTestId="permit-list-error"
        onRow={(p) => testId(`permit-row-${p.id}`, { status: p.status })}
        locale={{ emptyText: t('permitList.empty') }}
        scroll={{ x: 'max-content' }}
        showTotal={(total) => t('permitList.total', { count: total })}
      />
    </Card>
  );
}
