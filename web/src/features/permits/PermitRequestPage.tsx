import { Alert, Button, Card, Col, Form, Input, Result, Row, Select, Space } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isoToLocalInput, localInputToIso } from '../../shared/format';
import { useServerErrors } from '../../shared/useServerErrors';
import { navigate, useLocation } from '../../router';
import { newUuid, UUID_RE } from '../hazards/hazard';
import { PersonSearchSelect } from '../incidents/IncidentFormFields';
import { atLeastOneRow, RowsField, rowItemStyle } from '../tasks/RowsField';
import {
  CREW_ROLES,
  LEVELS_OF,
  MEASURE_KINDS,
  PERMIT_TYPES,
  requestPermit,
  type CrewRole,
  type PermitLevel,
  type PermitRequested,
  type PermitType,
  type SafetyMeasureKind,
} from './api';
import { placeServerError, useCopyOfPermit, usePlaces, type RequestValues } from './requestForm';
import { ConflictsAlert } from './PermitTags';
import { PhoneForm } from '../../shared/components/PhoneForm';

type Sent = PermitRequested & { permitId: string };

/** Request a permit to work on a phone: one column, the type's own levels, rows for crew, JSA and measures, the send button always in reach. */
export function PermitRequestPage() {
  const [round, setRound] = useState(0);
  const [sent, setSent] = useState<Sent | null>(null);
  if (sent)
    return (
      <PermitSent
        sent={sent}
        onAnother={() => {
          setSent(null);
          setRound((r) => r + 1);
        }}
      />
    );
  // A new form (a new permit id) per request; a resend of one request keeps its id: the same permit.
  return <RequestForm key={round} onDone={setSent} />;
}

function PermitSent({ sent, onAnother }: { sent: Sent; onAnother: () => void }) {
  const { t } = useTranslation();
  const to = `/permits/${sent.permitId}`;
  return (
    <Card style={{ maxWidth: 560, margin: '0 auto' }}>
      <Result
        status="success"
        title={sent.created ? t('permitForm.done') : t('permitForm.duplicate')}
        subTitle={
          <span data-testid="permit-number">
            {sent.number} · {t('permitForm.doneHint')}
          </span>
        }
        extra={
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <ConflictsAlert conflicts={sent.conflicts} title={t('permitForm.conflicts')} />
            <Space wrap size={[8, 8]} style={{ justifyContent: 'center' }}>
              <Button type="primary" size="large" onClick={() => navigate(to)} data-testid="permit-link">
                {t('permitForm.open')}
              </Button>
              <Button size="large" onClick={onAnother} data-testid="permit-request-another">
                {t('permitForm.another')}
              </Button>
            </Space>
          </Space>
        }
      />
    </Card>
  );
}

function RequestForm({ onDone }: { onDone: (r: Sent) => void }) {
  const { t } = useTranslation();
  const { search } = useLocation();
  const prefilled = search.get('area');
  const from = search.get('from');
  const [form] = Form.useForm<RequestValues>();
  const copying = useCopyOfPermit(form, from && UUID_RE.test(from) ? from : null);
  const serverErrors = useServerErrors(form, { fields: placeServerError });
  const permitId = useRef(newUuid());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const places = usePlaces();
  const type = Form.useWatch('type', form) ?? 'hot_work';
  const levels = LEVELS_OF[type];
  const required = [{ required: true, whitespace: true, message: t('permitForm.required') }];
  const oneRow = atLeastOneRow(true, () => t('permitForm.oneRow'));

  const submit = async (v: RequestValues) => {
    setError(null);
    setBusy(true);
    try {
      const place = places.resolve(v.place ?? '');
      const contractor = v.contractor?.trim();
      const r = await requestPermit({
        permitId: permitId.current,
        type: v.type,
        level: levels.length === 1 ? levels[0] : (v.level ?? levels[0]),
        ...place,
        workContent: v.workContent.trim(),
        windowFrom: localInputToIso(v.windowFrom),
        windowTo: localInputToIso(v.windowTo),
        crew: v.crew.map((c) => ({ personId: c.personId ?? '', role: c.role ?? 'operator' })),
        ...(contractor ? { contractor } : {}),
        jsa: v.jsa.map((s) => ({ step: s.step?.trim() ?? '', hazards: s.hazards?.trim() ?? '', controls: s.controls?.trim() ?? '' })),
        measures: v.measures.map((m) => ({
          kind: m.kind ?? 'other',
          description: m.description?.trim() ?? '',
          ...(m.lockNumber?.trim() ? { lockNumber: m.lockNumber.trim() } : {}),
        })),
      });
      onDone({ ...r, permitId: permitId.current });
    } catch (err) {
      setError(serverErrors(err));
    } finally {
      setBusy(false);
    }
  };

  const now = new Date();
  return (
    <Card title={t('permitForm.title')} style={{ maxWidth: 640, margin: '0 auto' }} styles={{ body: { padding: 16 } }}>
      <PhoneForm<RequestValues>
        form={form}
        testId="permit-request-form"
        initialValues={{
          type: 'hot_work',
          level: 'first',
          place: prefilled && UUID_RE.test(prefilled) ? prefilled : undefined,
          windowFrom: isoToLocalInput(now),
          windowTo: isoToLocalInput(new Date(now.getTime() + 4 * 3600_000)),
          crew: [{ role: 'operator' }],
          jsa: [{}],
          measures: [{ kind: 'fire_equipment' }],
        }}
        onValuesChange={(changed: Partial<RequestValues>) => {
          // A new type: its first level, unless the level chosen is one of its own.
          if (changed.type && !LEVELS_OF[changed.type].includes(form.getFieldValue('level') as PermitLevel))
            form.setFieldValue('level', LEVELS_OF[changed.type][0]);
        }}
        onSubmit={submit}
      >
        <Form.Item name="type" label={t('permitForm.type')} rules={required}>
          <Select<PermitType> data-testid="permit-type" options={PERMIT_TYPES.map((v) => ({ value: v, label: t(`permit.type.${v}`) }))} />
        </Form.Item>
        {levels.length > 1 && (
          <Form.Item name="level" label={t('permitForm.level')} rules={required}>
            <Select<PermitLevel> data-testid="permit-level" options={levels.map((v) => ({ value: v, label: t(`permit.level.${v}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="place" label={t('permitForm.area')} rules={required}>
          <Select<string>
            data-testid="permit-area"
            showSearch={{ optionFilterProp: 'label' }}
            loading={places.loading}
            options={places.options}
            placeholder={t('permitForm.areaPlaceholder')}
            notFoundContent={t('permitForm.areaNone')}
          />
        </Form.Item>
        <Form.Item name="workContent" label={t('permitForm.workContent')} rules={[...required, { max: 2000 }]}>
          <Input.TextArea data-testid="permit-work-content" rows={2} maxLength={2000} placeholder={t('permitForm.workContentPlaceholder')} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="windowFrom" label={t('permitForm.windowFrom')} rules={required}>
              <Input type="datetime-local" data-testid="permit-window-from" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="windowTo"
              label={t('permitForm.windowTo')}
              dependencies={['windowFrom']}
              rules={[
                ...required,
                ({ getFieldValue }) => ({
                  validator: (_r, v: string | undefined) =>
                    !v || !getFieldValue('windowFrom') || v > (getFieldValue('windowFrom') as string)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('permitForm.windowOrder'))),
                }),
              ]}
            >
              <Input type="datetime-local" data-testid="permit-window-to" />
            </Form.Item>
          </Col>
        </Row>
        <RowsField
          name="crew"
          label={t('permitForm.crew')}
          testId="permit-crew"
          initialValue={[]}
          rules={oneRow}
          max={30}
          addLabel={t('permitForm.crewAdd')}
          newRow={() => ({ role: 'operator' })}
        >
          {(row, i, removeButton) => (
            <>
              <Form.Item name={[row.name, 'personId']} label={t('permitForm.crewPerson')} rules={required} style={rowItemStyle}>
                <PersonSearchSelect testId={`permit-crew-${i}-person`} valueLabel={form.getFieldValue(['crew', row.name, 'name']) as string | undefined} />
              </Form.Item>
              <Form.Item name={[row.name, 'role']} label={t('permitForm.crewRole')} rules={required} style={rowItemStyle}>
                <Select<CrewRole> data-testid={`permit-crew-${i}-role`} options={CREW_ROLES.map((v) => ({ value: v, label: t(`permit.crewRole.${v}`) }))} />
              </Form.Item>
              {removeButton}
            </>
          )}
        </RowsField>
        <Form.Item name="contractor" label={t('permitForm.contractor')} rules={[{ max: 200 }]}>
          <Input data-testid="permit-contractor" maxLength={200} autoComplete="off" />
        </Form.Item>
        <RowsField name="jsa" label={t('permitForm.jsa')} testId="permit-jsa" initialValue={[]} rules={oneRow} max={50} addLabel={t('permitForm.jsaAdd')}>
          {(row, i, removeButton) => (
            <>
              <Form.Item name={[row.name, 'step']} label={t('permitForm.jsaStep')} rules={[...required, { max: 500 }]} style={rowItemStyle}>
                <Input data-testid={`permit-jsa-${i}-step`} maxLength={500} autoComplete="off" />
              </Form.Item>
              <Form.Item name={[row.name, 'hazards']} label={t('permitForm.jsaHazards')} rules={[...required, { max: 1000 }]} style={rowItemStyle}>
                <Input.TextArea data-testid={`permit-jsa-${i}-hazards`} rows={1} maxLength={1000} />
              </Form.Item>
              <Form.Item name={[row.name, 'controls']} label={t('permitForm.jsaControls')} rules={[...required, { max: 1000 }]} style={rowItemStyle}>
                <Input.TextArea data-testid={`permit-jsa-${i}-controls`} rows={1} maxLength={1000} />
              </Form.Item>
              {removeButton}
            </>
          )}
        </RowsField>
        <RowsField
          name="measures"
          label={t('permitForm.measures')}
          testId="permit-measures"
          initialValue={[]}
          rules={oneRow}
          max={100}
          addLabel={t('permitForm.measuresAdd')}
          newRow={() => ({ kind: 'isolation' })}
        >
          {(row, i, removeButton) => (
            <>
              <Form.Item name={[row.name, 'kind']} label={t('permitForm.measureKind')} rules={required} style={rowItemStyle}>
                <Select<SafetyMeasureKind>
                  data-testid={`permit-measures-${i}-kind`}
                  options={MEASURE_KINDS.map((v) => ({ value: v, label: t(`permit.measureKind.${v}`) }))}
                />
              </Form.Item>
              <Form.Item name={[row.name, 'description']} label={t('permitForm.measureDescription')} rules={[...required, { max: 1000 }]} style={rowItemStyle}>
                <Input data-testid={`permit-measures-${i}-description`} maxLength={1000} autoComplete="off" />
              </Form.Item>
              <Form.Item
                name={[row.name, 'lockNumber']}
                label={t('permitForm.lockNumber')}
                dependencies={[['measures', row.name, 'kind']]}
                rules={[
                  { max: 64 },
                  ({ getFieldValue }) => ({
                    validator: (_r, v: string | undefined) =>
                      getFieldValue(['measures', row.name, 'kind']) === 'isolation' && !v?.trim()
                        ? Promise.reject(new Error(t('permitForm.lockNumberRequired')))
                        : Promise.resolve(),
                  }),
                ]}
                style={rowItemStyle}
              >
                <Input data-testid={`permit-measures-${i}-lock`} maxLength={64} autoComplete="off" />
              </Form.Item>
              {removeButton}
            </>
          )}
        </RowsField>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="permit-request-error" />}
        {/* Always in reach on a phone: the button sticks to the bottom of the screen while the form scrolls. */}
        <div style={{ position: 'sticky', bottom: 0, background: '#fff', paddingBlock: 8, zIndex: 2 }}>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={busy || copying}
            data-testid="permit-submit"
            style={{ minHeight: 52, fontSize: 18 }}
          >
            {t('permitForm.submit')}
          </Button>
        </div>
      </PhoneForm>
    </Card>
  );
}
