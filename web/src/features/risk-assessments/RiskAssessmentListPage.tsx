import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
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
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  deleteRiskSchedule,
  listRiskAssessments,
  listRiskSchedules,
  pauseRiskSchedule,
  RISK_ASSESSMENT_STATUSES,
  RISK_DEPARTMENTS,
  saveRiskSchedule,
  startRiskAssessment,
  triggerRiskSchedule,
  type Page,
  type RiskAssessmentFilter,
  type RiskAssessmentSummary,
  type RiskDepartment,
  type RiskSchedule,
} from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { GapTags, RiskStatusTag } from './RiskTags';
import { newUuid } from '../hazards/hazard';
import { useErrorText, usePolling } from '../../shared/hooks';
import { Link, navigate, setSearchParams, useLocation } from '../../router';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';

const PAGE_SIZE = 25;
const POLL_MS = 10_000;
const BODY_PATH = /^(?:body\.)?([^.[]+)/;

const pick = <T extends string>(values: readonly T[], v: string | null): T | undefined => values.find((x) => x === v);

/** Joint risk assessments: the list (status in the URL), starting one, and the monthly schedules per unit. */
export function RiskAssessmentListPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { search } = useLocation();
  const hub = hasRole(user, 'safety_officer', 'admin');
  const tab = search.get('tab') === 'schedules' ? 'schedules' : 'assessments';
  const [starting, setStarting] = useState(false);

  return (
    <Card
      title={t('riskList.title')}
      data-testid="risk-list"
      extra={
        hub && (
          <Button type="primary" onClick={() => setStarting(true)} data-testid="risk-start-button">
            {t('riskList.start')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setSearchParams({ tab: k === 'schedules' ? 'schedules' : null, page: null })}
        items={[
          {
            key: 'assessments',
            label: <span data-testid="risk-tab-assessments">{t('riskList.tabAssessments')}</span>,
            children: tab === 'assessments' ? <AssessmentsTab /> : null,
          },
          {
            key: 'schedules',
            label: <span data-testid="risk-tab-schedules">{t('riskList.tabSchedules')}</span>,
            children: tab === 'schedules' ? <SchedulesTab hub={hub} /> : null,
          },
        ]}
      />
      {starting && <StartModal onClose={() => setStarting(false)} />}
    </Card>
  );
}

function AssessmentsTab() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { search } = useLocation();
  const status = pick(RISK_ASSESSMENT_STATUSES, search.get('status'));
  const scheduleId = search.get('scheduleId') || undefined;
  const page = Math.max(1, Number(search.get('page')) || 1);
  const filter: RiskAssessmentFilter = { status, scheduleId, page, pageSize: PAGE_SIZE };
  const key = JSON.stringify(filter);
  const [loaded, setLoaded] = useState<{ key: string; result: Page<RiskAssessmentSummary> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);
  const data = loaded?.key === key ? loaded.result : null;

  const load = async () => {
    const mine = ++request.current;
    try {
      const result = await listRiskAssessments(filter);
      if (mine !== request.current) return;
      setLoaded({ key, result });
      setError(null);
    } catch (err) {
      if (mine === request.current) setError(errorText(err));
    }
  };
  usePolling(load, POLL_MS, [key]);

  const columns: TableColumnsType<RiskAssessmentSummary> = [
    {
      key: 'title',
      title: t('riskList.colAssessment'),
      width: 260,
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/risk-assessments/${encodeURIComponent(a.id)}`} data-testid={`risk-link-${a.id}`}>
            <Typography.Text strong style={{ color: 'inherit' }}>
              {a.title}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary">{a.area}</Typography.Text>
          {a.scheduleId && <Tag>{t('riskList.monthly')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('riskList.colStatus'),
      render: (_, a) => (
        <Space size={4} wrap>
          <RiskStatusTag status={a.status} />
          {a.overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
          {a.escalationLevel > 0 && <Tag color="volcano">{t('riskDetail.escalated', { level: a.escalationLevel })}</Tag>}
        </Space>
      ),
    },
    { key: 'unit', title: t('riskList.colUnit'), dataIndex: 'orgUnitName' },
    {
      key: 'gaps',
      title: t('riskList.colGaps'),
      render: (_, a) => (a.gaps.length ? <GapTags gaps={a.gaps} /> : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>),
    },
    {
      key: 'counts',
      title: t('riskList.colCounts'),
      render: (_, a) => (
        <Space size={4} wrap data-testid={`risk-counts-${a.id}`}>
          <Tag>{t('riskList.items', { count: a.itemCount })}</Tag>
          <Tag>{t('riskList.measures', { count: a.measureCount })}</Tag>
          {a.failedMeasures > 0 && <Tag color="red">{t('riskList.failed', { count: a.failedMeasures })}</Tag>}
        </Space>
      ),
    },
    {
      key: 'due',
      title: t('riskList.colDue'),
      minWidth: 140,
      render: (_, a) =>
        a.status === 'closed' ? (
          <Typography.Text type="secondary">{a.closedAt ? <RelativeTime iso={a.closedAt} /> : t('common.none')}</Typography.Text>
        ) : a.dueAt ? (
          <DueCell task={{ dueAt: a.dueAt, overdue: a.overdue, status: 'open' }} />
        ) : (
          <Typography.Text type="secondary">{t('inbox.noDueDate')}</Typography.Text>
        ),
    },
    {
      key: 'started',
      title: t('riskList.colStarted'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <RelativeTime iso={a.startedAt} />
          <Typography.Text type="secondary">{a.initiatedBy === 'schedule' ? t('riskList.bySchedule') : a.initiatedBy}</Typography.Text>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('riskList.status')}
          value={status}
          style={{ minWidth: 200 }}
          data-testid="risk-status-filter"
          onChange={(v: string | undefined) => setSearchParams({ status: v ?? null, page: null })}
          options={RISK_ASSESSMENT_STATUSES.map((s) => ({ value: s, label: t(`risk.status.${s}`) }))}
        />
        <Button onClick={() => void load()} data-testid="risk-refresh">
          {t('common.refresh')}
        </Button>
        {scheduleId && (
          <Tag closable onClose={() => setSearchParams({ scheduleId: null, page: null })} data-testid="risk-schedule-filter">
            {t('riskList.fromSchedule')}
          </Tag>
        )}
      </Space>
      {error && (
        <Typography.Paragraph type="danger" data-testid="risk-list-error">
          {error}
        </Typography.Paragraph>
      )}
      <Table<RiskAssessmentSummary>
        rowKey="id"
        size="middle"
        data-testid="risk-table"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={!data && !error}
        onRow={(a) => ({ ...testId(`risk-row-${a.id}`), style: a.gaps.length || a.overdue ? { background: '#fff1f0' } : undefined })}
        locale={{ emptyText: t('riskList.empty') }}
        scroll={{ x: 1100 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => t('riskList.total', { count: total }),
          onChange: (p) => setSearchParams({ page: p === 1 ? null : String(p) }),
        }}
      />
    </>
  );
}

interface StartValues {
  title: string;
  area: string;
  orgUnitId: string;
  departments: RiskDepartment[];
}

/** Sets 400 field errors of a `body.<field>` path on the form; returns the messages that fit no field. */
function landErrors(err: ApiError, fields: Set<string>, setFields: (f: { name: string; errors: string[] }[]) => void): string[] {
  const byField = new Map<string, string[]>();
  const other: string[] = [];
  for (const d of err.details) {
    const name = BODY_PATH.exec(d.path)?.[1];
    if (name && fields.has(name)) byField.set(name, [...(byField.get(name) ?? []), d.message]);
    else other.push(d.message);
  }
  setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return other;
}

function DepartmentBoxes({ testIdPrefix, value, onChange }: { testIdPrefix: string; value?: RiskDepartment[]; onChange?: (v: RiskDepartment[]) => void }) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group<RiskDepartment> value={value} onChange={(v) => onChange?.(v)} data-testid={testIdPrefix}>
      {RISK_DEPARTMENTS.map((d) => (
        <Checkbox key={d} value={d} data-testid={`${testIdPrefix}-${d}`}>
          {t(`risk.department.${d}`)}
        </Checkbox>
      ))}
    </Checkbox.Group>
  );
}

/**
 * Starts an assessment. The id is made once per form, so pressing again after a lost answer is
 * the same assessment; once accepted, on to its page.
 */
function StartModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<StartValues>();
  const assessmentId = useRef(newUuid());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

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
      const r = await startRiskAssessment({
        assessmentId: assessmentId.current,
        title: v.title.trim(),
        area: v.area.trim(),
        orgUnitId: v.orgUnitId,
        departments: v.departments,
      });
      navigate(`/risk-assessments/${encodeURIComponent(r.assessmentId)}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.details.length) {
        const other = landErrors(err, new Set(['title', 'area', 'orgUnitId', 'departments']), (f) => form.setFields(f as never));
        setError(other.length ? other.join(' ') : t('completeModal.invalid'));
      } else setError(`${errorText(err)} ${t('riskStart.retryHint')}`);
      setBusy(false);
    }
  };

  const required = (field: string) => ({ required: true, whitespace: true, message: t('completeModal.required', { field }) });
  return (
    <Modal
      open
      title={t('riskStart.title')}
      okText={t('riskStart.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ ...({ 'data-testid': 'risk-start-submit' } as Record<string, string>) }}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('riskStart.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="risk-start-error" />}
      <Form<StartValues> form={form} layout="vertical" initialValues={{ departments: [...RISK_DEPARTMENTS] }} data-testid="risk-start-form">
        <Form.Item name="title" label={t('riskStart.name')} rules={[required(t('riskStart.name')), { max: 200 }]}>
          <Input maxLength={200} placeholder={t('riskStart.namePlaceholder')} data-testid="risk-start-title" />
        </Form.Item>
        <Form.Item name="area" label={t('riskStart.area')} rules={[required(t('riskStart.area')), { max: 200 }]}>
          <Input maxLength={200} placeholder={t('riskStart.areaPlaceholder')} data-testid="risk-start-area" />
        </Form.Item>
        <Form.Item
          name="orgUnitId"
          label={t('riskStart.unit')}
          extra={t('riskStart.unitHint')}
          rules={[{ required: true, message: t('completeModal.required', { field: t('riskStart.unit') }) }]}
        >
          <OrgUnitSelect testId="risk-start-unit" />
        </Form.Item>
        <Form.Item
          name="departments"
          label={t('riskStart.departments')}
          extra={t('riskStart.departmentsHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('riskStart.departmentsRequired') }]}
        >
          <DepartmentBoxes testIdPrefix="risk-start-dept" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SchedulesTab({ hub }: { hub: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [items, setItems] = useState<RiskSchedule[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<RiskSchedule | 'new' | null>(null);
  const [pausing, setPausing] = useState<RiskSchedule | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = async () => {
    try {
      setItems((await listRiskSchedules()).items);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };
  usePolling(load, POLL_MS, []);

  const act = async (key: string, action: () => Promise<unknown>, done: string) => {
    setBusy(key);
    try {
      await action();
      void message.success(done);
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
      await load();
    }
  };

  const dayTime = (s: RiskSchedule) => t('riskSchedule.when', { day: s.dayOfMonth, time: s.time, zone: s.timeZone });
  const columns: TableColumnsType<RiskSchedule> = [
    {
      key: 'unit',
      title: t('riskSchedule.colUnit'),
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{s.orgUnitName}</Typography.Text>
          <Typography.Text type="secondary">
            {s.title} · {s.area}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'departments', title: t('riskSchedule.colDepartments'), render: (_, s) => s.departments.map((d) => <Tag key={d}>{t(`risk.department.${d}`)}</Tag>) },
    { key: 'when', title: t('riskSchedule.colWhen'), render: (_, s) => <span data-testid={`schedule-when-${s.orgUnitId}`}>{dayTime(s)}</span> },
    {
      key: 'state',
      title: t('riskSchedule.colState'),
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <Tag color={s.paused ? 'orange' : 'green'} data-testid={`schedule-state-${s.orgUnitId}`} data-paused={s.paused ? 'true' : 'false'}>
            {s.paused ? t('riskSchedule.paused') : t('riskSchedule.active')}
          </Tag>
          {s.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.note}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'next',
      title: t('riskSchedule.colNext'),
      render: (_, s) =>
        s.paused || !s.nextRuns[0] ? (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ) : (
          <Tooltip
            title={s.nextRuns.map((r) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(r))).join(' · ')}
          >
            <span>
              <RelativeTime iso={s.nextRuns[0]} />
            </span>
          </Tooltip>
        ),
    },
    {
      key: 'runs',
      title: t('riskSchedule.colRuns'),
      render: (_, s) =>
        s.runs > 0 ? (
          <Link to={`/risk-assessments?scheduleId=${encodeURIComponent(s.scheduleId)}`} data-testid={`schedule-runs-${s.orgUnitId}`}>
            {t('riskSchedule.runs', { count: s.runs })}
          </Link>
        ) : (
          <Typography.Text type="secondary">{t('riskSchedule.runs', { count: 0 })}</Typography.Text>
        ),
    },
  ];
  if (hub)
    columns.push({
      key: 'actions',
      title: t('inbox.colActions'),
      render: (_, s) => (
        <Space size="small" wrap>
          <Button size="small" onClick={() => setEditing(s)} data-testid={`schedule-edit-${s.orgUnitId}`}>
            {t('riskSchedule.edit')}
          </Button>
          <Button size="small" onClick={() => setPausing(s)} data-testid={`schedule-pause-${s.orgUnitId}`}>
            {s.paused ? t('riskSchedule.resume') : t('riskSchedule.pause')}
          </Button>
          <Button
            size="small"
            loading={busy === `trigger-${s.scheduleId}`}
            onClick={() => void act(`trigger-${s.scheduleId}`, () => triggerRiskSchedule(s.scheduleId), t('riskSchedule.triggered'))}
            data-testid={`schedule-trigger-${s.orgUnitId}`}
          >
            {t('riskSchedule.runNow')}
          </Button>
          <Popconfirm
            title={t('riskSchedule.deleteConfirm', { unit: s.orgUnitName })}
            description={t('riskSchedule.deleteHint')}
            okText={t('riskSchedule.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => act(`delete-${s.scheduleId}`, () => deleteRiskSchedule(s.scheduleId), t('riskSchedule.deleted'))}
          >
            <Button size="small" danger loading={busy === `delete-${s.scheduleId}`} data-testid={`schedule-delete-${s.orgUnitId}`}>
              {t('riskSchedule.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });

  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('riskSchedule.hint')}</Typography.Text>
        <Space wrap>
          <Button onClick={() => void load()} data-testid="schedules-refresh">
            {t('common.refresh')}
          </Button>
          {hub && (
            <Button type="primary" ghost onClick={() => setEditing('new')} data-testid="schedule-new">
              {t('riskSchedule.new')}
            </Button>
          )}
        </Space>
      </Space>
      {error && (
        <Typography.Paragraph type="danger" data-testid="schedules-error">
          {error}
        </Typography.Paragraph>
      )}
      <Table<RiskSchedule>
        rowKey="scheduleId"
        size="middle"
        data-testid="schedules-table"
        columns={columns}
        dataSource={items ?? []}
        loading={!items && !error}
        onRow={(s) => testId(`schedule-row-${s.orgUnitId}`)}
        locale={{ emptyText: t('riskSchedule.empty') }}
        scroll={{ x: 1000 }}
        pagination={false}
      />
      {editing && (
        <ScheduleModal
          schedule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={(created) => {
            setEditing(null);
            void message.success(created ? t('riskSchedule.created') : t('riskSchedule.saved'));
            void load();
          }}
        />
      )}
      {pausing && (
        <PauseModal
          schedule={pausing}
          onClose={() => setPausing(null)}
          onDone={(paused) => {
            setPausing(null);
            void message.success(paused ? t('riskSchedule.pausedDone') : t('riskSchedule.resumedDone'));
            void load();
          }}
        />
      )}
    </>
  );
}

interface ScheduleValues {
  orgUnitId: string;
  title: string;
  area: string;
  departments: RiskDepartment[];
  dayOfMonth: number;
  time: string;
  timeZone: string;
  paused: boolean;
  note?: string;
}

const DEFAULT_ZONE = 'Asia/Shanghai';

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = new Set([DEFAULT_ZONE, current, 'UTC', ...all]);
  return [...zones];
}

/** Creates or changes a unit's monthly schedule (one per unit: the unit is fixed once it exists). */
function ScheduleModal({ schedule, onClose, onDone }: { schedule: RiskSchedule | null; onClose: () => void; onDone: (created: boolean) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<ScheduleValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initial: Partial<ScheduleValues> = schedule
    ? {
        orgUnitId: schedule.orgUnitId,
        title: schedule.title,
        area: schedule.area,
        departments: schedule.departments,
        dayOfMonth: schedule.dayOfMonth,
        time: schedule.time,
        timeZone: schedule.timeZone,
        paused: schedule.paused,
      }
    : { title: t('riskSchedule.defaultTitle'), departments: [...RISK_DEPARTMENTS], dayOfMonth: 1, time: '08:00', timeZone: DEFAULT_ZONE, paused: false };

  const submit = async () => {
    setError(null);
    let v: ScheduleValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await saveRiskSchedule({
        orgUnitId: v.orgUnitId,
        title: v.title.trim(),
        area: v.area.trim(),
        departments: v.departments,
        dayOfMonth: v.dayOfMonth,
        time: v.time,
        timeZone: v.timeZone,
        paused: v.paused === true,
        note: v.note?.trim() || undefined,
      });
      onDone(!schedule);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.details.length) {
        const other = landErrors(err, new Set(['orgUnitId', 'title', 'area', 'departments', 'dayOfMonth', 'time', 'timeZone', 'paused', 'note']), (f) =>
          form.setFields(f as never),
        );
        setError(other.length ? other.join(' ') : t('completeModal.invalid'));
      } else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => ({ required: true, whitespace: true, message: t('completeModal.required', { field }) });
  return (
    <Modal
      open
      title={schedule ? t('riskSchedule.editTitle', { unit: schedule.orgUnitName }) : t('riskSchedule.newTitle')}
      okText={t('riskSchedule.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ ...({ 'data-testid': 'schedule-submit' } as Record<string, string>) }}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="schedule-error" />}
      <Form<ScheduleValues> form={form} layout="vertical" initialValues={initial} data-testid="schedule-form">
        <Form.Item
          name="orgUnitId"
          label={t('riskStart.unit')}
          extra={schedule ? t('riskSchedule.unitFixed') : t('riskSchedule.unitHint')}
          rules={[{ required: true, message: t('completeModal.required', { field: t('riskStart.unit') }) }]}
        >
          {schedule ? <Input value={schedule.orgUnitName} disabled /> : <OrgUnitSelect testId="schedule-unit" />}
        </Form.Item>
        <Form.Item name="title" label={t('riskStart.name')} rules={[required(t('riskStart.name')), { max: 200 }]}>
          <Input maxLength={200} data-testid="schedule-title" />
        </Form.Item>
        <Form.Item name="area" label={t('riskStart.area')} rules={[required(t('riskStart.area')), { max: 200 }]}>
          <Input maxLength={200} placeholder={t('riskStart.areaPlaceholder')} data-testid="schedule-area" />
        </Form.Item>
        <Form.Item
          name="departments"
          label={t('riskStart.departments')}
          rules={[{ required: true, type: 'array', min: 1, message: t('riskStart.departmentsRequired') }]}
        >
          <DepartmentBoxes testIdPrefix="schedule-dept" />
        </Form.Item>
        <Row gutter={8}>
          <Col xs={12} sm={6}>
            <Form.Item
              name="dayOfMonth"
              label={t('riskSchedule.day')}
              rules={[{ required: true, type: 'number', min: 1, max: 28, message: t('riskSchedule.dayRange') }]}
            >
              <InputNumber min={1} max={28} precision={0} style={{ width: '100%' }} data-testid="schedule-day" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="time"
              label={t('riskSchedule.time')}
              rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('riskSchedule.timeFormat') }]}
            >
              <Input type="time" data-testid="schedule-time" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="timeZone"
              label={t('riskSchedule.timeZone')}
              rules={[{ required: true, message: t('completeModal.required', { field: t('riskSchedule.timeZone') }) }]}
            >
              <Select showSearch data-testid="schedule-zone" options={timeZones(initial.timeZone ?? DEFAULT_ZONE).map((z) => ({ value: z, label: z }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="paused" label={t('riskSchedule.pausedLabel')} valuePropName="checked">
          <Switch data-testid="schedule-paused" />
        </Form.Item>
        <Form.Item name="note" label={t('riskSchedule.note')} rules={[{ max: 500 }]}>
          <Input maxLength={500} data-testid="schedule-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Pause or resume, with a note saying why (kept on the schedule). */
function PauseModal({ schedule, onClose, onDone }: { schedule: RiskSchedule; onClose: () => void; onDone: (paused: boolean) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pause = !schedule.paused;

  const submit = async () => {
    let v: { note: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await pauseRiskSchedule(schedule.scheduleId, pause, v.note.trim());
      onDone(pause);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={pause ? t('riskSchedule.pauseTitle', { unit: schedule.orgUnitName }) : t('riskSchedule.resumeTitle', { unit: schedule.orgUnitName })}
      okText={pause ? t('riskSchedule.pause') : t('riskSchedule.resume')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ ...({ 'data-testid': 'pause-submit' } as Record<string, string>) }}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="note"
          label={t('riskSchedule.pauseNote')}
          rules={[{ required: true, whitespace: true, message: t('riskSchedule.pauseNoteRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="pause-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
