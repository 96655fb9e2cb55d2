import { useQueryClient } from '@tanstack/react-query';
import { Button, Space, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listInspections, type InspectionFilter, type InspectionSummary } from '../../shared/api';
import { DayRangeFilter } from '../../shared/components/DayRangeFilter';
import { ImportFileButton } from '../../shared/components/ImportFileButton';
import { InspectionFormModal } from './InspectionFormModal';
import { InspectionScore } from '../../shared/components/OperationsTags';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { UUID_RE } from '../hazards/hazard';
import { ListView, PageCard } from '../../shared/components/ListPageCard';
import { matching, unitAndDays, useListPage } from '../../shared/useListPage';
import { inspectionPath } from '../../shared/operations';
import { INSPECTOR_ROLES, TEMPLATE_WRITER_ROLES } from '../../routes';
import { Link, navigate } from '../../router';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { TemplatesTab, useInspectionTemplates } from './InspectionTemplatesTab';
import { UrlTabs } from '../../shared/components/UrlTabs';
import { None, TwoLines } from '../../shared/components/Cells';
import { FilterSelect, RefreshButton, UnitFilter } from '../../shared/components/ListFilters';

const POLL_MS = 30_000;

/**
 * Inspections (安全检查): recorded inspections filtered by unit, template and days (in the URL),
 * each with its 0–100 score (red below 80); "Record inspection" and the CSV / xlsx import for the
 * safety hub and department heads; the checklist templates for the safety hub.
 */
export function InspectionListPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const canRecord = hasRole(user, ...INSPECTOR_ROLES);
  const canEditTemplates = hasRole(user, ...TEMPLATE_WRITER_ROLES);
  const [recording, setRecording] = useState(false);
  const queryClient = useQueryClient();

  return (
    <PageCard
      title={t('inspections.title')}
      testId="inspections"
      actions={
        canRecord && (
          <>
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
          </>
        )
      }
    >
      {canEditTemplates ? (
        <UrlTabs
          items={[
            { key: 'inspections', label: t('inspections.tabList'), testId: 'inspections-tab-list', children: <InspectionsTable /> },
            { key: 'templates', label: t('inspections.tabTemplates'), testId: 'inspections-tab-templates', children: <TemplatesTab /> },
          ]}
        />
      ) : (
        <InspectionsTable />
      )}
      {recording && <InspectionFormModal onClose={() => setRecording(false)} onSaved={(d) => navigate(inspectionPath(d.id))} />}
    </PageCard>
  );
}

const inspectionFilter = (search: URLSearchParams): InspectionFilter => ({ ...unitAndDays(search), templateId: matching(search, 'templateId', UUID_RE) });

function InspectionsTable() {
  const { t, i18n } = useTranslation();
  const list = useListPage({ name: 'inspections', filter: inspectionFilter, load: listInspections, pollMs: POLL_MS });
  const { filter } = list;
  // For the filter; without them it lists no templates (the table reports errors).
  const templates = useInspectionTemplates(false).data ?? [];
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
      render: (_, x) => x.inspectorName ?? <None />,
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
    <ListView<InspectionSummary>
      filtersTestId="inspection-filters"
      filters={
        <>
          <UnitFilter field={list.field('orgUnitId')} span={[24, 8, 6]} placeholder={t('inspections.filterUnit')} />
          <FilterSelect
            field={list.field('templateId')}
            span={[24, 8, 6]}
            options={templates.map((x) => ({ value: x.id, label: x.name }))}
            placeholder={t('inspections.filterTemplate')}
            testId="filter-template"
          />
          <DayRangeFilter span={[24, 8, 8]} from={filter.from} to={filter.to} onChange={list.set} />
          <RefreshButton onRefresh={list.refresh} testId="inspections-refresh" span={4} />
        </>
      }
      list={list}
      ids="inspections"
      texts={{ empty: 'inspections.empty', total: 'inspections.listTotal' }}
      columns={columns}
      onRow={(x) => testId(`inspection-row-${x.id}`, { score: x.score })}
      scroll={{ x: 900 }}
    />
  );
}
