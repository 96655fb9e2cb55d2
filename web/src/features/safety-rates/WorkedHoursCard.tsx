import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Typography, type FormInstance, type TableColumnsType } from 'antd';
import { CardTable } from '../../shared/components/CardTable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportFileButton } from '../../shared/components/ImportFileButton';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { useErrorText } from '../../shared/hooks';
import { groupMonth, MONTH_RE } from '../../shared/operations';
import { testId } from '../../shared/testIds';
import { useServerErrors } from '../../shared/useServerErrors';
import { listWorkedHours, putWorkedHours, WORKED_HOURS_IMPORT_PATH, type WorkedHours } from './api';

/** The most entries read at once (the API's cap): a year of a plant's units. */
const READ_SIZE = 200;
/** Entries on a page of the table, latest month first. */
const PAGE_SIZE = 15;

interface HoursValues {
  orgUnitId?: string;
  month: string;
  hours?: number;
}

/**
 * The worked hours the rates divide by, per unit and month, for the page's months and unit. The
 * safety hub, HR and admins enter or correct a month (a row fills the form) and import a file.
 */
export function WorkedHoursCard({
  orgUnitId,
  from,
  to,
  writer,
  onSaved,
}: {
  orgUnitId: string | undefined;
  from: string | undefined;
  to: string | undefined;
  writer: boolean;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [version, setVersion] = useState(0);
  const q = useQuery({
    queryKey: ['worked-hours', orgUnitId, from, to, version],
    queryFn: () => listWorkedHours({ orgUnitId, from, to, pageSize: READ_SIZE }),
    enabled: !!from && !!to,
    refetchOnWindowFocus: false,
  });
  const errorText = useErrorText();
  const [form] = Form.useForm<HoursValues>();
  const saved = () => {
    setVersion((v) => v + 1);
    onSaved();
  };
  // The latest month first (the API lists them oldest first), units by code.
  const rows = [...(q.data?.items ?? [])].sort((a, b) => b.month.localeCompare(a.month) || (a.orgUnitCode ?? '').localeCompare(b.orgUnitCode ?? ''));
  const more = (q.data?.total ?? 0) - rows.length;
  const number = (n: number) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(n);
  const columns: TableColumnsType<WorkedHours> = [
    { key: 'month', title: t('safetyRates.colMonth'), dataIndex: 'month' },
    { key: 'unit', title: t('safetyRates.colUnit'), render: (_, h) => `${h.orgUnitName}${h.orgUnitCode ? ` (${h.orgUnitCode})` : ''}` },
    { key: 'hours', title: t('safetyRates.colHours'), align: 'right', render: (_, h) => number(h.hours) },
    {
      key: 'updated',
      title: t('safetyRates.colUpdated'),
      render: (_, h) => (
        <Typography.Text type="secondary">
          {h.updatedBy} · <RelativeTime iso={h.updatedAt} />
        </Typography.Text>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('safetyRates.hoursTitle')}
      data-testid="worked-hours"
      extra={
        writer && (
          <ImportFileButton
            path={WORKED_HOURS_IMPORT_PATH}
            title={t('safetyRates.importTitle')}
            columns={t('safetyRates.importColumns')}
            onImported={saved}
            testIdPrefix="worked-hours"
          />
        )
      }
    >
      {writer && <HoursEditor form={form} onSaved={saved} />}
      {q.error && <Alert type="error" showIcon title={errorText(q.error)} />}
      {more > 0 && <Alert type="info" showIcon title={t('safetyRates.hoursMore', { shown: rows.length, total: q.data!.total })} style={{ marginBottom: 12 }} />}
      <CardTable<WorkedHours>
        loading={q.isFetching}
        dataSource={rows}
        columns={columns}
        pageSize={PAGE_SIZE}
        emptyText={t('safetyRates.hoursEmpty')}
        onRow={(h) => ({
          ...testId(`worked-hours-row-${h.orgUnitCode ?? h.orgUnitId}-${h.month}`),
          // A row fills the editor: correcting a month is changing its hours and saving.
          onClick: writer ? () => form.setFieldsValue({ orgUnitId: h.orgUnitId, month: h.month, hours: h.hours }) : undefined,
          style: writer ? { cursor: 'pointer' } : undefined,
        })}
      />
    </Card>
  );
}

/** Unit, month, hours and Save: PUT /api/worked-hours (a second save of the same unit and month corrects it). */
function HoursEditor({ form, onSaved }: { form: FormInstance<HoursValues>; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const serverErrors = useServerErrors(form, { fields: ['orgUnitId', 'month', 'hours'] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: HoursValues) => {
    setError(null);
    setBusy(true);
    try {
      await putWorkedHours({ orgUnitId: v.orgUnitId!, month: v.month, hours: v.hours! });
      void message.success(t('safetyRates.saved'));
      onSaved();
    } catch (err) {
      setError(serverErrors(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<HoursValues> form={form} layout="vertical" initialValues={{ month: groupMonth() }} onFinish={(v) => void submit(v)} data-testid="worked-hours-form">
      <Row gutter={12} align="bottom">
        <Col xs={24} md={9}>
          <Form.Item name="orgUnitId" label={t('safetyRates.colUnit')} rules={[{ required: true, message: t('safetyRates.unitRequired') }]}>
            <OrgUnitSelect testId="worked-hours-unit" />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name="month" label={t('safetyRates.colMonth')} rules={[{ required: true, pattern: MONTH_RE, message: t('safetyRates.monthRequired') }]}>
            <Input type="month" data-testid="worked-hours-month" />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name="hours" label={t('safetyRates.colHours')} rules={[{ required: true, message: t('safetyRates.hoursRequired') }]}>
            <InputNumber min={0} max={100_000_000} step={100} style={{ width: '100%' }} data-testid="worked-hours-hours" />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="worked-hours-save">
              {t('safetyRates.save')}
            </Button>
          </Form.Item>
        </Col>
      </Row>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="worked-hours-error" />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('safetyRates.editHint')}
      </Typography.Paragraph>
    </Form>
  );
}
