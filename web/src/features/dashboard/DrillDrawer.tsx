import { Alert, Drawer, Grid, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchDashboardDrill, type DrillItem } from '../../shared/api';
import { drillLinks, expectedCount, formatNumber, type DrillRequest } from './dashboard';
import { absoluteTime } from '../../shared/format';
import { usePolledQuery } from '../../shared/query';
import { useLabel } from '../../i18n';
import { Link } from '../../router';
import { testId } from '../../shared/testIds';
import { useFigureText } from './useFigureText';

const PAGE_SIZE = 20;
const TYPE_COLORS: Record<string, string> = { hazard: 'orange', task: 'blue', emergency: 'red', incident: 'volcano', fact: 'purple', person: 'cyan' };
/** Where a record type's status values are translated. */
const STATUS_KEYS: Record<string, string> = { hazard: 'hazard.status', emergency: 'emergency.status', task: 'taskStatus' };

/**
 * The records behind a dashboard figure (`/api/dashboard/drill`), a page at a time, each linked to
 * its page (hazards, emergencies; tasks: their process's audit history). The count is checked
 * against the figure clicked: it is its numerator or denominator (a mean's records: its
 * denominator, and their values add up to its numerator). Ratios switch between the two parts.
 */
export function DrillDrawer({ request, onClose }: { request: DrillRequest | null; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  // The last figure stays on screen while the drawer slides away.
  const [last, setLast] = useState<DrillRequest | null>(null);
  useEffect(() => {
    if (request) setLast(request);
  }, [request]);
  const r = request ?? last;
  return (
    <Drawer
      open={!!request}
      onClose={onClose}
      size={screens.lg ? 1000 : '100%'}
      title={r ? `${r.title} · ${t('dashboard.drill.title')}` : t('dashboard.drill.title')}
      destroyOnHidden
      data-testid="drill-drawer"
    >
      {/* A new figure starts over (part, page). */}
      {r && <DrillBody key={requestId(r)} request={r} />}
    </Drawer>
  );
}

const requestIds = new WeakMap<DrillRequest, number>();
let lastRequestId = 0;
function requestId(r: DrillRequest): number {
  let id = requestIds.get(r);
  if (id === undefined) requestIds.set(r, (id = ++lastRequestId));
  return id;
}

function DrillBody({ request }: { request: DrillRequest }) {
  const { t, i18n } = useTranslation();
  const f = useFigureText();
  const label = useLabel();
  const [part, setPart] = useState<'numerator' | 'denominator'>(request.filter.part ?? 'numerator');
  const [page, setPage] = useState(1);
  const params = {
    from: request.from,
    to: request.to,
    orgUnitId: request.orgUnitId,
    ...request.filter,
    ...(request.kind === 'cell' ? {} : { part }),
    page,
    pageSize: PAGE_SIZE,
  };
  const drill = usePolledQuery(['dashboard-drill', params], () => fetchDashboardDrill(params), false);
  const data = drill.data ?? null;
  const error = drill.errorText;
  const kind = request.kind;
  const expected = kind === 'cell' ? { part: 'cell' as const, value: request.figure.numerator } : expectedCount(kind, part, request.figure);
  const switchable = (kind === 'ratio' || kind === 'per100') && request.figure.denominator !== null;
  const valueUnit = kind === 'mean' || request.filter.kpi === 'handoffs' ? request.unit : null;
  const showCounted = kind === 'ratio' && part === 'denominator' && !!data?.items.some((i) => i.inNumerator !== null);
  const sum = kind === 'mean' && data && data.total <= data.items.length ? data.items.reduce((s, i) => s + (i.value ?? 0), 0) : null;
  const partName = t(`dashboard.drill.part.${expected.part}`);

  const columns: TableColumnsType<DrillItem> = [
    {
      key: 'record',
      title: t('dashboard.drill.col.record'),
      width: 300,
      render: (_, i) => <RecordCell item={i} />,
    },
    { key: 'when', title: t('dashboard.drill.col.when'), width: 170, render: (_, i) => (i.at ? absoluteTime(i.at, i18n.language) : t('common.none')) },
    {
      key: 'department',
      title: t('dashboard.drill.col.department'),
      width: 170,
      render: (_, i) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{i.departmentName ?? t('common.none')}</Typography.Text>
          {i.orgUnitName && i.orgUnitName !== i.departmentName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {i.orgUnitName}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { key: 'person', title: t('dashboard.drill.col.person'), width: 150, render: (_, i) => i.personName ?? t('common.none') },
    {
      key: 'status',
      title: t('dashboard.drill.col.status'),
      width: 130,
      render: (_, i) => (i.status ? label(STATUS_KEYS[i.type] ? `${STATUS_KEYS[i.type]}.${i.status}` : [], i.status.replace(/_/g, ' ')) : t('common.none')),
    },
    ...(valueUnit
      ? [
          {
            key: 'value',
            title: t('dashboard.drill.col.value'),
            width: 110,
            render: (_: unknown, i: DrillItem) => <span data-testid="drill-value">{i.value === null ? t('common.none') : f.value(i.value, valueUnit)}</span>,
          },
        ]
      : []),
    ...(showCounted
      ? [
          {
            key: 'counted',
            title: t('dashboard.drill.col.counted'),
            width: 130,
            render: (_: unknown, i: DrillItem) =>
              i.inNumerator ? <Tag color="green">{t('dashboard.drill.counted')}</Tag> : <Tag>{t('dashboard.drill.notCounted')}</Tag>,
          },
        ]
      : []),
  ];

  return (
    <Space
      orientation="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="drill"
      data-kpi={request.filter.kpi}
      data-part={kind === 'cell' ? 'cell' : part}
    >
      {request.context.length > 0 && (
        <Space wrap data-testid="drill-context">
          {request.context.map((c) => (
            <Tag key={c} color="geekblue">
              {c}
            </Tag>
          ))}
        </Space>
      )}
      {switchable && (
        <Segmented<'numerator' | 'denominator'>
          value={part}
          onChange={(p) => {
            setPart(p);
            setPage(1);
          }}
          options={[
            {
              value: 'numerator',
              label: (
                <span data-testid="drill-part-numerator">{`${t('dashboard.drill.numerator')} (${formatNumber(request.figure.numerator, i18n.language, 0)})`}</span>
              ),
            },
            {
              value: 'denominator',
              label: (
                <span data-testid="drill-part-denominator">{`${t('dashboard.drill.denominator')} (${formatNumber(request.figure.denominator ?? 0, i18n.language, 0)})`}</span>
              ),
            },
          ]}
        />
      )}
      {error && <Alert type="error" showIcon title={error} data-testid="drill-error" />}
      {data && (
        <Alert
          type={data.total === expected.value ? 'success' : 'warning'}
          showIcon
          data-testid="drill-summary"
          data-total={data.total}
          data-expected={expected.value}
          title={t(data.total === expected.value ? 'dashboard.drill.equals' : 'dashboard.drill.differs', {
            count: data.total,
            part: partName,
            expected: formatNumber(expected.value, i18n.language, 0),
          })}
          description={
            sum !== null && request.unit ? (
              <span data-testid="drill-sum">
                {t('dashboard.drill.sum', { sum: f.value(sum, request.unit), expected: f.value(request.figure.numerator, request.unit) })}
              </span>
            ) : undefined
          }
        />
      )}
      <Table<DrillItem>
        rowKey={(i) => `${i.type}:${i.id}`}
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={!data && !error}
        onRow={(i) =>
          ({ ...testId(`drill-row-${i.id}`), 'data-type': i.type, 'data-in-numerator': i.inNumerator === null ? '' : String(i.inNumerator) }) as never
        }
        locale={{ emptyText: t('dashboard.drill.empty') }}
        scroll={{ x: 900 }}
        data-testid="drill-table"
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (n) => t('dashboard.drill.total', { count: n }),
          onChange: setPage,
        }}
      />
    </Space>
  );
}

/** A record: its title linked to its page, its type, a line of details and its process's other pages. */
function RecordCell({ item }: { item: DrillItem }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const f = useFigureText();
  const links = drillLinks(item);
  const title = item.type === 'fact' ? label(`dashboard.drill.fact.${item.title.replace(/\./g, '_')}`, item.title) : item.title;
  const x = item.fields;
  const details: string[] = [];
  if (item.type === 'hazard') {
    if (typeof x.category === 'string') details.push(f.heatColumn('category', x.category));
    details.push(typeof x.riskLevel === 'string' ? f.heatColumn('riskLevel', x.riskLevel) : t('hazard.ungraded'));
    if (typeof x.area === 'string') details.push(x.area);
  } else if (item.type === 'task') {
    if (typeof x.fromDepartmentName === 'string') details.push(t('dashboard.drill.handedBy', { name: x.fromDepartmentName }));
    if (typeof x.dueAt === 'string') details.push(t('dashboard.drill.due', { time: absoluteTime(x.dueAt, i18n.language) }));
  } else if (item.type === 'fact' && typeof x.value === 'number')
    details.push(t('dashboard.drill.factValue', { value: formatNumber(x.value, i18n.language, 2) }));
  const shownTitle =
    item.type === 'emergency' && typeof x.type === 'string' ? `${label(`emergency.type.${x.type}`, x.type)} — ${String(x.location ?? '')}` : title;
  return (
    <Space orientation="vertical" size={0}>
      <Space size={6} wrap>
        <Tag color={TYPE_COLORS[item.type] ?? 'default'}>{t(`dashboard.drill.type.${item.type}`)}</Tag>
        {links.open ? (
          <Link to={links.open} data-testid="drill-link">
            {shownTitle}
          </Link>
        ) : (
          <Typography.Text data-testid="drill-link">{shownTitle}</Typography.Text>
        )}
      </Space>
      {details.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {details.join(' · ')}
        </Typography.Text>
      )}
      {(links.history || links.process) && (
        <Space size={12}>
          {links.process && (
            <Link to={links.process} data-testid="drill-process">
              {t('dashboard.drill.process')}
            </Link>
          )}
          {links.history && (
            <Link to={links.history} data-testid="drill-history">
              {t('dashboard.drill.history')}
            </Link>
          )}
        </Space>
      )}
    </Space>
  );
}
