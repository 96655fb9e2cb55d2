import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Result, Segmented, Space, Tag, Typography, type FormInstance } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchEmergency, reportIncident, reportNearMissAnonymously, type IncidentKind, type IncidentReported } from '../../shared/api';
import { EvidenceUpload } from '../../shared/components/Evidence';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { isoToLocalInput, localInputToIso } from '../../shared/format';
import { useServerErrors } from '../../shared/useServerErrors';
import { Link, navigate, useLocation } from '../../router';
import { useSession } from '../../shared/session';
import { newUuid, UUID_RE } from '../hazards/hazard';
import { RowsField, rowItemStyle } from '../tasks/RowsField';
import { newReceiptCode } from './receiptCode';
import { PhoneForm } from '../../shared/components/PhoneForm';
import { SwitchItem } from '../../shared/components/SwitchItem';

interface ReportValues {
  kind: IncidentKind;
  anonymous: boolean;
  title?: string;
  description?: string;
  location?: string;
  orgUnitId?: string;
  occurredAt?: string;
  injuredPeople?: { name?: string; injury?: string }[];
  immediateActions?: string;
  evidenceIds?: string[];
}

const FIELDS = ['kind', 'title', 'description', 'location', 'orgUnitId', 'occurredAt', 'injuredPeople', 'immediateActions', 'evidenceIds'];

/** What the page shows once a report is in: the named report's link, or the anonymous report's receipt code. */
type Sent = IncidentReported & { anonymousCode: string | null };

/** Report an incident or a near miss on a phone: one column, big targets, the send button always in reach. */
export function IncidentReportPage() {
  const [round, setRound] = useState(0);
  const [sent, setSent] = useState<Sent | null>(null);
  if (sent)
    return (
      <IncidentSent
        sent={sent}
        onAnother={() => {
          setSent(null);
          setRound((r) => r + 1);
        }}
      />
    );
  // A new form (a new incident id and receipt code) per report; retries of one report keep them.
  return <ReportForm key={round} onDone={setSent} />;
}

function IncidentSent({ sent, onAnother }: { sent: Sent; onAnother: () => void }) {
  const { t } = useTranslation();
  const code = sent.anonymousCode;
  const go = (to: string) => (e: { preventDefault: () => void }) => {
    e.preventDefault();
    navigate(to);
  };
  const to = code ? `/incidents/receipt?code=${code}` : `/incidents/${sent.incidentId}`;
  return (
    <Card style={{ maxWidth: 560, margin: '0 auto' }}>
      <Result
        status="success"
        title={sent.created ? t('incidentReport.done') : t('incidentReport.duplicate')}
        subTitle={code ? undefined : t('incidentReport.doneHint')}
        extra={
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {code && (
              <Alert
                type="info"
                data-testid="incident-receipt"
                title={t('incidentReport.receiptTitle')}
                description={
                  <>
                    <Typography.Text
                      copyable
                      strong
                      data-testid="incident-receipt-code"
                      style={{ display: 'block', fontSize: 28, letterSpacing: 3, fontFamily: 'monospace', margin: '8px 0' }}
                    >
                      {code}
                    </Typography.Text>
                    {t('incidentReport.receiptHint')}
                  </>
                }
              />
            )}
            <Space wrap size={[8, 8]} style={{ justifyContent: 'center' }}>
              <Button type="primary" size="large" href={to} onClick={go(to)} data-testid="incident-link">
                {code ? t('incidentReport.followReceipt') : t('incidentReport.open')}
              </Button>
              <Button size="large" onClick={onAnother} data-testid="incident-report-another">
                {t('incidentReport.another')}
              </Button>
            </Space>
          </Space>
        }
      />
    </Card>
  );
}

/**
 * A report from an emergency starts with what the emergency knows (what, where, which unit, when),
 * in the fields the reporter has not touched yet; the server fills in what is still left out.
 */
function usePrefillFromEmergency(form: FormInstance<ReportValues>, emergencyId: string | undefined) {
  const { t } = useTranslation();
  const { data } = useQuery({
    queryKey: ['emergency', emergencyId],
    queryFn: () => fetchEmergency(emergencyId!),
    enabled: !!emergencyId,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const e = data?.emergency;
  useEffect(() => {
    if (!e) return;
    const known: Partial<ReportValues> = {
      title: `${e.drill ? `${t('emergency.drill')} · ` : ''}${t(`emergency.type.${e.type}`)} · ${e.location}`,
      description: e.description,
      location: e.location,
      orgUnitId: e.orgUnitId,
      occurredAt: isoToLocalInput(new Date(e.reportedAt)),
    };
    const keys = Object.keys(known) as (keyof typeof known)[];
    form.setFieldsValue(Object.fromEntries(keys.filter((k) => !form.isFieldTouched(k)).map((k) => [k, known[k]])));
  }, [e, form, t]);
  return e ?? null;
}

function ReportForm({ onDone }: { onDone: (r: Sent) => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { search } = useLocation();
  const fromEmergency = search.get('emergencyId');
  const emergencyId = fromEmergency && UUID_RE.test(fromEmergency) ? fromEmergency : undefined;
  const [form] = Form.useForm<ReportValues>();
  const serverErrors = useServerErrors(form, { fields: FIELDS });
  const incidentId = useRef(newUuid());
  const receiptCode = useRef(newReceiptCode());
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form) ?? 'incident';
  // A report from an emergency names its reporter: the emergency's process knows who raised it.
  const anonymous = (Form.useWatch('anonymous', form) ?? false) && kind === 'near_miss' && !emergencyId;
  const emergency = usePrefillFromEmergency(form, emergencyId);

  const submit = async (v: ReportValues) => {
    setError(null);
    setBusy(true);
    try {
      // Left empty on a report from an emergency: the server fills it from the emergency.
      const common = {
        incidentId: incidentId.current,
        title: v.title?.trim() || undefined,
        description: v.description?.trim() || undefined,
        location: v.location?.trim() || undefined,
        orgUnitId: v.orgUnitId,
        occurredAt: v.occurredAt ? localInputToIso(v.occurredAt) : undefined,
        immediateActions: v.immediateActions?.trim() ?? '',
      };
      if (anonymous) {
        const r = await reportNearMissAnonymously({
          ...common,
          title: common.title ?? '',
          description: common.description ?? '',
          location: common.location ?? '',
          occurredAt: common.occurredAt ?? '',
          receiptCode: receiptCode.current,
        });
        onDone({ ...r, anonymousCode: r.receiptCode ?? receiptCode.current });
      } else {
        const injuredPeople = (v.injuredPeople ?? []).map((p) => ({ name: p.name?.trim() ?? '', injury: p.injury?.trim() ?? '' }));
        const r = await reportIncident({ ...common, kind: v.kind, injuredPeople, evidenceIds: v.evidenceIds ?? [], emergencyId });
        onDone({ ...r, anonymousCode: null });
      }
    } catch (err) {
      setError(serverErrors(err));
    } finally {
      setBusy(false);
    }
  };

  // From an emergency nothing is required here: what is left empty, the emergency fills in.
  const required = (message: string) => [{ required: !emergencyId, whitespace: true, message }];
  return (
    <Card title={t('incidentReport.title')} style={{ maxWidth: 560, margin: '0 auto' }} styles={{ body: { padding: 16 } }}>
      <PhoneForm<ReportValues>
        form={form}
        testId="incident-report-form"
        initialValues={{ kind: 'incident', anonymous: false, orgUnitId: user.orgUnitId, occurredAt: isoToLocalInput(new Date()), injuredPeople: [] }}
        onSubmit={submit}
      >
        {emergencyId && (
          <Tag color="red" style={{ marginBottom: 16, padding: '4px 8px', whiteSpace: 'normal' }} data-testid="incident-from-emergency">
            <Link to={`/emergencies/${emergencyId}`}>
              {t('incidentReport.fromEmergency')}
              {emergency && ` · ${t(`emergency.type.${emergency.type}`)} · ${emergency.location}`}
            </Link>
          </Tag>
        )}
        <Form.Item name="kind" label={t('incidentReport.kind')}>
          <Segmented<IncidentKind>
            block
            data-testid="incident-kind"
            options={(['incident', 'near_miss'] as const).map((k) => ({
              value: k,
              label: (
                <span data-testid={`incident-kind-${k}`} style={{ display: 'block', padding: '6px 0' }}>
                  {t(`incident.kind.${k}`)}
                </span>
              ),
            }))}
          />
        </Form.Item>
        {kind === 'near_miss' && !emergencyId && (
          <SwitchItem
            name="anonymous"
            label={t('incidentReport.anonymous')}
            extra={anonymous ? t('incidentReport.anonymousHint') : undefined}
            testId="incident-anonymous"
          />
        )}
        <Form.Item name="title" label={t('incidentReport.what')} rules={[...required(t('incidentReport.titleRequired')), { max: 200 }]}>
          <Input data-testid="incident-title" maxLength={200} placeholder={t('incidentReport.titlePlaceholder')} autoComplete="off" />
        </Form.Item>
        <Form.Item name="description" label={t('incidentReport.description')} rules={[...required(t('incidentReport.descriptionRequired')), { max: 5000 }]}>
          <Input.TextArea data-testid="incident-description" rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="location" label={t('incidentReport.location')} rules={[...required(t('incidentReport.locationRequired')), { max: 200 }]}>
          <Input data-testid="incident-location" maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('incidentReport.unit')}>
          <OrgUnitSelect size="large" testId="incident-org-unit" />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('incidentReport.occurredAt')} rules={required(t('incidentReport.occurredAtRequired'))}>
          <Input type="datetime-local" data-testid="incident-occurred-at" />
        </Form.Item>
        {!anonymous && (
          <RowsField
            name="injuredPeople"
            label={t('incidentReport.injured')}
            testId="incident-injured"
            initialValue={[]}
            max={50}
            addLabel={t('incidentReport.injuredAdd')}
          >
            {(row, i, removeButton) => (
              <>
                <Form.Item
                  name={[row.name, 'name']}
                  label={t('incidentReport.injuredName')}
                  rules={required(t('incidentReport.injuredRequired'))}
                  style={rowItemStyle}
                >
                  <Input maxLength={100} data-testid={`incident-injured-${i}-name`} autoComplete="off" />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'injury']}
                  label={t('incidentReport.injuredInjury')}
                  rules={required(t('incidentReport.injuredRequired'))}
                  style={rowItemStyle}
                >
                  <Input maxLength={500} data-testid={`incident-injured-${i}-injury`} autoComplete="off" />
                </Form.Item>
                {removeButton}
              </>
            )}
          </RowsField>
        )}
        <Form.Item name="immediateActions" label={t('incidentReport.immediateActions')} rules={[{ max: 5000 }]}>
          <Input.TextArea data-testid="incident-immediate-actions" rows={2} maxLength={5000} placeholder={t('incidentReport.immediateActionsPlaceholder')} />
        </Form.Item>
        {!anonymous && (
          <Form.Item name="evidenceIds" label={t('incidentReport.photos')} initialValue={[]}>
            <EvidenceUpload large onBusyChange={setUploading} testId="incident-evidence" />
          </Form.Item>
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="incident-report-error" />}
        {/* Always in reach on a phone: the button sticks to the bottom of the screen while the form scrolls. */}
        <div style={{ position: 'sticky', bottom: 0, background: '#fff', paddingBlock: 8, zIndex: 2 }}>
          <Button
            type="primary"
            danger={kind === 'incident'}
            htmlType="submit"
            block
            size="large"
            loading={busy}
            disabled={uploading}
            data-testid="incident-submit"
            style={{ minHeight: 52, fontSize: 18 }}
          >
            {uploading ? t('incidentReport.waitUploads') : t('incidentReport.submit')}
          </Button>
        </div>
      </PhoneForm>
    </Card>
  );
}
