import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  CADENCES,
  CYCLE_STATUSES,
  deleteCycleSchedule,
  listCycles,
  listRulesets,
  saveCycleSchedule,
  startCycle,
  triggerCycleSchedule,
  type Cadence,
  type CycleSchedule,
  type CycleScheduleInput,
  type CycleSummary,
  type Page,
  type RulesetSummary,
} from '../../shared/api';
import { findUnitName, OrgUnitSelect, useOrgTree } from '../../shared/components/OrgUnitSelect';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { CycleStatusTag } from './ScoreTags';
import { absoluteTime } from '../../shared/format';
import { useErrorText, usePolling } from '../../shared/hooks';
import { useLabel } from '../../i18n';
import { Link, navigate, setSearchParams, useLocation } from '../../router';
import { CYCLE_ROLES, cyclePath, PERIOD_MAX, periodContaining, periodDates, periodLabel, type PeriodParts } from './scoring';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';

const PAGE_SIZE = 25;
const POLL_MS = 10_000;
/** While a cycle is scoring its progress bar moves: refresh fast. */
const SCORING_POLL_MS = 2_000;
const BODY_PATH = /^(?:body\.)?([^.[]+)/;
const DEFAULT_ZONE = 'Asia/Shanghai';

const pick = <T extends string>(values: readonly T[], v: string | null): T | undefined => values.find((x) => x === v);

/** Assessment cycles (考核周期): the list with status and progress, starting one, and the schedules per scope. */
export function AssessmentCycleListPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { search } = useLocation();
  const runs = hasRole(user, ...CYCLE_ROLES);
  const tab = runs && search.get('tab') === 'schedules' ? 'schedules' : 'cycles';
  const [starting, setStarting] = useState(false);

  return (
    <Card
      title={t('cycleList.title')}
      data-testid="cycle-list"
      extra={
        runs && (
          <Button type="primary" onClick={() => setStarting(true)} data-testid="cycle-start-button">
            {t('cycleList.start')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setSearchParams({ tab: k === 'schedules' ? 'schedules' : null, page: null })}
        items={[
          { key: 'cycles', label: <span data-testid="cycle-tab-cycles">{t('cycleList.tabCycles')}</span>, children: tab === 'cycles' ? <CyclesTab /> : null },
          ...(runs
            ? [
                {
                  key: 'schedules',
                  label: <span data-testid="cycle-tab-schedules">{t('cycleList.tabSchedules')}</span>,
                  children: tab === 'schedules' ? <SchedulesTab /> : null,
                },
              ]
            : []),
        ]}
      />
      {starting && <StartModal onClose={() => setStarting(false)} />}
    </Card>
  );
}

/** The cycle's scope by name (the tree the user can see), else its id. */
export function useUnitName(): (unitId: string) => string {
  const { tree } = useOrgTree();
  return (unitId: string) => (tree && findUnitName(tree, unitId)) || unitId;
}

export function CycleProgress({ cycle, testIdPrefix = 'cycle-progress' }: { cycle: Pick<CycleSummary, 'progress' | 'status' | 'id'>; testIdPrefix?: string }) {
  const { done, total } = cycle.progress;
  const percent = total > 0 ? Math.floor((done / total) * 100) : cycle.status === 'scoring' ? 0 : 100;
  return (
    <Tooltip title={`${done} / ${total}`}>
      <div data-testid={testIdPrefix} data-done={done} data-total={total} style={{ minWidth: 140 }}>
        <Progress
          percent={percent}
          size="small"
          status={cycle.status === 'scoring' ? 'active' : percent >= 100 ? 'success' : 'normal'}
          format={() => `${done}/${total}`}
        />
      </div>
    </Tooltip>
  );
}

function CyclesTab() {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const unitName = useUnitName();
  const { search } = useLocation();
  const status = pick(CYCLE_STATUSES, search.get('status'));
  const page = Math.max(1, Number(search.get('page')) || 1);
  const key = `${status ?? ''}:${page}`;
  const [loaded, setLoaded] = useState<{ key: string; result: Page<CycleSummary> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);
  const data = loaded?.key === key ? loaded.result : null;
  const scoring = !!data?.items.some((c) => c.status === 'scoring');

  const load = async () => {
    const mine = ++request.current;
    try {
      const result = await listCycles({ status, page, pageSize: PAGE_SIZE });
      if (mine !== request.current) return;
      setLoaded({ key, result });
      setError(null);
    } catch (err) {
      if (mine === request.current) setError(errorText(err));
    }
  };
  usePolling(load, scoring ? SCORING_POLL_MS : POLL_MS, [key]);

  const columns: TableColumnsType<CycleSummary> = [
    {
      key: 'period',
      title: t('cycleList.colPeriod'),
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Link to={cyclePath(c.id)} data-testid={`cycle-link-${c.id}`}>
            <Typography.Text strong style={{ color: 'inherit' }}>
              {c.period}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary">{unitName(c.scopeOrgUnitId)}</Typography.Text>
        </Space>
      ),
    },
    { key: 'cadence', title: t('cycleList.colCadence'), render: (_, c) => <Tag>{label(`scoring.cadence.${c.cadence}`, c.cadence)}</Tag> },
    { key: 'status', title: t('cycleList.colStatus'), render: (_, c) => <CycleStatusTag status={c.status} /> },
    { key: 'progress', title: t('cycleList.colProgress'), width: 200, render: (_, c) => <CycleProgress cycle={c} testIdPrefix={`cycle-progress-${c.id}`} /> },
    {
      key: 'ruleset',
      title: t('cycleList.colRuleset'),
      render: (_, c) => (
        <Space size={4} wrap>
          <Link to={`/rulesets?version=${c.rulesetVersion}`}>{t('cycleList.rulesetVersion', { version: c.rulesetVersion })}</Link>
          {c.currentSnapshot > 0 && <Tag>{t('cycleList.snapshot', { version: c.currentSnapshot })}</Tag>}
        </Space>
      ),
    },
    {
      key: 'started',
      title: t('cycleList.colStarted'),
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{c.startedBy === 'schedule' ? t('cycleList.bySchedule') : c.startedBy}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {periodDates(c, i18n.language)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'published',
      title: t('cycleList.colPublished'),
      render: (_, c) =>
        c.publishedAt ? (
          <Space orientation="vertical" size={0}>
            <RelativeTime iso={c.publishedAt} />
            {c.reviewedBy && <Typography.Text type="secondary">{c.reviewedBy}</Typography.Text>}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('cycleList.status')}
          value={status}
          style={{ minWidth: 180 }}
          data-testid="cycle-status-filter"
          onChange={(v: string | undefined) => setSearchParams({ status: v ?? null, page: null })}
          options={CYCLE_STATUSES.map((s) => ({ value: s, label: label(`scoring.cycleStatus.${s}`, s) }))}
        />
        <Button onClick={() => void load()} data-testid="cycle-refresh">
          {t('common.refresh')}
        </Button>
      </Space>
      {error && (
        <Typography.Paragraph type="danger" data-testid="cycle-list-error">
          {error}
        </Typography.Paragraph>
      )}
      <Table<CycleSummary>
        rowKey="id"
        size="middle"
        data-testid="cycle-table"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={!data && !error}
        onRow={(c) => testId(`cycle-row-${c.id}`)}
        locale={{ emptyText: t('cycleList.empty') }}
        scroll={{ x: 1000 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => t('cycleList.total', { count: total }),
          onChange: (p) => setSearchParams({ page: p === 1 ? null : String(p) }),
        }}
      />
    </>
  );
}

/** Sets 400 field errors of a `body.<field>` path on the form; returns the messages that fit no field. */
function landErrors(err: ApiError, fields: Record<string, string>, setFields: (f: { name: string; errors: string[] }[]) => void): string[] {
  const byField = new Map<string, string[]>();
  const other: string[] = [];
  for (const d of err.details) {
    const name = BODY_PATH.exec(d.path)?.[1];
    const formName = name ? fields[name] : undefined;
    if (formName) byField.set(formName, [...(byField.get(formName) ?? []), d.message]);
    else other.push(d.message);
  }
  setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return other;
}

interface StartValues {
  scopeOrgUnitId: string;
  cadence: Cadence;
  year: number;
  n: number;
  rulesetVersion?: number;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/**
 * Starts the cycle of a scope and period. The same scope and period is the same cycle, so a
 * resend (or a second start) just opens it.
 */
function StartModal({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<StartValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rulesets, setRulesets] = useState<RulesetSummary[]>([]);
  const cadence = Form.useWatch('cadence', form) ?? 'monthly';
  const year = Form.useWatch('year', form);
  const n = Form.useWatch('n', form);
  const label_ = year && n ? periodLabel(cadence, { year, n }) : '';

  useEffect(() => {
    let live = true;
    listRulesets().then(
      (r) => live && setRulesets(r.items.filter((x) => x.status === 'published')),
      () => undefined, // optional: the server takes the newest published version
    );
    return () => {
      live = false;
    };
  }, []);

  const onCadence = (c: Cadence) => {
    const p: PeriodParts = periodContaining(c, new Date());
    form.setFieldsValue({ year: p.year, n: p.n });
  };

  const submit = async () => {
    setError(null);
    let v: StartValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const r = await startCycle({
        scopeOrgUnitId: v.scopeOrgUnitId,
        period: periodLabel(v.cadence, v),
        ...(v.rulesetVersion ? { rulesetVersion: v.rulesetVersion } : {}),
      });
      if (!r.created) void message.info(t('cycleStart.exists'));
      navigate(cyclePath(r.cycleId));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.details.length) {
        const other = landErrors(err, { scopeOrgUnitId: 'scopeOrgUnitId', period: 'n', rulesetVersion: 'rulesetVersion' }, (f) => form.setFields(f as never));
        setError(other.length ? other.join(' ') : t('completeModal.invalid'));
      } else setError(errorText(err));
      setBusy(false);
    }
  };

  const now = periodContaining('monthly', new Date());
  const required = (field: string) => ({ required: true, message: t('completeModal.required', { field }) });
  return (
    <Modal
      open
      title={t('cycleStart.title')}
      okText={t('cycleStart.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ ...({ 'data-testid': 'cycle-start-submit' } as Record<string, string>) }}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('cycleStart.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="cycle-start-error" />}
      <Form<StartValues> form={form} layout="vertical" initialValues={{ cadence: 'monthly', year: now.year, n: now.n }} data-testid="cycle-start-form">
        <Form.Item name="scopeOrgUnitId" label={t('cycleStart.scope')} extra={t('cycleStart.scopeHint')} rules={[required(t('cycleStart.scope'))]}>
          <OrgUnitSelect testId="cycle-start-scope" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={9}>
            <Form.Item name="cadence" label={t('cycleStart.cadence')} rules={[required(t('cycleStart.cadence'))]}>
              <Select<Cadence>
                data-testid="cycle-start-cadence"
                onChange={onCadence}
                options={CADENCES.map((c) => ({ value: c, label: label(`scoring.cadence.${c}`, c) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={7}>
            <Form.Item name="year" label={t('cycleStart.year')} rules={[required(t('cycleStart.year'))]}>
              <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="cycle-start-year" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="n"
              label={t(`cycleStart.n.${cadence}`)}
              rules={[required(t(`cycleStart.n.${cadence}`)), { type: 'number', min: 1, max: PERIOD_MAX[cadence] }]}
            >
              {cadence === 'weekly' ? (
                <InputNumber min={1} max={53} precision={0} style={{ width: '100%' }} data-testid="cycle-start-n" />
              ) : (
                <Select<number>
                  data-testid="cycle-start-n"
                  options={(cadence === 'monthly' ? MONTHS : [1, 2, 3, 4]).map((m) => ({
                    value: m,
                    label:
                      cadence === 'monthly'
                        ? new Intl.DateTimeFormat(i18n.language, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m - 1, 1)))
                        : `Q${m}`,
                  }))}
                />
              )}
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('cycleStart.period')}>
          <Tag color="blue" style={{ fontSize: 14, padding: '2px 10px' }} data-testid="cycle-start-period" data-period={label_}>
            {label_ || t('common.none')}
          </Tag>
        </Form.Item>
        <Form.Item name="rulesetVersion" label={t('cycleStart.ruleset')} extra={t('cycleStart.rulesetHint')}>
          <Select<number>
            allowClear
            placeholder={t('cycleStart.rulesetDefault')}
            data-testid="cycle-start-ruleset"
            options={rulesets.map((r) => ({ value: r.version, label: `v${r.version} · ${r.note}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ScheduleValues {
  scopeOrgUnitId: string;
  cadence: Cadence;
  time: string;
  timeZone: string;
  paused: boolean;
}

interface SavedSchedule {
  input: CycleScheduleInput;
  schedule: CycleSchedule;
}

function timeZones(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([DEFAULT_ZONE, 'UTC', ...all])];
}

/**
 * One schedule per scope and cadence (a Temporal Schedule; each run scores the period that just
 * ended). The API has no list of them: the tab shows the ones saved here, each with run now,
 * pause / resume and delete.
 */
function SchedulesTab() {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const unitName = useUnitName();
  const [form] = Form.useForm<ScheduleValues>();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedSchedule[]>([]);

  const save = async (input: CycleScheduleInput, key: string) => {
    setBusy(key);
    setError(null);
    try {
      const schedule = await saveCycleSchedule(input);
      setSaved((s) => [{ input, schedule }, ...s.filter((x) => x.schedule.scheduleId !== schedule.scheduleId)]);
      void message.success(t('cycleSchedule.saved'));
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.details.length) {
        const other = landErrors(err, { scopeOrgUnitId: 'scopeOrgUnitId', cadence: 'cadence', time: 'time', timeZone: 'timeZone', paused: 'paused' }, (f) =>
          form.setFields(f as never),
        );
        setError(other.length ? other.join(' ') : t('completeModal.invalid'));
      } else setError(errorText(err));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    let v: ScheduleValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    await save({ scopeOrgUnitId: v.scopeOrgUnitId, cadence: v.cadence, time: v.time, timeZone: v.timeZone, paused: v.paused === true }, 'save');
  };

  const act = async (key: string, action: () => Promise<unknown>, done: string, after?: () => void) => {
    setBusy(key);
    try {
      await action();
      after?.();
      void message.success(done);
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const when = (s: SavedSchedule) => t(`cycleSchedule.when.${s.input.cadence}`, { time: s.input.time, zone: s.input.timeZone });
  const columns: TableColumnsType<SavedSchedule> = [
    { key: 'scope', title: t('cycleSchedule.colScope'), render: (_, s) => <Typography.Text strong>{unitName(s.input.scopeOrgUnitId)}</Typography.Text> },
    { key: 'when', title: t('cycleSchedule.colWhen'), render: (_, s) => <span data-testid={`cycle-schedule-when-${s.input.cadence}`}>{when(s)}</span> },
    {
      key: 'state',
      title: t('cycleSchedule.colState'),
      render: (_, s) => (
        <Tag color={s.schedule.paused ? 'orange' : 'green'} data-testid="cycle-schedule-state" data-paused={s.schedule.paused ? 'true' : 'false'}>
          {s.schedule.paused ? t('cycleSchedule.paused') : t('cycleSchedule.active')}
        </Tag>
      ),
    },
    {
      key: 'next',
      title: t('cycleSchedule.colNext'),
      render: (_, s) =>
        s.schedule.paused || !s.schedule.nextRuns[0] ? (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ) : (
          <Tooltip title={s.schedule.nextRuns.map((r) => absoluteTime(r, i18n.language)).join(' · ')}>
            <span>
              <RelativeTime iso={s.schedule.nextRuns[0]} />
            </span>
          </Tooltip>
        ),
    },
    { key: 'runs', title: t('cycleSchedule.colRuns'), render: (_, s) => t('cycleSchedule.runs', { count: s.schedule.runs }) },
    {
      key: 'actions',
      title: t('inbox.colActions'),
      render: (_, s) => {
        const id = s.schedule.scheduleId;
        return (
          <Space size="small" wrap>
            <Button
              size="small"
              loading={busy === `pause-${id}`}
              onClick={() => void save({ ...s.input, paused: !s.schedule.paused }, `pause-${id}`)}
              data-testid="cycle-schedule-pause"
            >
              {s.schedule.paused ? t('cycleSchedule.resume') : t('cycleSchedule.pause')}
            </Button>
            <Button
              size="small"
              loading={busy === `trigger-${id}`}
              onClick={() => void act(`trigger-${id}`, () => triggerCycleSchedule(id), t('cycleSchedule.triggered'))}
              data-testid="cycle-schedule-trigger"
            >
              {t('cycleSchedule.runNow')}
            </Button>
            <Popconfirm
              title={t('cycleSchedule.deleteConfirm')}
              okText={t('cycleSchedule.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                act(
                  `delete-${id}`,
                  () => deleteCycleSchedule(id),
                  t('cycleSchedule.deleted'),
                  () => setSaved((x) => x.filter((y) => y.schedule.scheduleId !== id)),
                )
              }
            >
              <Button size="small" danger loading={busy === `delete-${id}`} data-testid="cycle-schedule-delete">
                {t('cycleSchedule.delete')}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('cycleSchedule.hint')}</Typography.Text>
      {error && <Alert type="error" showIcon title={error} data-testid="cycle-schedule-error" />}
      <Form<ScheduleValues>
        form={form}
        layout="vertical"
        initialValues={{ cadence: 'monthly', time: '02:00', timeZone: DEFAULT_ZONE, paused: false }}
        data-testid="cycle-schedule-form"
      >
        <Row gutter={12} align="bottom">
          <Col xs={24} md={8}>
            <Form.Item
              name="scopeOrgUnitId"
              label={t('cycleStart.scope')}
              rules={[{ required: true, message: t('completeModal.required', { field: t('cycleStart.scope') }) }]}
            >
              <OrgUnitSelect testId="cycle-schedule-scope" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="cadence" label={t('cycleStart.cadence')}>
              <Select<Cadence> data-testid="cycle-schedule-cadence" options={CADENCES.map((c) => ({ value: c, label: label(`scoring.cadence.${c}`, c) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={3}>
            <Form.Item
              name="time"
              label={t('cycleSchedule.time')}
              rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('cycleSchedule.timeInvalid') }]}
            >
              <Input placeholder="02:00" maxLength={5} data-testid="cycle-schedule-time" />
            </Form.Item>
          </Col>
          <Col xs={16} md={5}>
            <Form.Item name="timeZone" label={t('cycleSchedule.timeZone')}>
              <Select showSearch data-testid="cycle-schedule-zone" options={timeZones().map((z) => ({ value: z, label: z }))} />
            </Form.Item>
          </Col>
          <Col xs={8} md={2}>
            <Form.Item name="paused" label={t('cycleSchedule.pausedLabel')} valuePropName="checked">
              <Switch data-testid="cycle-schedule-paused" />
            </Form.Item>
          </Col>
          <Col xs={24} md={2}>
            <Form.Item>
              <Button type="primary" onClick={() => void submit()} loading={busy === 'save'} data-testid="cycle-schedule-submit">
                {t('cycleSchedule.save')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Table<SavedSchedule>
        rowKey={(s) => s.schedule.scheduleId}
        size="middle"
        data-testid="cycle-schedules-table"
        columns={columns}
        dataSource={saved}
        onRow={(s) => testId(`cycle-schedule-row-${s.input.cadence}-${s.input.scopeOrgUnitId}`)}
        locale={{ emptyText: t('cycleSchedule.empty') }}
        scroll={{ x: 900 }}
        pagination={false}
      />
    </Space>
  );
}
