import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  cancelProcesses,
  deleteMonitorView,
  listMonitorViews,
  listProcesses,
  MONITOR_SORTS,
  PROCESS_TYPES,
  reassignProcesses,
  saveMonitorView,
  type BulkResult,
  type MonitorFilters,
  type MonitorItem,
  type MonitorPage as MonitorResult,
  type MonitorSort,
  type MonitorStep,
  type SavedMonitorView,
} from '../../shared/api';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { SlaCountdown } from './SlaCountdown';
import { UserSearchSelect } from './UserSearchSelect';
import { UUID_RE } from '../hazards/hazard';
import { useErrorText, usePolling } from '../../shared/hooks';
import { useLabel } from '../../i18n';
import { processHistoryPath, processLink } from '../../shared/processLinks';
import { PROCESS_ADMIN_ROLES } from '../../routes';
import { Link, setSearchParams, useLocation } from '../../router';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';

const PAGE_SIZE = 50;
const POLL_MS = 10_000;
const RED = '#cf1322';
const ORANGE = '#d46b08';

/** The filters the URL and saved views carry; `page` is the URL's alone. */
const FILTER_KEYS = ['type', 'status', 'overdue', 'orgUnitId', 'assignee', 'q', 'sort'] as const satisfies readonly (keyof MonitorFilters)[];

const TYPE_COLORS: Record<string, string> = {
  hazard: 'orange',
  emergency: 'red',
  risk_assessment: 'purple',
  assessment_cycle: 'blue',
  improvement_plan: 'cyan',
  appeal: 'geekblue',
  adjustment: 'gold',
  declaration: 'green',
  notice: 'default',
};
/** Where a process type's step names are translated. */
const STATUS_NAMESPACES: Record<string, string> = { hazard: 'hazard.status', emergency: 'emergency.status', risk_assessment: 'risk.status' };

/** The filters of the URL (or of a saved view), unknown values dropped and types in their canonical order. */
function normalize(raw: Partial<Record<(typeof FILTER_KEYS)[number], unknown>>): MonitorFilters {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const types = (text(raw.type) ?? '').split(',').map((x) => x.trim());
  const type = PROCESS_TYPES.filter((x) => types.includes(x)).join(',') || undefined;
  const status = text(raw.status);
  const orgUnitId = text(raw.orgUnitId);
  const sort = MONITOR_SORTS.find((s) => s === raw.sort);
  return {
    type,
    status: status && /^[a-z_]+$/.test(status) ? status : undefined,
    overdue: raw.overdue === 'true' || raw.overdue === true ? 'true' : raw.overdue === 'false' || raw.overdue === false ? 'false' : undefined,
    orgUnitId: orgUnitId && UUID_RE.test(orgUnitId) ? orgUnitId : undefined,
    assignee: text(raw.assignee),
    q: text(raw.q),
    sort: sort === 'breach' ? undefined : sort, // the default
  };
}

const sameFilters = (a: MonitorFilters, b: MonitorFilters) => FILTER_KEYS.every((k) => (a[k] ?? null) === (b[k] ?? null));
const defined = (f: MonitorFilters): MonitorFilters => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as MonitorFilters;

/**
 * The safety hub monitor (SPEC §5): every process in flight — hazards, emergencies, risk
 * assessments, cycles, appeals… — with its open steps and who holds them, its SLA clock counting
 * down live and its escalation level. Filters live in the URL (shareable) and can be saved as
 * views; the safety hub cancels or reassigns processes in bulk.
 */
export function MonitorPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { user } = useSession();
  const { search } = useLocation();
  const filters = normalize(Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k)])));
  const page = Math.max(1, Number(search.get('page')) || 1);
  const key = JSON.stringify({ ...filters, page });
  const canAct = hasRole(user, ...PROCESS_ADMIN_ROLES);

  const [loaded, setLoaded] = useState<{ key: string; result: MonitorResult; skew: number; at: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  /** Cancelled here: hidden at once, until the next reads no longer list them. */
  const [removed, setRemoved] = useState<ReadonlySet<string>>(() => new Set());
  const [bulk, setBulk] = useState<'cancel' | 'reassign' | null>(null);
  const request = useRef(0);
  const data = loaded?.key === key ? loaded : null;

  const load = async () => {
    const mine = ++request.current;
    try {
      const result = await listProcesses({ ...filters, page, pageSize: PAGE_SIZE });
      if (mine !== request.current) return;
      const listed = new Set(result.items.map((i) => i.workflowId));
      setLoaded({ key, result, skew: Date.parse(result.serverTime) - Date.now(), at: new Date().toISOString() });
      setRemoved((r) => (r.size ? new Set([...r].filter((id) => listed.has(id))) : r));
      setSelected((s) => s.filter((id) => listed.has(id)));
      setError(null);
    } catch (err) {
      if (mine === request.current) setError(errorText(err));
    }
  };
  usePolling(load, POLL_MS, [key]);

  const set = (values: Partial<Record<(typeof FILTER_KEYS)[number], string | null | undefined>>) =>
    setSearchParams({ ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v || null])), page: null });

  const items = (data?.result.items ?? []).filter((i) => !removed.has(i.workflowId));
  const selectedItems = items.filter((i) => selected.includes(i.workflowId));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="monitor">
      <Counts counts={data ? withoutRemoved(data.result, removed) : null} onOverdue={() => set({ overdue: 'true' })} />
      <Card
        title={t('monitor.title')}
        extra={
          <Space wrap>
            {loaded && (
              <Typography.Text type="secondary" data-testid="monitor-updated">
                {t('common.updatedAt', { time: new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(new Date(loaded.at)) })}
              </Typography.Text>
            )}
            <Button onClick={() => void load()} data-testid="monitor-refresh">
              {t('common.refresh')}
            </Button>
          </Space>
        }
      >
        <Filters filters={filters} set={set} />
        <SavedViews filters={filters} canShare={canAct} />
        {error && (
          <Typography.Paragraph type="danger" data-testid="monitor-error">
            {error}
          </Typography.Paragraph>
        )}
        {data?.result.truncated && (
          <Alert type="warning" showIcon title={t('monitor.truncated')} style={{ marginBottom: 12 }} data-testid="monitor-truncated" />
        )}
        {canAct && (
          <Space wrap style={{ marginBottom: 12 }} data-testid="monitor-bulk">
            <Typography.Text type="secondary" data-testid="monitor-selected" data-count={selectedItems.length}>
              {t('monitor.selected', { count: selectedItems.length })}
            </Typography.Text>
            <Button danger disabled={!selectedItems.length} onClick={() => setBulk('cancel')} data-testid="bulk-cancel">
              {t('monitor.bulkCancel')}
            </Button>
            <Button disabled={!selectedItems.length} onClick={() => setBulk('reassign')} data-testid="bulk-reassign">
              {t('monitor.bulkReassign')}
            </Button>
          </Space>
        )}
        <MonitorTable
          items={items}
          skew={data?.skew ?? 0}
          loading={!data && !error}
          total={data?.result.total ?? 0}
          page={page}
          selection={canAct ? { keys: selected, onChange: setSelected } : null}
        />
      </Card>
      {bulk && (
        <BulkModal
          kind={bulk}
          items={selectedItems}
          onClose={() => setBulk(null)}
          onDone={(results) => {
            const ok = new Set(results.filter((r) => r.ok).map((r) => r.workflowId));
            if (bulk === 'cancel') setRemoved((r) => new Set([...r, ...ok]));
            setSelected((s) => s.filter((id) => !ok.has(id)));
            void load();
          }}
        />
      )}
    </Space>
  );
}

/** The server's counts less the rows cancelled here that its last read still listed. */
function withoutRemoved(result: MonitorResult, removed: ReadonlySet<string>): MonitorResult['counts'] {
  const gone = result.items.filter((i) => removed.has(i.workflowId));
  return {
    total: result.counts.total - gone.length,
    overdue: result.counts.overdue - gone.filter((i) => i.overdue).length,
    escalated: result.counts.escalated - gone.filter((i) => i.escalationLevel > 0).length,
  };
}

/** Running, overdue and escalated processes among those the filters match; "Overdue" filters to them. */
function Counts({ counts: c, onOverdue }: { counts: MonitorResult['counts'] | null; onOverdue: () => void }) {
  const { t } = useTranslation();
  const card = (id: string, title: string, value: number | undefined, color?: string, onClick?: () => void) => (
    <Col xs={8}>
      <Card size="small" hoverable={!!onClick} onClick={onClick} data-testid={`count-${id}`} data-value={value ?? ''}>
        <Statistic title={title} value={value ?? '–'} loading={!c} styles={{ content: value ? { color } : undefined }} />
      </Card>
    </Col>
  );
  return (
    <Row gutter={[12, 12]} data-testid="monitor-counts">
      {card('total', t('monitor.countTotal'), c?.total)}
      {card('overdue', t('monitor.countOverdue'), c?.overdue, RED, onOverdue)}
      {card('escalated', t('monitor.countEscalated'), c?.escalated, ORANGE)}
    </Row>
  );
}

type SetFilters = (values: Partial<Record<(typeof FILTER_KEYS)[number], string | null | undefined>>) => void;

function Filters({ filters, set }: { filters: MonitorFilters; set: SetFilters }) {
  const { t } = useTranslation();
  const label = useLabel();
  const types = filters.type ? filters.type.split(',') : [];
  const full = { width: '100%' };
  return (
    <Row gutter={[8, 8]} style={{ marginBottom: 12 }} data-testid="monitor-filters">
      <Col xs={24} md={12} xl={5}>
        <Select<string[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          style={full}
          placeholder={t('monitor.filterType')}
          value={types}
          onChange={(v) => set({ type: v.join(',') })}
          options={PROCESS_TYPES.map((x) => ({ value: x, label: label(`process.${x}`, x) }))}
          data-testid="filter-type"
        />
      </Col>
      <Col xs={12} md={6} xl={3}>
        <Select<string>
          allowClear
          style={full}
          placeholder={t('monitor.filterOverdue')}
          value={filters.overdue}
          onChange={(v) => set({ overdue: v })}
          options={[
            { value: 'true', label: t('monitor.overdueOnly') },
            { value: 'false', label: t('monitor.notOverdue') },
          ]}
          data-testid="filter-overdue"
        />
      </Col>
      <Col xs={12} md={6} xl={4}>
        <OrgUnitSelect
          allowClear
          value={filters.orgUnitId}
          onChange={(v) => set({ orgUnitId: v })}
          placeholder={t('monitor.filterUnit')}
          testId="filter-unit"
        />
      </Col>
      <Col xs={12} md={8} xl={4}>
        <UserSearchSelect
          allowClear
          valueField="username"
          value={filters.assignee}
          onChange={(v) => set({ assignee: v })}
          placeholder={t('monitor.filterAssignee')}
          testId="filter-assignee"
        />
      </Col>
      <Col xs={12} md={8} xl={4}>
        {/* Keyed by the URL's text so applying a view replaces what the box shows. */}
        <div data-testid="filter-text">
          <Input.Search
            key={filters.q ?? ''}
            allowClear
            defaultValue={filters.q}
            placeholder={t('monitor.filterText')}
            onSearch={(v) => set({ q: v.trim() })}
          />
        </div>
      </Col>
      <Col xs={24} md={8} xl={4}>
        <Select<MonitorSort>
          style={full}
          prefix={t('monitor.sortLabel')}
          value={filters.sort ?? 'breach'}
          onChange={(v) => set({ sort: v === 'breach' ? null : v })}
          options={MONITOR_SORTS.map((s) => ({ value: s, label: t(`monitor.sort.${s}`) }))}
          data-testid="filter-sort"
        />
      </Col>
      {filters.status && (
        <Col xs={24}>
          <Tag closable onClose={() => set({ status: null })} data-testid="filter-status">
            {t('monitor.stepFilter', { status: filters.status })}
          </Tag>
        </Col>
      )}
    </Row>
  );
}

/** Saved views: pick one to apply its filters, save the current ones under a name, delete your own. */
function SavedViews({ filters, canShare }: { filters: MonitorFilters; canShare: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const errorText = useErrorText();
  const [views, setViews] = useState<SavedMonitorView[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [saving, setSaving] = useState(false);

  const reload = useCallback(async () => {
    try {
      setViews((await listMonitorViews()).items);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const active = views?.find((v) => sameFilters(normalize(v.filters), filters));
  const deletable = active && (active.mine || hasRole(user, 'admin'));
  const apply = (v: SavedMonitorView) => {
    const f = normalize(v.filters);
    setSearchParams({ ...Object.fromEntries(FILTER_KEYS.map((k) => [k, f[k] ?? null])), page: null });
  };
  const remove = async (v: SavedMonitorView) => {
    try {
      await deleteMonitorView(v.id);
      void message.success(t('monitor.viewDeleted'));
    } catch (err) {
      void message.error(errorText(err));
    }
    await reload();
  };

  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="monitor-views">
      <Select<string>
        style={{ minWidth: 240 }}
        placeholder={failed ? t('monitor.viewsFailed') : t('monitor.views')}
        status={failed ? 'warning' : undefined}
        loading={!views && !failed}
        value={active?.id ?? null}
        onChange={(id) => {
          const v = views?.find((x) => x.id === id);
          if (v) apply(v);
        }}
        options={(views ?? []).map((v) => ({
          value: v.id,
          label: (
            <span data-testid={`view-option-${v.name}`}>
              {v.name}
              {v.shared && (
                <Tag color="blue" style={{ marginInlineStart: 6 }}>
                  {v.mine ? t('monitor.viewShared') : t('monitor.viewSharedBy', { owner: v.owner ?? '?' })}
                </Tag>
              )}
            </span>
          ),
        }))}
        notFoundContent={t('monitor.noViews')}
        data-testid="monitor-view-select"
      />
      <Button onClick={() => setSaving(true)} disabled={!!active} data-testid="monitor-view-save">
        {t('monitor.saveView')}
      </Button>
      {deletable && (
        <Popconfirm
          title={t('monitor.deleteViewConfirm', { name: active.name })}
          okText={t('monitor.deleteView')}
          cancelText={t('common.cancel')}
          onConfirm={() => remove(active)}
        >
          <Button danger data-testid="monitor-view-delete">
            {t('monitor.deleteView')}
          </Button>
        </Popconfirm>
      )}
      {saving && (
        <SaveViewModal
          filters={filters}
          canShare={canShare}
          onClose={() => setSaving(false)}
          onSaved={() => {
            setSaving(false);
            void message.success(t('monitor.viewSaved'));
            void reload();
          }}
        />
      )}
    </Space>
  );
}

function SaveViewModal({ filters, canShare, onClose, onSaved }: { filters: MonitorFilters; canShare: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ name: string; shared: boolean }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    let v: { name: string; shared: boolean };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await saveMonitorView(v.name.trim(), canShare && !!v.shared, defined(filters));
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) form.setFields([{ name: 'name', errors: [t('monitor.viewNameTaken')] }]);
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('monitor.saveViewTitle')}
      okText={t('monitor.saveView')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'view-save-submit' } as Record<string, string>}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ shared: false }} onFinish={() => void submit()}>
        <Form.Item
          name="name"
          label={t('monitor.viewName')}
          rules={[{ required: true, whitespace: true, message: t('monitor.viewNameRequired') }, { max: 100 }]}
        >
          <Input maxLength={100} autoFocus data-testid="view-name" />
        </Form.Item>
        {canShare && (
          <Form.Item name="shared" valuePropName="checked">
            <Checkbox data-testid="view-shared">{t('monitor.viewSharedLabel')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function MonitorTable({
  items,
  skew,
  loading,
  total,
  page,
  selection,
}: {
  items: MonitorItem[];
  skew: number;
  loading: boolean;
  total: number;
  page: number;
  selection: { keys: string[]; onChange: (keys: string[]) => void } | null;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const statusLabel = (i: MonitorItem) =>
    i.status ? label(STATUS_NAMESPACES[i.type] ? `${STATUS_NAMESPACES[i.type]}.${i.status}` : [], i.status.replace(/_/g, ' ')) : null;

  const columns: TableColumnsType<MonitorItem> = [
    {
      key: 'type',
      title: t('monitor.colType'),
      width: 110,
      render: (_, i) => (
        <Tag color={TYPE_COLORS[i.type] ?? 'default'} data-testid="monitor-type" data-type={i.type}>
          {label(`process.${i.type}`, i.type)}
        </Tag>
      ),
    },
    {
      key: 'subject',
      title: t('monitor.colSubject'),
      width: 240,
      render: (_, i) => {
        const to = processLink({ processType: i.type, workflowId: i.workflowId });
        const status = statusLabel(i);
        return (
          <Space orientation="vertical" size={0}>
            {to ? (
              <Link to={to} data-testid="monitor-subject">
                <Typography.Text strong style={{ color: 'inherit' }}>
                  {i.subject}
                </Typography.Text>
              </Link>
            ) : (
              <Typography.Text strong data-testid="monitor-subject">
                {i.subject}
              </Typography.Text>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {status && `${status} · `}
              {t('monitor.started')} <RelativeTime iso={i.startedAt} />
            </Typography.Text>
          </Space>
        );
      },
    },
    {
      key: 'unit',
      title: t('monitor.colUnit'),
      width: 150,
      render: (_, i) => {
        const main = i.departmentName ?? i.orgUnitName;
        if (!main) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
        return (
          <Space orientation="vertical" size={0}>
            <Typography.Text>{main}</Typography.Text>
            {i.departmentName && i.orgUnitName && i.orgUnitName !== i.departmentName && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.orgUnitName}
              </Typography.Text>
            )}
          </Space>
        );
      },
    },
    { key: 'steps', title: t('monitor.colSteps'), width: 250, render: (_, i) => <StepsCell steps={i.steps} /> },
    {
      key: 'sla',
      title: t('monitor.colSla'),
      width: 130,
      render: (_, i) => <SlaCountdown deadline={i.slaDeadline} skew={skew} overdue={i.overdue} />,
    },
    {
      key: 'escalation',
      title: t('monitor.colEscalation'),
      width: 100,
      render: (_, i) => (
        <span data-testid="monitor-escalation" data-level={i.escalationLevel}>
          {i.escalationLevel > 0 ? (
            <Tag color="volcano">{t('monitor.level', { level: i.escalationLevel })}</Tag>
          ) : (
            <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
          )}
        </span>
      ),
    },
    {
      key: 'links',
      title: t('monitor.colLinks'),
      width: 100,
      render: (_, i) => (
        <Space orientation="vertical" size={0}>
          <Link to={processHistoryPath(i.workflowId)} data-testid="monitor-history">
            {t('monitor.history')}
          </Link>
          {i.temporalUiUrl && (
            <a href={i.temporalUiUrl} target="_blank" rel="noreferrer" data-testid="monitor-temporal">
              {t('monitor.temporal')}
            </a>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Table<MonitorItem>
      rowKey="workflowId"
      size="middle"
      data-testid="monitor-table"
      columns={columns}
      dataSource={items}
      loading={loading}
      rowSelection={
        selection ? { selectedRowKeys: selection.keys, onChange: (keys) => selection.onChange(keys.map(String)), preserveSelectedRowKeys: false } : undefined
      }
      onRow={(i) => ({ ...testId(`monitor-row-${i.workflowId}`), 'data-overdue': String(i.overdue), 'data-type': i.type }) as never}
      locale={{ emptyText: t('monitor.empty') }}
      scroll={{ x: 1110 }}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total,
        showSizeChanger: false,
        hideOnSinglePage: true,
        showTotal: (n) => t('monitor.total', { count: n }),
        onChange: (p) => setSearchParams({ page: p === 1 ? null : String(p) }),
      }}
    />
  );
}

/** The open steps of a process: what is asked and who holds it (a person, or a unit's role). */
function StepsCell({ steps }: { steps: MonitorStep[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  if (!steps.length) return <Typography.Text type="secondary">{t('monitor.noOpenStep')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={4}>
      {steps.map((s) => (
        <div key={s.taskId} data-testid="monitor-step">
          <Typography.Text ellipsis={{ tooltip: s.title }} style={{ maxWidth: 230, display: 'block' }}>
            {s.title}
          </Typography.Text>
          <span data-testid="step-holder" data-assignee={s.assignee ?? ''}>
            {s.assignee ? (
              <Tooltip title={t('monitor.heldByPerson')}>
                <Tag color="blue">{s.assignee}</Tag>
              </Tooltip>
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.candidateRole ? t('monitor.unitRole', { unit: s.orgUnitName, role: label(`roles.${s.candidateRole}`, s.candidateRole) }) : s.orgUnitName}
              </Typography.Text>
            )}
          </span>
        </div>
      ))}
    </Space>
  );
}

/** Cancel (with a reason) or reassign the selected processes; then one line per process: done, or why not. */
function BulkModal({
  kind,
  items,
  onClose,
  onDone,
}: {
  kind: 'cancel' | 'reassign';
  items: MonitorItem[];
  onClose: () => void;
  onDone: (results: BulkResult[]) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ reason?: string; toUserId?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  // The rows as they were when the dialog opened: the list refreshes (and drops cancelled rows) behind it.
  const [targets] = useState(items);
  const subject = new Map(targets.map((i) => [i.workflowId, i.subject]));

  const submit = async () => {
    let v: { reason?: string; toUserId?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const ids = targets.map((i) => i.workflowId);
      const r = kind === 'cancel' ? await cancelProcesses(ids, v.reason!.trim()) : await reassignProcesses(ids, v.toUserId!);
      setResults(r.results);
      onDone(r.results);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.details.length) setError(err.details.map((d) => d.message).join(' '));
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const title = kind === 'cancel' ? t('monitor.cancelTitle', { count: targets.length }) : t('monitor.reassignTitle', { count: targets.length });
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => (results ? onClose() : void submit())}
      okText={results ? t('common.close') : kind === 'cancel' ? t('monitor.cancelSubmit') : t('monitor.reassignSubmit')}
      okButtonProps={{ danger: kind === 'cancel' && !results, ...({ 'data-testid': 'bulk-submit' } as Record<string, string>) }}
      cancelButtonProps={results ? { style: { display: 'none' } } : undefined}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={600}
    >
      <div data-testid="bulk-dialog" data-kind={kind}>
        {results ? (
          <>
            <Alert
              type={results.every((r) => r.ok) ? 'success' : results.some((r) => r.ok) ? 'warning' : 'error'}
              showIcon
              title={t('monitor.resultsSummary', { ok: results.filter((r) => r.ok).length, count: results.length })}
              style={{ marginBottom: 12 }}
            />
            <List
              size="small"
              dataSource={results}
              data-testid="bulk-results"
              renderItem={(r) => (
                <List.Item key={r.workflowId} {...testId(`bulk-result-${r.workflowId}`)} data-ok={String(r.ok)}>
                  <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                    <Typography.Text>{subject.get(r.workflowId) ?? r.workflowId}</Typography.Text>
                    {r.ok && r.tasks !== undefined && <Typography.Text type="secondary">{t('monitor.resultTasks', { count: r.tasks })}</Typography.Text>}
                    {!r.ok && <Typography.Text type="danger">{r.error}</Typography.Text>}
                  </Space>
                  <Tag color={r.ok ? 'green' : 'red'}>{r.ok ? t('monitor.resultOk') : t('monitor.resultFailed')}</Tag>
                </List.Item>
              )}
            />
          </>
        ) : (
          <>
            <Typography.Paragraph type="secondary">{kind === 'cancel' ? t('monitor.cancelHint') : t('monitor.reassignHint')}</Typography.Paragraph>
            <ul data-testid="bulk-targets" style={{ paddingInlineStart: 20, maxHeight: 160, overflow: 'auto' }}>
              {targets.map((i) => (
                <li key={i.workflowId}>{i.subject}</li>
              ))}
            </ul>
            <Form form={form} layout="vertical">
              {kind === 'cancel' ? (
                <Form.Item
                  name="reason"
                  label={t('monitor.cancelReason')}
                  rules={[
                    { required: true, whitespace: true, message: t('monitor.cancelReasonRequired') },
                    {
                      validator: (_r, v: unknown) =>
                        typeof v === 'string' && v.trim().length < 3 ? Promise.reject(new Error(t('monitor.cancelReasonRequired'))) : Promise.resolve(),
                    },
                    { max: 500 },
                  ]}
                >
                  <Input.TextArea rows={3} maxLength={500} showCount data-testid="bulk-reason" />
                </Form.Item>
              ) : (
                <Form.Item name="toUserId" label={t('monitor.reassignTo')} rules={[{ required: true, message: t('monitor.reassignToRequired') }]}>
                  <UserSearchSelect testId="bulk-user" />
                </Form.Item>
              )}
            </Form>
            {error && <Alert type="error" showIcon title={error} data-testid="bulk-error" />}
          </>
        )}
      </div>
    </Modal>
  );
}
