import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Row, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import {
  ApiError,
  createInspectionTemplate,
  listInspectionTemplates,
  updateInspectionTemplate,
  type InspectionTemplate,
  type InspectionTemplateInput,
} from '../../shared/api';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { nearestField, useServerErrors, type FieldName } from '../../shared/useServerErrors';
import { newUuid } from '../hazards/hazard';
import { usePolledQuery } from '../../shared/query';
import { testId } from '../../shared/testIds';
import { TwoLines } from '../../shared/components/Cells';
import { PolledTable } from '../../shared/components/CardTable';
import { SwitchItem } from '../../shared/components/SwitchItem';

const POLL_MS = 60_000;

/** The checklist templates, read once (`false`) or every `pollMs`. */
export const useInspectionTemplates = (pollMs: number | false) =>
  usePolledQuery(['inspection-templates'], async () => (await listInspectionTemplates()).items, pollMs);

/** The checklist templates (safety hub): items with their maximum score and weight; create and edit. */
export function TemplatesTab() {
  const { t } = useTranslation();
  const templates = useInspectionTemplates(POLL_MS);
  const [editing, setEditing] = useState<InspectionTemplate | 'new' | null>(null);

  const columns: TableColumnsType<InspectionTemplate> = [
    {
      key: 'name',
      title: t('templates.colName'),
      render: (_, x) => <TwoLines main={x.name} sub={x.code} strong />,
    },
    {
      key: 'items',
      title: t('templates.colItems'),
      render: (_, x) => (
        <Space orientation="vertical" size={0}>
          {x.items.map((it) => (
            <Typography.Text key={it.code} style={{ fontSize: 12 }}>
              {it.title} <Typography.Text type="secondary">{t('inspections.maxWeight', { max: it.maxScore, weight: it.weight })}</Typography.Text>
            </Typography.Text>
          ))}
        </Space>
      ),
    },
    {
      key: 'active',
      title: t('templates.colActive'),
      render: (_, x) => <Tag color={x.active ? 'green' : 'default'}>{x.active ? t('templates.active') : t('templates.inactive')}</Tag>,
    },
    {
      key: 'updated',
      title: t('templates.colUpdated'),
      render: (_, x) => <TwoLines main={<RelativeTime iso={x.updatedAt} />} sub={x.createdBy} />,
    },
    {
      key: 'actions',
      title: '',
      render: (_, x) => (
        <Button size="small" onClick={() => setEditing(x)} data-testid={`template-edit-${x.code}`}>
          {t('templates.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={() => setEditing('new')} data-testid="template-new">
          {t('templates.new')}
        </Button>
      </Space>
      <PolledTable<InspectionTemplate>
        query={templates}
        errorTestId="templates-error"
        columns={columns}
        onRow={(x) => testId(`template-row-${x.code}`)}
        emptyText={t('templates.empty')}
        data-testid="templates-table"
      />
      {editing && (
        <TemplateModal
          template={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void templates.refresh();
          }}
        />
      )}
    </>
  );
}

interface TemplateValues {
  code: string;
  name: string;
  description?: string;
  active: boolean;
  items: { code: string; title: string; category?: string; maxScore: number; weight: number }[];
}

const TOP_FIELDS = new Set(['code', 'name', 'description', 'active', 'items']);
const ITEM_FIELDS = new Set(['code', 'title', 'category', 'maxScore', 'weight']);
const isField = (name: FieldName) =>
  name.length === 1
    ? TOP_FIELDS.has(String(name[0]))
    : name.length === 3 && name[0] === 'items' && typeof name[1] === 'number' && ITEM_FIELDS.has(String(name[2]));

function TemplateModal({ template, onClose, onSaved }: { template: InspectionTemplate | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TemplateValues>();
  const serverErrors = useServerErrors(form, { fields: nearestField(isField), quiet: true });
  const [templateId] = useState(() => template?.id ?? newUuid());

  const dialog = useFormDialog(
    form,
    async (v: TemplateValues) => {
      const body: InspectionTemplateInput = {
        code: v.code.trim(),
        name: v.name.trim(),
        description: v.description?.trim() || null,
        active: v.active,
        items: v.items.map((it) => ({
          code: it.code.trim(),
          title: it.title.trim(),
          category: it.category?.trim() || null,
          maxScore: it.maxScore,
          weight: it.weight,
        })),
      };
      if (template) await updateInspectionTemplate(template.id, body);
      else await createInspectionTemplate(templateId, body);
      void message.success(t('templates.saved'));
      onSaved();
    },
    {
      onClose,
      okTestId: 'template-submit',
      errorOf: (err) => {
        if (!(err instanceof ApiError && err.status === 409 && /code/i.test(err.message))) return serverErrors(err);
        form.setFields([{ name: 'code', errors: [err.message] }]);
        return null;
      },
    },
  );

  const required = (field: string) => ({ required: true, whitespace: true, message: t('completeModal.required', { field }) });
  return (
    <Modal
      {...dialog.modalProps}
      title={template ? t('templates.editTitle', { name: template.name }) : t('templates.newTitle')}
      okText={t('templates.save')}
      width={900}
    >
      <Form<TemplateValues>
        form={form}
        layout="vertical"
        data-testid="template-form"
        initialValues={
          template
            ? {
                code: template.code,
                name: template.name,
                description: template.description ?? undefined,
                active: template.active,
                items: template.items.map((it) => ({ ...it, category: it.category ?? undefined })),
              }
            : { active: true, items: [{ code: '', title: '', maxScore: 10, weight: 1 }] }
        }
      >
        <Row gutter={12}>
          <Col xs={24} md={6}>
            <Form.Item name="code" label={t('templates.code')} rules={[required(t('templates.code')), { max: 64 }]}>
              <Input maxLength={64} data-testid="template-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('templates.name')} rules={[required(t('templates.name')), { max: 200 }]}>
              <Input maxLength={200} data-testid="template-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <SwitchItem name="active" label={t('templates.colActive')} testId="template-active" />
          </Col>
        </Row>
        <Form.Item name="description" label={t('templates.description')} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Typography.Text strong>{t('templates.items')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('templates.itemsHint')}
        </Typography.Paragraph>
        <Form.List
          name="items"
          rules={[{ validator: (_r, v: unknown[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error(t('templates.itemsRequired')))) }]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              <Row gutter={8} style={{ marginBottom: 4 }}>
                {[
                  [4, t('templates.itemCode')],
                  [8, t('templates.itemTitle')],
                  [4, t('templates.itemCategory')],
                  [3, t('templates.itemMax')],
                  [3, t('templates.itemWeight')],
                ].map(([span, title]) => (
                  <Col key={title} xs={0} md={Number(span)}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {title}
                    </Typography.Text>
                  </Col>
                ))}
              </Row>
              {fields.map((f, i) => (
                <Row key={f.key} gutter={8} align="top" data-testid={`template-item-${i}`}>
                  <Col xs={12} md={4}>
                    <Form.Item name={[f.name, 'code']} rules={[required(t('templates.itemCode')), { max: 64 }]} style={{ marginBottom: 8 }}>
                      <Input placeholder={t('templates.itemCode')} maxLength={64} data-testid="template-item-code" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={8}>
                    <Form.Item name={[f.name, 'title']} rules={[required(t('templates.itemTitle')), { max: 300 }]} style={{ marginBottom: 8 }}>
                      <Input placeholder={t('templates.itemTitle')} maxLength={300} data-testid="template-item-title" />
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={4}>
                    <Form.Item name={[f.name, 'category']} rules={[{ max: 64 }]} style={{ marginBottom: 8 }}>
                      <Input placeholder={t('templates.itemCategory')} maxLength={64} />
                    </Form.Item>
                  </Col>
                  <Col xs={6} md={3}>
                    <Form.Item name={[f.name, 'maxScore']} rules={[{ required: true, message: t('templates.maxRequired') }]} style={{ marginBottom: 8 }}>
                      <InputNumber<number> placeholder={t('templates.itemMax')} style={{ width: '100%' }} data-testid="template-item-max" />
                    </Form.Item>
                  </Col>
                  <Col xs={6} md={3}>
                    <Form.Item name={[f.name, 'weight']} rules={[{ required: true, message: t('templates.weightRequired') }]} style={{ marginBottom: 8 }}>
                      <InputNumber<number> placeholder={t('templates.itemWeight')} style={{ width: '100%' }} data-testid="template-item-weight" />
                    </Form.Item>
                  </Col>
                  <Col xs={4} md={2}>
                    <Button danger disabled={fields.length <= 1} onClick={() => remove(i)} aria-label={t('templates.removeItem')}>
                      ✕
                    </Button>
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button onClick={() => add({ code: '', title: '', maxScore: 10, weight: 1 })} data-testid="template-add-item">
                {t('templates.addItem')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} style={{ marginTop: 12 }} data-testid="template-error" />}
    </Modal>
  );
}
