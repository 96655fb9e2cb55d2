import { Alert, Button, Card, Col, Form, Input, Modal, Row, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, createTraining, listTrainings, type Page, type TrainingDetail, type TrainingFilter, type TrainingSummary } from '../../shared/api';
import { ImportFileButton } from '../../shared/components/ImportFileButton';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { PeoplePicker } from '../../shared/components/PeoplePicker';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { showFieldErrors, type FieldName } from '../../shared/formErrors';
import { newUuid, UUID_RE } from '../hazards/hazard';
import { useErrorText, usePolling } from '../../shared/hooks';
import { DAY_RE, groupToday, trainingPath } from '../../shared/operations';
import { TRAINER_ROLES } from '../../routes';
import { Link, navigate, setSearchParams, useLocation } from '../../router';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';

const PAGE_SIZE = 25;
const POLL_MS = 30_000;

/** The columns of an attendance file (api/trainings/routes.ts). */
export const ATTENDANCE_COLUMNS = 'training, person, attended, passed, remark';

/** "12 Jun 2026" for a YYYY-MM-DD day, whatever the browser's time zone. */
export function useDayFormat(style: 'medium' | 'long' = 'medium'): (day: string) => string {
  const { i18n } = useTranslation();
  return (day: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: style, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/**
 * Safety trainings (安全培训): sessions organised in the user's scope or attended by them, with
 * attendance counts; organisers (safety hub, HR, department heads) create sessions with their
 * participants and import attendance from CSV / xlsx.
 */
export function TrainingListPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { user } = useSession();
  const { search } = useLocation();
  const day = useDayFormat();
  const canOrganise = hasRole(user, ...TRAINER_ROLES);
  const orgUnitId = search.get('orgUnitId');
  const from = search.get('from');
  const to = search.get('to');
  const page = Math.max(1, Number(search.get('page')) || 1);
  const filter: TrainingFilter = {
    orgUnitId: orgUnitId && UUID_RE.test(orgUnitId) ? orgUnitId : undefined,
    from: from && DAY_RE.test(from) ? from : undefined,
    to: to && DAY_RE.test(to) ? to : undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const key = JSON.stringify(filter);
  const [loaded, setLoaded] = useState<{ key: string; result: Page<TrainingSummary> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const request = useRef(0);
  const data = loaded?.key === key ? loaded.result : null;

  const load = async () => {
    const mine = ++request.current;
    try {
      const result = await listTrainings(filter);
      if (mine !== request.current) return;
      setLoaded({ key, result });
      setError(null);
    } catch (err) {
      if (mine === request.current) setError(errorText(err));
    }
  };
  usePolling(load, POLL_MS, [key]);
  const set = (name: string, value: string | null | undefined) => setSearchParams({ [name]: value || null, page: null });

  const columns: TableColumnsType<TrainingSummary> = [
    {
      key: 'title',
      title: t('trainings.colSession'),
      render: (_, x) => (
        <Space orientation="vertical" size={0}>
          <Link to={trainingPath(x.id)} data-testid={`training-link-${x.id}`}>
            <Typography.Text strong style={{ color: 'inherit' }}>
              {x.title}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {x.topic}
            {x.code && ` · ${x.code}`}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'date', title: t('trainings.colDate'), render: (_, x) => day(x.heldOn) },
    { key: 'unit', title: t('trainings.colUnit'), dataIndex: 'orgUnitName' },
    { key: 'trainer', title: t('trainings.colTrainer'), dataIndex: 'trainer' },
    {
      key: 'attendance',
      title: t('trainings.colAttendance'),
      render: (_, x) => (
        <span data-testid="training-counts" data-participants={x.participants} data-attended={x.attended} data-passed={x.passed} data-recorded={x.recorded}>
          {t('trainings.counts', { participants: x.participants, attended: x.attended, passed: x.passed })}
          {x.recorded < x.participants && (
            <Typography.Text type="warning" style={{ display: 'block', fontSize: 12 }}>
              {t('trainings.pending', { count: x.participants - x.recorded })}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      key: 'created',
      title: t('trainings.colCreated'),
      render: (_, x) => (
        <Space orientation="vertical" size={0}>
          <RelativeTime iso={x.createdAt} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {x.createdBy}
          </Typography.Text>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('trainings.title')}
      data-testid="trainings"
      extra={
        <Space wrap>
          <Button onClick={() => void load()} data-testid="trainings-refresh">
            {t('common.refresh')}
          </Button>
          {canOrganise && (
            <ImportFileButton
              path="/api/trainings/import"
              title={t('trainings.importTitle')}
              columns={ATTENDANCE_COLUMNS}
              onImported={() => void load()}
              testIdPrefix="trainings"
            />
          )}
          {canOrganise && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="training-new">
              {t('trainings.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Row gutter={[8, 8]} style={{ marginBottom: 16 }} data-testid="training-filters">
        <Col xs={24} md={8} xl={6}>
          <OrgUnitSelect
            allowClear
            value={filter.orgUnitId}
            onChange={(v) => set('orgUnitId', v)}
            placeholder={t('trainings.filterUnit')}
            testId="filter-unit"
          />
        </Col>
        <Col xs={24} md={12} xl={8}>
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
      </Row>
      {error && (
        <Typography.Paragraph type="danger" data-testid="trainings-error">
          {error}
        </Typography.Paragraph>
      )}
      <Table<TrainingSummary>
        rowKey="id"
        size="middle"
        data-testid="trainings-table"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={!data && !error}
        onRow={(x) => testId(`training-row-${x.id}`)}
        locale={{ emptyText: t('trainings.empty') }}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (n) => t('trainings.listTotal', { count: n }),
          onChange: (p) => setSearchParams({ page: p === 1 ? null : String(p) }),
        }}
      />
      {creating && <NewTrainingModal onClose={() => setCreating(false)} onCreated={(d) => navigate(trainingPath(d.id))} />}
    </Card>
  );
}

interface NewValues {
  code?: string;
  title: string;
  topic: string;
  orgUnitId: string;
  heldOn: string;
  trainer: string;
  participantIds: string[];
}

const FIELDS = new Set(['code', 'title', 'topic', 'orgUnitId', 'heldOn', 'trainer', 'participantIds']);
const isField = (name: FieldName) => FIELDS.has(String(name[0])) && name.length === 1;

function NewTrainingModal({ onClose, onCreated }: { onClose: () => void; onCreated: (d: TrainingDetail) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { user } = useSession();
  const [form] = Form.useForm<NewValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [trainingId] = useState(newUuid);
  const unitId = Form.useWatch('orgUnitId', form);

  const submit = async () => {
    let v: NewValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onCreated(
        await createTraining({
          trainingId,
          code: v.code?.trim() || null,
          title: v.title.trim(),
          topic: v.topic.trim(),
          orgUnitId: v.orgUnitId,
          heldOn: v.heldOn,
          trainer: v.trainer.trim(),
          participantIds: v.participantIds ?? [],
        }),
      );
    } catch (err) {
      // Participant errors name the index (body.participantIds.3): shown on the picker.
      const other = showFieldErrors(form, err, 'body', isField);
      if (other === null && err instanceof ApiError && err.status === 409 && err.details.some((d) => d.path === 'body.code'))
        form.setFields([{ name: 'code', errors: [err.message] }]);
      else setError(other === null ? errorText(err) : other.length ? other.join(' ') : null);
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => ({ required: true, whitespace: true, message: t('completeModal.required', { field }) });
  return (
    <Modal
      open
      title={t('trainings.newTitle')}
      okText={t('trainings.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ ...({ 'data-testid': 'training-submit' } as Record<string, string>) }}
      width={720}
      destroyOnHidden
    >
      <Form<NewValues>
        form={form}
        layout="vertical"
        initialValues={{ heldOn: groupToday(), trainer: user.displayName, participantIds: [], orgUnitId: user.orgUnitId }}
        data-testid="training-form"
      >
        <Row gutter={12}>
          <Col xs={24} md={16}>
            <Form.Item name="title" label={t('trainings.sessionTitle')} rules={[required(t('trainings.sessionTitle')), { max: 200 }]}>
              <Input maxLength={200} data-testid="training-title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="code" label={t('trainings.code')} extra={t('trainings.codeHint')} rules={[{ max: 64 }]}>
              <Input maxLength={64} data-testid="training-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="topic" label={t('trainings.topic')} rules={[required(t('trainings.topic')), { max: 200 }]}>
              <Input maxLength={200} data-testid="training-topic" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="trainer" label={t('trainings.trainer')} rules={[required(t('trainings.trainer')), { max: 200 }]}>
              <Input maxLength={200} data-testid="training-trainer" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="orgUnitId"
              label={t('trainings.unit')}
              extra={t('trainings.unitHint')}
              rules={[{ required: true, message: t('completeModal.required', { field: t('trainings.unit') }) }]}
            >
              <OrgUnitSelect testId="training-unit" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="heldOn"
              label={t('trainings.date')}
              rules={[{ required: true, message: t('completeModal.required', { field: t('trainings.date') }) }]}
            >
              <Input type="date" data-testid="training-date" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="participantIds" label={t('trainings.participants')} extra={t('trainings.participantsHint')}>
          <PeoplePicker orgUnitId={unitId} testId="training-participants" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="training-error" />}
    </Modal>
  );
}
