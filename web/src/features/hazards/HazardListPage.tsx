import { Button, Card, Col, Input, Row, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  HAZARD_CATEGORIES,
  HAZARD_STATUSES,
  listHazards,
  type HazardCategory,
  type HazardFilter,
  type HazardSeverity,
  type HazardStatus,
  type HazardSummary,
  type Page,
} from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { HazardSeverityTag, HazardStatusTag, OverdueTag, RiskTag } from './HazardTags';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { OPEN_STATUSES } from './hazard';
import { useErrorText, usePolling } from '../../shared/hooks';
import { Link, navigate, setSearchParams, useLocation } from '../../router';
import { testId } from '../../shared/testIds';

const PAGE_SIZE = 25;
const POLL_MS = 15_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const pick = <T extends string>(values: readonly T[], v: string | null): T | undefined => values.find((x) => x === v);

/** A yyyy-mm-dd of the date inputs → the start (or end) of that local day in ISO. */
function dayBound(value: string | null, end: boolean): string | undefined {
  if (!value || !DATE.test(value)) return undefined;
  return new Date(`${value}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString();
}

/** All hazards the user may see, filtered through the URL so a filtered list can be shared. */
export function HazardListPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { search } = useLocation();
  const status = pick(HAZARD_STATUSES, search.get('status'));
  const severity = pick<HazardSeverity>(['general', 'major'], search.get('severity'));
  const category = pick(HAZARD_CATEGORIES, search.get('category'));
  const overdue = pick(['true', 'false'], search.get('overdue'));
  const area = search.get('area') ?? '';
  const from = search.get('from');
  const to = search.get('to');
  const page = Math.max(1, Number(search.get('page')) || 1);

  const filter: HazardFilter = {
    status,
    severity,
    category,
    overdue: overdue === undefined ? undefined : overdue === 'true',
    area: area.trim() || undefined,
    from: dayBound(from, false),
    to: dayBound(to, true),
    page,
    pageSize: PAGE_SIZE,
  };
  const key = JSON.stringify(filter);

  const [loaded, setLoaded] = useState<{ key: string; result: Page<HazardSummary> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [areaText, setAreaText] = useState(area);
  const request = useRef(0);
  const data = loaded?.key === key ? loaded.result : null;

  const load = async () => {
    const mine = ++request.current;
    try {
      const result = await listHazards(filter);
      if (mine !== request.current) return;
      setLoaded({ key, result });
      setError(null);
    } catch (err) {
      if (mine === request.current) setError(errorText(err));
    }
  };
  usePolling(load, POLL_MS, [key]);

  const set = (name: string, value: string | null | undefined) => setSearchParams({ [name]: value || null, page: null });

  const columns: TableColumnsType<HazardSummary> = [
    {
      key: 'title',
      title: t('hazardList.colTitle'),
      width: 260,
      render: (_, h) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/hazards/${h.id}`} data-testid={`hazard-link-${h.id}`}>
            <Typography.Text strong style={{ color: 'inherit' }}>
              {h.title}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary">
            {t(`hazard.category.${h.category}`)} · {h.area}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'status', title: t('hazardList.colStatus'), render: (_, h) => <HazardStatusTag status={h.status} /> },
    {
      key: 'risk',
      title: t('hazardList.colRisk'),
      render: (_, h) => (
        <Space size={4} wrap>
          <HazardSeverityTag severity={h.severity} />
          <RiskTag level={h.riskLevel} score={h.riskScore} />
        </Space>
      ),
    },
    {
      key: 'responsible',
      title: t('hazardList.colResponsible'),
      render: (_, h) => h.responsibleOrgUnitName ?? <Typography.Text type="secondary">{t('hazard.notAssigned')}</Typography.Text>,
    },
    {
      key: 'due',
      title: t('hazardList.colDue'),
      minWidth: 150,
      sorter: (a, b) => (a.dueAt ? Date.parse(a.dueAt) : Infinity) - (b.dueAt ? Date.parse(b.dueAt) : Infinity),
      render: (_, h) =>
        OPEN_STATUSES.includes(h.status) ? (
          <Space size={4} wrap>
            {h.dueAt ? (
              <DueCell task={{ dueAt: h.dueAt, overdue: h.overdue, status: 'open' }} />
            ) : (
              <Typography.Text type="secondary">{t('inbox.noDueDate')}</Typography.Text>
            )}
            {h.overdue && h.overdueDays > 0 && <OverdueTag days={h.overdueDays} />}
          </Space>
        ) : (
          <Typography.Text type="secondary">{h.closedAt ? <RelativeTime iso={h.closedAt} /> : t('common.none')}</Typography.Text>
        ),
    },
    { key: 'unit', title: t('hazardList.colFound'), render: (_, h) => h.orgUnitName },
    {
      key: 'reported',
      title: t('hazardList.colReported'),
      sorter: (a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt),
      render: (_, h) => (
        <Space orientation="vertical" size={0}>
          <RelativeTime iso={h.reportedAt} />
          <Typography.Text type="secondary">{h.reporter}</Typography.Text>
        </Space>
      ),
    },
  ];

  const opt = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as never) }));
  const filterStyle = { width: '100%' };

  return (
    <Card
      title={t('hazardList.title')}
      extra={
        <Space wrap>
          <Button onClick={() => void load()} data-testid="hazards-refresh">
            {t('common.refresh')}
          </Button>
          <Button type="primary" onClick={() => navigate('/hazards/new')} data-testid="hazards-report">
            {t('nav.hazardNew')}
          </Button>
        </Space>
      }
    >
      <Row gutter={[8, 8]} style={{ marginBottom: 16 }} data-testid="hazard-filters">
        <Col xs={12} md={6} xl={4}>
          <Select<HazardStatus>
            allowClear
            style={filterStyle}
            placeholder={t('hazardList.status')}
            value={status}
            onChange={(v) => set('status', v)}
            options={opt(HAZARD_STATUSES, 'hazard.status')}
            data-testid="filter-status"
          />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Select<HazardSeverity>
            allowClear
            style={filterStyle}
            placeholder={t('hazardList.severity')}
            value={severity}
            onChange={(v) => set('severity', v)}
            options={opt(['general', 'major'], 'hazard.severity')}
            data-testid="filter-severity"
          />
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Select<HazardCategory>
            allowClear
            style={filterStyle}
            placeholder={t('hazardList.category')}
            value={category}
            onChange={(v) => set('category', v)}
            options={opt(HAZARD_CATEGORIES, 'hazard.category')}
            data-testid="filter-category"
          />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Select<string>
            allowClear
            style={filterStyle}
            placeholder={t('hazardList.overdue')}
            value={overdue}
            onChange={(v) => set('overdue', v)}
            options={[
              { value: 'true', label: t('hazardList.overdueOnly') },
              { value: 'false', label: t('hazardList.notOverdue') },
            ]}
            data-testid="filter-overdue"
          />
        </Col>
        <Col xs={24} md={8} xl={4}>
          <Input.Search
            allowClear
            placeholder={t('hazardList.area')}
            value={areaText}
            onChange={(e) => setAreaText(e.target.value)}
            onSearch={(v) => set('area', v.trim())}
            data-testid="filter-area"
          />
        </Col>
        <Col xs={24} md={16} xl={6}>
          <Space.Compact style={filterStyle}>
            <Input
              type="date"
              prefix={t('hazardList.from')}
              aria-label={t('hazardList.from')}
              value={from ?? ''}
              max={to ?? undefined}
              onChange={(e) => set('from', e.target.value)}
              data-testid="filter-from"
            />
            <Input
              type="date"
              prefix={t('hazardList.to')}
              aria-label={t('hazardList.to')}
              value={to ?? ''}
              min={from ?? undefined}
              onChange={(e) => set('to', e.target.value)}
              data-testid="filter-to"
            />
          </Space.Compact>
        </Col>
      </Row>
      {error && (
        <Typography.Paragraph type="danger" data-testid="hazards-error">
          {error}
        </Typography.Paragraph>
      )}
      <Table<HazardSummary>
        rowKey="id"
        size="middle"
        data-testid="hazards-table"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={!data && !error}
        onRow={(h) => testId(`hazard-row-${h.id}`)}
        locale={{ emptyText: t('hazardList.empty') }}
        scroll={{ x: 1100 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => t('hazardList.total', { count: total }),
          onChange: (p) => setSearchParams({ page: p === 1 ? null : String(p) }),
        }}
      />
    </Card>
  );
}
