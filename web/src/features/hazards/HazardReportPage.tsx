import { Alert, Button, Card, Form, Input, Result, Segmented, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createHazard, HAZARD_CATEGORIES, type HazardCategory, type HazardCreated, type SuspectedSeverity } from '../../shared/api';
import { EvidenceUpload } from '../../shared/components/Evidence';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { newUuid, UUID_RE } from './hazard';
import { useServerErrors } from '../../shared/useServerErrors';
import { navigate, useLocation } from '../../router';
import { useSession } from '../../shared/session';
import { PhoneForm } from '../../shared/components/PhoneForm';
import { deviceOffline, enqueue, isNetworkFailure } from '../../shared/offline/outbox';
import type { PendingFile } from '../../shared/offline/types';

interface ReportValues {
  title: string;
  category: HazardCategory;
  area: string;
  orgUnitId?: string;
  suspectedSeverity: SuspectedSeverity;
  description: string;
  evidenceIds: string[];
}

const FIELDS = ['title', 'category', 'area', 'orgUnitId', 'suspectedSeverity', 'description', 'evidenceIds'];
const RECENT_AREAS_KEY = 'safeloop.recentAreas';

function recentAreas(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(RECENT_AREAS_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 4) : [];
  } catch {
    return [];
  }
}

function rememberArea(area: string): void {
  localStorage.setItem(RECENT_AREAS_KEY, JSON.stringify([area, ...recentAreas().filter((a) => a !== area)].slice(0, 4)));
}

/** Report a hazard: one column, big targets, photos upload while the rest is filled in. */
export function HazardReportPage() {
  const [round, setRound] = useState(0);
  const [done, setDone] = useState<HazardCreated | 'queued' | null>(null);
  const { t } = useTranslation();
  const another = () => {
    setDone(null);
    setRound((r) => r + 1);
  };
  if (done === 'queued')
    return (
      <Card style={{ maxWidth: 560, margin: '0 auto' }} data-testid="hazard-queued">
        <Result
          status="info"
          title={t('outbox.queuedHazard')}
          extra={
            <Space wrap size={[8, 8]} style={{ justifyContent: 'center' }}>
              <Button type="primary" size="large" data-testid="report-another" onClick={another}>
                {t('hazardReport.another')}
              </Button>
              <Button
                size="large"
                href="/outbox"
                data-testid="show-queue"
                onClick={(e) => {
                  e.preventDefault();
                  navigate('/outbox');
                }}
              >
                {t('outbox.showQueue')}
              </Button>
            </Space>
          }
        />
      </Card>
    );
  if (done)
    return (
      <Card style={{ maxWidth: 560, margin: '0 auto' }}>
        <Result
          status="success"
          title={done.created ? t('hazardReport.done') : t('hazardReport.duplicate')}
          subTitle={t('hazardReport.doneHint')}
          extra={
            // Wrapped on a phone: a gap between the rows too, not only between the buttons.
            <Space wrap size={[8, 8]} style={{ justifyContent: 'center' }}>
              <Button
                type="primary"
                size="large"
                href={`/hazards/${done.hazardId}`}
                data-testid="hazard-link"
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/hazards/${done.hazardId}`);
                }}
              >
                {t('hazardReport.open')}
              </Button>
              <Button size="large" data-testid="report-another" onClick={another}>
                {t('hazardReport.another')}
              </Button>
            </Space>
          }
        />
      </Card>
    );
  // A new form (and a new report id) per report; retries of one report keep its id.
  return <ReportForm key={round} onDone={setDone} />;
}

function ReportForm({ onDone }: { onDone: (r: HazardCreated | 'queued') => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [form] = Form.useForm<ReportValues>();
  const serverErrors = useServerErrors(form, { fields: FIELDS });
  const reportId = useRef(newUuid());
  const [uploading, setUploading] = useState(false);
  // Photos taken without a network: kept on the device and queued with the report.
  const [onDevice, setOnDevice] = useState<PendingFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [areas] = useState(recentAreas);
  // An area's permit board (its QR code) opens the form with the area and its unit filled in.
  const { search } = useLocation();
  const prefilledArea = search.get('area')?.slice(0, 200) ?? '';
  const prefilledUnit = search.get('orgUnitId');

  const submit = async (values: ReportValues) => {
    setError(null);
    setBusy(true);
    const area = values.area.trim();
    const report = {
      reportId: reportId.current,
      title: values.title.trim(),
      description: values.description.trim(),
      category: values.category,
      area,
      orgUnitId: values.orgUnitId,
      suspectedSeverity: values.suspectedSeverity,
      evidenceIds: values.evidenceIds ?? [],
    };
    // No network (or photos still on the device): the report waits on the device with its
    // reportId and is sent when the network returns (a resend is the same hazard).
    const queue = async () => {
      await enqueue({ id: report.reportId, kind: 'hazard', owner: user.id, title: report.title, body: report, files: onDevice });
      rememberArea(area);
      onDone('queued');
    };
    try {
      if (deviceOffline() || onDevice.length > 0) return await queue();
      const created = await createHazard(report);
      rememberArea(area);
      onDone(created);
    } catch (err) {
      if (isNetworkFailure(err)) await queue().catch((e: unknown) => setError(serverErrors(e)));
      else setError(serverErrors(err));
    } finally {
      setBusy(false);
    }
  };

  const big = { minHeight: 48 };
  return (
    <Card title={t('hazardReport.title')} style={{ maxWidth: 560, margin: '0 auto' }} styles={{ body: { padding: 16 } }}>
      <PhoneForm<ReportValues>
        form={form}
        testId="hazard-report-form"
        initialValues={{
          orgUnitId: prefilledUnit && UUID_RE.test(prefilledUnit) ? prefilledUnit : user.orgUnitId,
          area: prefilledArea,
          suspectedSeverity: 'medium',
          evidenceIds: [],
        }}
        onSubmit={submit}
      >
        <Form.Item name="evidenceIds" label={t('hazardReport.photos')} extra={t('hazardReport.photosHint')}>
          <EvidenceUpload large onBusyChange={setUploading} onOfflineChange={setOnDevice} testId="evidence" />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('hazardReport.what')}
          rules={[{ required: true, whitespace: true, message: t('hazardReport.titleRequired') }, { max: 200 }]}
        >
          <Input data-testid="hazard-title" maxLength={200} placeholder={t('hazardReport.titlePlaceholder')} autoComplete="off" />
        </Form.Item>
        <Form.Item name="category" label={t('hazardReport.category')} rules={[{ required: true, message: t('hazardReport.categoryRequired') }]}>
          <CategoryPicker />
        </Form.Item>
        <Form.Item label={t('hazardReport.area')} required>
          <Form.Item name="area" noStyle rules={[{ required: true, whitespace: true, message: t('hazardReport.areaRequired') }, { max: 200 }]}>
            <Input data-testid="hazard-area" maxLength={200} placeholder={t('hazardReport.areaPlaceholder')} autoComplete="off" />
          </Form.Item>
          {areas.length > 0 && (
            <Space size={[4, 4]} wrap style={{ marginTop: 8 }}>
              {areas.map((a) => (
                <Tag.CheckableTag
                  key={a}
                  checked={false}
                  onChange={() => form.setFieldValue('area', a)}
                  style={{ padding: '4px 10px', border: '1px solid #d9d9d9' }}
                >
                  {a}
                </Tag.CheckableTag>
              ))}
            </Space>
          )}
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('hazardReport.where')} extra={t('hazardReport.whereHint')}>
          <OrgUnitSelect size="large" testId="hazard-org-unit" />
        </Form.Item>
        <Form.Item name="suspectedSeverity" label={t('hazardReport.severity')}>
          <Segmented<SuspectedSeverity>
            block
            data-testid="hazard-severity"
            options={(['low', 'medium', 'high'] as const).map((s) => ({
              value: s,
              label: (
                <span data-testid={`severity-${s}`} style={{ display: 'block', padding: '6px 0' }}>
                  {t(`hazardReport.suspected.${s}`)}
                </span>
              ),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('hazardReport.description')}
          rules={[{ required: true, whitespace: true, message: t('hazardReport.descriptionRequired') }, { max: 5000 }]}
        >
          <Input.TextArea data-testid="hazard-description" rows={3} maxLength={5000} placeholder={t('hazardReport.descriptionPlaceholder')} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="hazard-report-error" />}
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={busy}
          disabled={uploading}
          data-testid="hazard-submit"
          style={{ ...big, fontSize: 18 }}
        >
          {uploading ? t('hazardReport.waitUploads') : t('hazardReport.submit')}
        </Button>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, textAlign: 'center' }}>
          {t('hazardReport.footer')}
        </Typography.Paragraph>
      </PhoneForm>
    </Card>
  );
}

/** The ten categories as big buttons: two columns on a phone, five on a wide screen. */
function CategoryPicker({ value, onChange }: { value?: HazardCategory; onChange?: (v: HazardCategory) => void }) {
  const { t } = useTranslation();
  return (
    <div
      role="radiogroup"
      aria-label={t('hazardReport.category')}
      style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 8 }}
    >
      {HAZARD_CATEGORIES.map((c) => (
        <Button
          key={c}
          role="radio"
          aria-checked={value === c}
          type={value === c ? 'primary' : 'default'}
          onClick={() => onChange?.(c)}
          data-testid={`category-${c}`}
          style={{ minHeight: 48, whiteSpace: 'normal', height: 'auto' }}
        >
          {t(`hazard.category.${c}`)}
        </Button>
      ))}
    </div>
  );
}
