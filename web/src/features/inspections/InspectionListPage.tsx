import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Space, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listInspections, type InspectionFilter, type InspectionSummary } from '../../shared/api';
import { DayRangeFilter } from '../../shared/components/DayRangeFilter';
import { ImportFileButton } from '../../shared/components/ImportFileButton';
import { InspectionFormModal } from './InspectionFormModal';
import { InspectionScore } from '../../shared/components/OperationsTags';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { UUID_RE } from '../hazards/hazard';
import { ListTable } from '../../shared/components/ListTable';
import { matching, unitAndDays, useListPage } from '../../shared/useListPage';
import { inspectionPath } from '../../shared/operations';
import { INSPECTOR_ROLES, TEMPLATE_WRITER_ROLES } from '../../routes';
import { Link, navigate, setSearchParams, useLocation } from '../../router';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { TemplatesTab, useInspectionTemplates } from './InspectionTemplatesTab';
import { TwoLines } from '../../shared/components/Cells';
import { FilterBar, FilterSelect, RefreshButton, UnitFilter } from '../../shared/components/ListFilters';

const POLL_MS = 30_000;

/**
 * Inspections (安全检查): recorded inspections filtered by unit, template and days (in the URL),
 * each with its 0–100 score (red below 80); "Record inspection" and the CSV / xlsx import for the
 * safety hub and department heads; the checklist templates for the safety hub.
 */
export function InspectionListPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { search } = useLocation();
  const canRecord = hasRole(user, ...INSPECTOR_ROLES);
  const canEditTemplates = hasRole(user, ...TEMPLATE_WRITER_ROLES);
  const tab = canEditTemplates && search.get('tab') === 'templates' ? 'templates' : 'inspections';
  const [recording, setRecording] = useState(false);
  const queryClient = useQueryClient();

  return (
    <Card
      title={t('inspections.title')}
      data-testid="inspections"
      extra={
        canRecord && (
          <Space wrap>
            <ImportFileButton
              path="/api/inspections/import"
              title={t('inspections.importTitle')}
              columns="template, orgUnitCode, date, item, score, total, inspector, remark"
              onImported={() => void queryClient.invalidateQueries({ queryKey: ['inspections'] })}
              testIdPrefix="inspections"
            />
            <Button type="primary" onClick={() => setRecording(true)} data-testid="inspection-record">
              {t('inspections.recordButton')}
            </Button>
          </Space>
        )
      }
    >
      {canEditTemplates ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => setSearchParams({ tab: k === 'templates' ? 'templates' : null, page: null })}
          items={[
            {
              key: 'inspections',
              label: <span data-testid="inspections-tab-list">{t('inspections.tabList')}</span>,
              children: tab === 'inspections' ? <InspectionsTable /> : null,
            },
            {
              key: 'templates',
              label: <span data-testid="inspections-tab-templates">{t('inspections.tabTemplates')}</span>,
              children: tab === 'templates' ? <TemplatesTab /> : null,
            },
          ]}
        />
      ) : (
        <InspectionsTable />
      )}
      {recording && <InspectionFormModal onClose={() => setRecording(false)} onSaved={(d) => navigate(inspectionPath(d.id))} />}
    </Card>
  );
}

const inspectionFilter = (search: URLSearchParams): InspectionFilter => ({ ...unitAndDays(search), templateId: matching(search, 'templateId', UUID_RE) });

function InspectionsTable() {
  const { t, i18n } = useTranslation();
  const list = useListPage({ name: 'inspections', filter: inspectionFilter, load: listInspections, pollMs: POLL_MS });
  const { filter } = list;
  // For the filter; without them it lists no templates (the table reports errors).
  const templates = useInspectionTemplates(false).data ?? [];
  const set = (name: string, value: string | null | undefined) => list.setFilter({ [name]: value });
  const day = (d: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));

  const columns: TableColumnsType<InspectionSummary> = [
    {
      key: 'date',
      title: t('inspections.colDate'),
      width: 130,
      render: (_, x) => (
        <Link to={inspectionPath(x.id)} data-testid={`inspection-link-${x.id}`}>
          {day(x.inspectedOn)}
        </Link>
      ),
    },
    {
      key: 'template',
      title: t('inspections.colTemplate'),
      render: (_, x) => <TwoLines main={x.templateName} sub={x.templateCode} />,
    },
    { key: 'unit', title: t('inspections.colUnit'), dataIndex: 'orgUnitName' },
    {
      key: 'score',
      title: t('inspections.colScore'),
      align: 'right',
      render: (_, x) => (
        <Space size={4}>
          {x.mode === 'total' && <Tag>{t('inspections.totalOnly')}</Tag>}
          <InspectionScore score={x.score} />
        </Space>
      ),
    },
    {
      key: 'inspector',
      title: t('inspections.colInspector'),
      render: (_, x) => x.inspectorName ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
    {
      key: 'recorded',
      title: t('inspections.colRecorded'),
      render: (_, x) => (
        <TwoLines
          main={<RelativeTime iso={x.updatedAt} />}
          sub={
            <>
              {x.recordedBy}
              {x.revision > 1 && ` · ${t('inspections.revision', { n: x.revision })}`}
            </>
          }
        />
      ),
    },
  ];

  return (
    <>
      <FilterBar testId="inspection-filters">
        <Col xs={24} md={8} xl={6}>
          <UnitFilter value={filter.orgUnitId} onChange={(v) => set('orgUnitId', v)} placeholder={t('inspections.filterUnit')} />
        </Col>
        <Col xs={24} md={8} xl={6}>
          <FilterSelect<string>
            placeholder={t('inspections.filterTemplate')}
            value={filter.templateId}
            onChange={(v) => set('templateId', v)}
            options={templates.map((x) => ({ value: x.id, label: x.name }))}
            testId="filter-template"
          />
        </Col>
        <Col xs={24} md={8} xl={8}>
          <DayRangeFilter from={filter.from} to={filter.to} onChange={set} />
        </Col>
        <Col xs={24} xl={4} style={{ textAlign: 'right' }}>
          <RefreshButton onRefresh={list.refresh} testId="inspections-refresh" />
        </Col>
      </FilterBar>
      <ListTable<InspectionSummary>
        list={list}
        errorTestId="inspections-error"
        data-testid="inspections-table"
        columns={columns}
        onRow={(x) => ({ ...testId(`inspection-row-${x.id}`), 'data-score': x.score }) as never}
        locale={{ emptyText: t('inspections.empty') }}
        scroll={{ x: 900 }}
        showTotal={(n) => t('inspections.listTotal', { count: n })}
      />
    </>
  );
}
