import { Alert, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { pauseRiskSchedule, RISK_DEPARTMENTS, saveRiskSchedule, type RiskDepartment, type RiskSchedule } from '../../shared/api';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { DEFAULT_ZONE, timeZones } from '../../shared/timeZones';
import { useServerErrors } from '../../shared/useServerErrors';
import { DepartmentBoxes } from './RiskStartModal';
import { SwitchItem } from '../../shared/components/SwitchItem';

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

/** Creates or changes a unit's monthly schedule (one per unit: the unit is fixed once it exists). */
export function RiskScheduleModal({ schedule, onClose, onDone }: { schedule: RiskSchedule | null; onClose: () => void; onDone: (created: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ScheduleValues>();
  const serverErrors = useServerErrors(form, { fields: ['orgUnitId', 'title', 'area', 'departments', 'dayOfMonth', 'time', 'timeZone', 'paused', 'note'] });
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

  const dialog = useFormDialog(
    form,
    async (v: ScheduleValues) => {
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
    },
    { onClose, okTestId: 'schedule-submit', errorOf: serverErrors },
  );

  const required = (field: string) => ({ required: true, whitespace: true, message: t('completeModal.required', { field }) });
  return (
    <Modal
      {...dialog.modalProps}
      title={schedule ? t('riskSchedule.editTitle', { unit: schedule.orgUnitName }) : t('riskSchedule.newTitle')}
      okText={t('riskSchedule.save')}
      mask={{ closable: false }}
    >
      {dialog.error && <Alert type="error" showIcon title={dialog.error} style={{ marginBottom: 16 }} data-testid="schedule-error" />}
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
        <SwitchItem name="paused" label={t('riskSchedule.pausedLabel')} testId="schedule-paused" />
        <Form.Item name="note" label={t('riskSchedule.note')} rules={[{ max: 500 }]}>
          <Input maxLength={500} data-testid="schedule-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Pause or resume, with a note saying why (kept on the schedule). */
export function RiskPauseModal({ schedule, onClose, onDone }: { schedule: RiskSchedule; onClose: () => void; onDone: (paused: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  const pause = !schedule.paused;

  const dialog = useFormDialog(
    form,
    async (v: { note: string }) => {
      await pauseRiskSchedule(schedule.scheduleId, pause, v.note.trim());
      onDone(pause);
    },
    { onClose, okTestId: 'pause-submit' },
  );

  return (
    <Modal
      {...dialog.modalProps}
      title={pause ? t('riskSchedule.pauseTitle', { unit: schedule.orgUnitName }) : t('riskSchedule.resumeTitle', { unit: schedule.orgUnitName })}
      okText={pause ? t('riskSchedule.pause') : t('riskSchedule.resume')}
      mask={{ closable: false }}
    >
      {dialog.error && <Alert type="error" showIcon title={dialog.error} style={{ marginBottom: 16 }} />}
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
