import { Alert, App, Button, Col, Form, Input, Popconfirm, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CADENCES,
  deleteCycleSchedule,
  saveCycleSchedule,
  triggerCycleSchedule,
  type Cadence,
  type CycleSchedule,
  type CycleScheduleInput,
} from '../../shared/api';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { useErrorText } from '../../shared/hooks';
import { testId } from '../../shared/testIds';
import { DEFAULT_ZONE, timeZones } from '../../shared/timeZones';
import { useServerErrors } from '../../shared/useServerErrors';
import { useLabel } from '../../i18n';
import { useUnitName } from './CycleProgress';
import { NextRuns } from '../../shared/components/NextRuns';
import { SwitchItem } from '../../shared/components/SwitchItem';

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

/**
 * One schedule per scope and cadence (a Temporal Schedule; each run scores the period that just
 * ended). The API has no list of them: the tab shows the ones saved here, each with run now,
 * pause / resume and delete.
 */
export function CycleSchedulesTab() {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const unitName = useUnitName();
  const [form] = Form.useForm<ScheduleValues>();
  const serverErrors = useServerErrors(form, { fields: ['scopeOrgUnitId', 'cadence', 'time', 'timeZone', 'paused'] });
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
      setError(serverErrors(err));
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
      render: (_, s) => <NextRuns paused={s.schedule.paused} nextRuns={s.schedule.nextRuns} />,
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
              <Select showSearch data-testid="cycle-schedule-zone" options={timeZones(DEFAULT_ZONE).map((z) => ({ value: z, label: z }))} />
            </Form.Item>
          </Col>
          <Col xs={8} md={2}>
            <SwitchItem name="paused" label={t('cycleSchedule.pausedLabel')} testId="cycle-schedule-paused" />
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
