import { Alert, App, Checkbox, Col, Divider, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { correctInspection, recordInspection, type InspectionDetail, type InspectionInput, type InspectionTemplate } from '../../shared/api';
import { nearestField, useServerErrors, type FieldName } from '../../shared/useServerErrors';
import { newUuid } from '../hazards/hazard';
import { usePolledQuery } from '../../shared/query';
import { fmtPoints, groupToday, inspectionScoreColor, previewInspectionScore } from '../../shared/operations';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { deviceOffline, enqueue, isNetworkFailure } from '../../shared/offline/outbox';
import { withDeviceCopy } from '../../shared/offline/copies';
import { INSPECTION_TEMPLATES_COPY, readInspectionTemplates } from '../../shared/offline/prime';
import { useSession } from '../../shared/session';

interface ItemValue {
  score?: number | null;
  na?: boolean;
  remark?: string;
}

interface Values {
  templateId?: string;
  orgUnitId?: string;
  inspectedOn: string;
  mode: 'items' | 'total';
  items: ItemValue[];
  total?: number | null;
  remarks?: string;
}

const TOP_FIELDS = new Set(['templateId', 'orgUnitId', 'inspectedOn', 'items', 'total', 'remarks']);
const isField = (name: FieldName) =>
  name.length === 1
    ? TOP_FIELDS.has(String(name[0]))
    : name.length === 3 && name[0] === 'items' && typeof name[1] === 'number' && (name[2] === 'score' || name[2] === 'remark');

/** The form's items for a template: the recorded scores of `inspection` by item code, else empty. */
function itemValues(template: InspectionTemplate | undefined, inspection?: InspectionDetail): ItemValue[] {
  return (template?.items ?? []).map((it) => {
    const was = inspection?.mode === 'items' ? inspection.items.find((x) => x.code === it.code) : undefined;
    return was ? { score: was.score, na: was.score === null, remark: was.remark ?? undefined } : {};
  });
}

/**
 * Record an inspection (pick a template: its checklist items with a score each — up to the
 * item's maximum — or "not applicable", and remarks; or only a total for a paper inspection), or
 * correct a recorded one. The score shown while typing is a preview; the server computes the
 * score and writes the inspection.scored fact. A correction of a score that a published
 * assessment cycle already counts is refused (409): its message is shown.
 */
export function InspectionFormModal({
  inspection,
  onClose,
  onSaved,
}: {
  inspection?: InspectionDetail;
  onClose: () => void;
  onSaved: (d: InspectionDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const { user } = useSession();
  const serverErrors = useServerErrors(form, { fields: nearestField(isField), quiet: true });
  // Without a network, the templates kept on the device (read when the app last started online, shared/offline/prime.ts).
  const templateList = usePolledQuery(['inspection-templates'], () => withDeviceCopy(user.id, INSPECTION_TEMPLATES_COPY, readInspectionTemplates), false);
  const templates = templateList.data ?? null;
  // One id per dialog: pressing Save again after a lost answer records the same inspection.
  const [inspectionId] = useState(() => inspection?.id ?? newUuid());
  const templateId = Form.useWatch('templateId', form);
  const mode = Form.useWatch('mode', form) ?? inspection?.mode ?? 'items';
  const items = (Form.useWatch('items', form) ?? []) as ItemValue[];
  const template = templates?.find((x) => x.id === templateId);

  // A correction starts from the recorded scores, once its template's items are known (once per dialog).
  const filled = useRef(false);
  useEffect(() => {
    if (!inspection || !templates || filled.current) return;
    filled.current = true;
    form.setFieldValue(
      'items',
      itemValues(
        templates.find((x) => x.id === inspection.templateId),
        inspection,
      ),
    );
  }, [inspection, templates, form]);

  const preview =
    mode === 'total'
      ? null
      : template
        ? previewInspectionScore(
            template.items,
            items.map((v) => (v?.na ? null : (v?.score ?? undefined))),
          )
        : null;

  const dialog = useFormDialog(
    form,
    async (v: Values) => {
      if (!template) return;
      const body: InspectionInput = {
        templateId: template.id,
        orgUnitId: v.orgUnitId!,
        inspectedOn: v.inspectedOn,
        remarks: v.remarks?.trim() || null,
        ...(v.mode === 'total'
          ? { total: v.total! }
          : {
              items: template.items.map((it, i) => ({
                code: it.code,
                score: v.items[i]?.na ? null : (v.items[i]?.score ?? null),
                remark: v.items[i]?.remark?.trim() || null,
              })),
            }),
      };
      if (inspection) return onSaved(await correctInspection(inspection.id, body));
      // A new record without a network waits on the device under its inspectionId (a resend is the same inspection).
      const queue = async () => {
        await enqueue({
          id: inspectionId,
          kind: 'inspection',
          owner: user.id,
          title: `${template.name} · ${body.inspectedOn}`,
          body: { inspectionId, ...body },
        });
        void message.info(t('outbox.queuedInspection'));
        onClose();
      };
      if (deviceOffline()) return queue();
      try {
        onSaved(await recordInspection(inspectionId, body));
      } catch (err) {
        if (!isNetworkFailure(err)) throw err;
        await queue();
      }
    },
    { onClose, okTestId: 'inspection-submit', okButtonProps: { disabled: !template }, errorOf: serverErrors },
  );
  const error = dialog.error ?? templateList.errorText;

  const options = (templates ?? []).filter((x) => x.active || x.id === inspection?.templateId).map((x) => ({ value: x.id, label: `${x.name} (${x.code})` }));
  return (
    <Modal
      {...dialog.modalProps}
      title={inspection ? t('inspections.correctTitle') : t('inspections.recordTitle')}
      okText={inspection ? t('inspections.saveCorrection') : t('inspections.record')}
      width={860}
    >
      <div data-testid="inspection-form">
        {inspection && <Typography.Paragraph type="secondary">{t('inspections.correctHint')}</Typography.Paragraph>}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{
            templateId: inspection?.templateId,
            orgUnitId: inspection?.orgUnitId,
            inspectedOn: inspection?.inspectedOn ?? groupToday(),
            mode: inspection?.mode ?? 'items',
            items: [],
            total: inspection?.mode === 'total' ? inspection.score : undefined,
            remarks: inspection?.remarks ?? undefined,
          }}
          onValuesChange={(changed: Partial<Values>) => {
            if ('templateId' in changed) form.setFieldValue('items', itemValues(templates?.find((x) => x.id === changed.templateId)));
          }}
        >
          <Row gutter={12}>
            <Col xs={24} md={10}>
              <Form.Item name="templateId" label={t('inspections.template')} rules={[{ required: true, message: t('inspections.templateRequired') }]}>
                <Select<string>
                  options={options}
                  loading={!templates && !error}
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('inspections.templatePlaceholder')}
                  data-testid="inspection-template"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="orgUnitId" label={t('inspections.unit')} rules={[{ required: true, message: t('inspections.unitRequired') }]}>
                <OrgUnitSelect knownLabel={inspection?.orgUnitName} testId="inspection-unit" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="inspectedOn" label={t('inspections.date')} rules={[{ required: true, message: t('inspections.dateRequired') }]}>
                <Input type="date" max={groupToday()} data-testid="inspection-date" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="mode" label={t('inspections.mode')}>
            <Radio.Group optionType="button" data-testid="inspection-mode">
              <Radio value="items">
                <span data-testid="inspection-mode-items">{t('inspections.modeItems')}</span>
              </Radio>
              <Radio value="total">
                <span data-testid="inspection-mode-total">{t('inspections.modeTotal')}</span>
              </Radio>
            </Radio.Group>
          </Form.Item>
          {/* The items stay registered in total mode (hidden), so switching back keeps what was typed. */}
          <div style={{ display: mode === 'items' ? undefined : 'none' }} data-testid="inspection-items">
            {!template && <Typography.Text type="secondary">{t('inspections.pickTemplate')}</Typography.Text>}
            {template?.items.map((it, i) => {
              const na = !!items[i]?.na;
              return (
                <div key={`${template.id}/${it.code}`} data-testid={`inspection-item-${it.code}`}>
                  {i > 0 && <Divider style={{ margin: '8px 0' }} />}
                  <Row gutter={12} align="top">
                    <Col xs={24} md={10}>
                      <Space orientation="vertical" size={0}>
                        <Typography.Text strong>{it.title}</Typography.Text>
                        <Space size={4} wrap>
                          {it.category && <Tag>{it.category}</Tag>}
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('inspections.maxWeight', { max: it.maxScore, weight: it.weight })}
                          </Typography.Text>
                        </Space>
                      </Space>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item
                        name={['items', i, 'score']}
                        style={{ marginBottom: 4 }}
                        rules={mode === 'items' && !na ? [{ required: true, message: t('inspections.scoreRequired') }] : []}
                        dependencies={[['items', i, 'na']]}
                      >
                        <InputNumber<number>
                          min={0}
                          max={it.maxScore}
                          disabled={na}
                          placeholder={`0–${it.maxScore}`}
                          style={{ width: '100%' }}
                          data-testid="item-score"
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={3}>
                      <Form.Item name={['items', i, 'na']} valuePropName="checked" style={{ marginBottom: 4 }}>
                        <Checkbox
                          data-testid="item-na"
                          onChange={(e) => {
                            if (e.target.checked) form.setFields([{ name: ['items', i, 'score'], value: null, errors: [] }]);
                          }}
                        >
                          {t('inspections.notApplicable')}
                        </Checkbox>
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={7}>
                      <Form.Item name={['items', i, 'remark']} style={{ marginBottom: 4 }} rules={[{ max: 1000 }]}>
                        <Input placeholder={t('inspections.itemRemark')} maxLength={1000} data-testid="item-remark" />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              );
            })}
          </div>
          {mode === 'total' && (
            <Form.Item
              name="total"
              label={t('inspections.total')}
              extra={t('inspections.totalHint')}
              rules={[{ required: true, message: t('inspections.totalRequired') }]}
            >
              <InputNumber<number> min={0} max={100} style={{ width: 160 }} data-testid="inspection-total" />
            </Form.Item>
          )}
          <Form.Item name="remarks" label={t('inspections.remarks')} style={{ marginTop: 12 }} rules={[{ max: 5000 }]}>
            <Input.TextArea rows={2} maxLength={5000} data-testid="inspection-remarks" />
          </Form.Item>
        </Form>
        {mode === 'items' && template && (
          <Statistic
            title={t('inspections.preview')}
            value={preview === null ? t('common.none') : fmtPoints(preview)}
            styles={{ content: preview === null ? undefined : { color: inspectionScoreColor(preview) } }}
            data-testid="inspection-preview"
          />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="inspection-error" />}
      </div>
    </Modal>
  );
}
