import { Button, Card, Col, Input, Row, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listInspections, listInspectionTemplates, type InspectionFilter, type InspectionSummary, type InspectionTemplate, type Page } from '../../shared/api';
import { ImportFileButton } from '../../shared/components/ImportFileButton';
import { InspectionFormModal } from './InspectionFormModal';
import { InspectionScore } from '../../shared/components/OperationsTags';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { UUID_RE } from '../hazards/hazard';
import { useErrorText, usePolling } from '../../shared/hooks';
import { DAY_RE, inspectionPath } from '../../shared/operations';
import { INSPECTOR_ROLES, TEMPLATE_WRITER_ROLES } from '../../routes';
import { Link, navigate, setSearchParams, useLocation } from '../../router';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { TemplatesTab } from './InspectionTemplatesTab';

const PAGE_SIZE = 25;
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
  const [reload, setReload] = useState(0);

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
              onImported={() => setReload((n) => n + 1)}
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
              children: tab === 'inspections' ? <InspectionsTable reload={reload} /> : null,
            },
            {
              key: 'templates',
              label: <span data-testid="inspections-tab-templates">{t('inspections.tabTemplates')}</span>,
              children: tab === 'templates' ? <TemplatesTab /> : null,
            },
          ]}
        />
      ) : (
        <InspectionsTable reload={reload} />
      )}
      {recording && <InspectionFormModal onClose={() => setRecording(false)} onSaved={(d) => navigate(inspectionPath(d.id))} />}
    </Card>
  );
}

function InspectionsTable({ reload }: { reload: number }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { search } = useLocation();
  const orgUnitId = search.get('orgUnitId');
  const templateId = search.get('templateId');
  const from = search.get('from');
  const to = search.get('to');
  const page = Math.max(1, Number(search.get('page')) || 1);
  const filter: InspectionFilter = {
    orgUnitId: orgUnitId && UUID_RE.test(orgUnitId) ? orgUnitId : undefined,
    templateId: templateId && UUID_RE.test(templateId) ? templateId : undefined,
    from: from && DAY_RE.test(from) ? from : undefined,
    to: to && DAY_RE.test(to) ? to : undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const key = JSON.stringify(filter);
  const [loaded, setLoaded] = useState<{ key: string; result: Page<InspectionSummary> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [templates, setTemplates] = useState<InspectionTemplate[]>([]);
  const request = useRef(0);
  const data = loaded?.key === key ? loaded.result : null;

  useEffect(() => {
    let live = true;
    listInspectionTemplates().then(
      (r) => live && setTemplates(r.items),
      () => undefined, // the filter then lists no templates; the table reports errors
    );
    return () => {
      live = false;
    };
  }, []);

  const load = async () => {
    const mine = ++request.current;
    try {
      const result = await listInspections(filter);
      if (mine !== request.current) return;
      setLoaded({ key, result });
      setError(null);
    } catch (err) {
      if (mine === request.current) setError(errorText(err));
    }
  };
  usePolling(load, POLL_MS, [key, reload]);

  const set = (name: string, value: string | null | undefined) => setSearchParams({ [name]: value || null, page: null });
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
      render: (_, x) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{x.templateName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {x.templateCode}
          </Typography.Text>
        </Space>
      ),
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
        <Space orientation="vertical" size={0}>
          <RelativeTime iso={x.updatedAt} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {x.recordedBy}
            {x.revision > 1 && ` · ${t('inspections.revision', { n: x.revision })}`}
          </Typography.Text>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Row gutter={[8, 8]} style={{ marginBottom: 16 }} data-testid="inspection-filters">
        <Col xs={24} md={8} xl={6}>
          <OrgUnitSelect
            allowClear
            value={filter.orgUnitId}
            onChange={(v) => set('orgUnitId', v)}
            placeholder={t('inspections.filterUnit')}
            testId="filter-unit"
          />
        </Col>
        <Col xs={24} md={8} xl={6}>
          <Select<string>
            allowClear
            style={{ width: '100%' }}
            placeholder={t('inspections.filterTemplate')}
            value={filter.templateId}
            onChange={(v) => set('templateId', v)}
            options={templates.map((x) => ({ value: x.id, label: x.name }))}
            data-testid="filter-template"
          />
        </Col>
        <Col xs={24} md={8} xl={8}>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              type="date"
              prefix={t('hazardList.from')}
              aria-label={t('hazardList.from')}
              value={filter.from ?? ''}
              max={filter.to}
              onChange={(e) => set('from', e.target.value)}
              data-testid="filter-from"
            />
            <Input
              type="date"
              prefix={t('hazardList.to')}
              aria-label={t('hazardList.to')}
              value={filter.to ?? ''}
              min={filter.from}
              onChange={(e) => set('to', e.target.value)}
              data-testid="filter-to"
            />
          </Space.Compact>
        </Col>
        <Col xs={24} xl={4} style={{ textAlign: 'right' }}>
          <Button onClick={() => void load()} data-testid="inspections-refresh">
            {t('common.refresh')}
          </Button>
        </Col>
      </Row>
      {error && (
        <Typography.Paragraph type="danger" data-testid="inspections-error">
          {error}
        </Typography.Paragraph>
      )}
      <Table<InspectionSummary>
        rowKey="id"
        size="middle"
        data-testid="inspections-table"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={!data && !error}
        onRow={(x) => ({ ...testId(`inspection-row-${x.id}`), 'data-score': x.score }) as never}
        locale={{ emptyText: t('inspections.empty') }}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (n) => t('inspections.listTotal', { count: n }),
          onChange: (p) => setSearchParams({ page: p === 1 ? null : String(p) }),
        }}
      />
    </>
  );
}
