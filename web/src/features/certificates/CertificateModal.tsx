import { Alert, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { searchPeople } from '../../shared/api';
import { useSearchOptions } from '../../shared/options';
import { groupToday } from '../../shared/operations';
import { useFormDialog } from '../../shared/useFormDialog';
import { useServerErrors } from '../../shared/useServerErrors';
import { CERTIFICATE_TYPES, createCertificate, revokeCertificate, updateCertificate, type CertificateType, type CertificateView } from './api';
import { useLocalName } from '../../shared/names';

interface Values {
  personId: string;
  type: CertificateType;
  number: string;
  issuedOn: string;
  expiresOn?: string;
  reviewOn?: string;
}

/** One person of the caller's scope, found by part of their name or employee number. */
function PersonSearch({
  value,
  onChange,
  disabled,
  known,
}: {
  value?: string;
  onChange?: (v: string) => void;
  disabled?: boolean;
  known?: { value: string; label: string };
}) {
  const { t } = useTranslation();
  const nameOf = useLocalName();
  const found = useSearchOptions(
    (search) => ['people-search', '', search],
    async (search) => (await searchPeople(search)).items,
  );
  const options = (found.items ?? []).map((p) => ({ value: p.id, label: `${nameOf(p)} (${p.employeeNo})` }));
  if (known && !options.some((o) => o.value === known.value)) options.unshift(known);
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: found.setSearch }}
      onOpenChange={found.onOpenChange}
      value={value}
      onChange={(v) => onChange?.(v)}
      disabled={disabled}
      loading={found.loading}
      options={options}
      placeholder={t('certificates.personPlaceholder')}
      data-testid="certificate-person"
      style={{ width: '100%' }}
    />
  );
}

/** Adds a certificate, or corrects one (its holder stays). */
export function CertificateModal({ certificate, onClose, onSaved }: { certificate: CertificateView | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const serverErrors = useServerErrors(form, { fields: ['personId', 'type', 'number', 'issuedOn', 'expiresOn', 'reviewOn'] });
  const dialog = useFormDialog(
    form,
    async (v: Values) => {
      const days = { issuedOn: v.issuedOn, expiresOn: v.expiresOn || null, reviewOn: v.reviewOn || null };
      if (certificate) await updateCertificate(certificate.id, { type: v.type, number: v.number.trim(), ...days });
      else await createCertificate({ personId: v.personId, type: v.type, number: v.number.trim(), ...days });
      onSaved();
    },
    { onClose, okTestId: 'certificate-submit', errorOf: (err) => serverErrors(err) },
  );
  const required = (field: string) => ({ required: true, message: t('completeModal.required', { field }) });
  return (
    <Modal {...dialog.modalProps} title={certificate ? t('certificates.editTitle') : t('certificates.addTitle')} okText={t('certificates.save')} width={640}>
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="certificate-form"
        initialValues={
          certificate
            ? {
                personId: certificate.personId,
                type: certificate.type,
                number: certificate.number,
                issuedOn: certificate.issuedOn,
                expiresOn: certificate.expiresOn ?? undefined,
                reviewOn: certificate.reviewOn ?? undefined,
              }
            : { issuedOn: groupToday() }
        }
      >
        <Form.Item name="personId" label={t('certificates.person')} rules={[required(t('certificates.person'))]}>
          <PersonSearch
            disabled={!!certificate}
            known={certificate ? { value: certificate.personId, label: `${certificate.personName} (${certificate.employeeNo})` } : undefined}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="type" label={t('certificates.type')} rules={[required(t('certificates.type'))]}>
              <Select<CertificateType>
                options={CERTIFICATE_TYPES.map((v) => ({ value: v, label: t(`certificates.types.${v}`) }))}
                data-testid="certificate-type"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="number" label={t('certificates.number')} rules={[{ ...required(t('certificates.number')), whitespace: true }, { max: 64 }]}>
              <Input maxLength={64} data-testid="certificate-number" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="issuedOn" label={t('certificates.issuedOn')} rules={[required(t('certificates.issuedOn'))]}>
              <Input type="date" data-testid="certificate-issued" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="expiresOn" label={t('certificates.expiresOn')} extra={t('certificates.expiresOnHint')}>
              <Input type="date" data-testid="certificate-expires" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="reviewOn" label={t('certificates.reviewOn')}>
              <Input type="date" data-testid="certificate-review" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} data-testid="certificate-error" />}
    </Modal>
  );
}

/** Revokes a certificate with a reason; says how many running permits were told. */
export function RevokeModal({ certificate, onClose, onRevoked }: { certificate: CertificateView; onClose: () => void; onRevoked: (permits: number) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const serverErrors = useServerErrors(form, { fields: ['reason'] });
  const dialog = useFormDialog(
    form,
    async (v) => {
      const r = await revokeCertificate(certificate.id, v.reason.trim());
      onRevoked(r.permitsSignalled.length);
    },
    { onClose, okTestId: 'certificate-revoke-submit', okButtonProps: { danger: true }, errorOf: (err) => serverErrors(err) },
  );
  return (
    <Modal {...dialog.modalProps} title={t('certificates.revokeTitle', { number: certificate.number })} okText={t('certificates.revoke')}>
      <Alert type="warning" showIcon title={t('certificates.revokeHint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" data-testid="certificate-revoke-form">
        <Form.Item
          name="reason"
          label={t('certificates.reason')}
          rules={[{ required: true, whitespace: true, message: t('completeModal.required', { field: t('certificates.reason') }) }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="certificate-revoke-reason" />
        </Form.Item>
      </Form>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} />}
    </Modal>
  );
}
