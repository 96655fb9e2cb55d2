import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { createDeclaration, DECLARATION_KINDS, listDeclarations, type DeclarationKind, type DeclarationStatus, type DeclarationView } from '../../shared/api';
import { usePolledQuery } from '../../shared/query';
import { useLabel } from '../../i18n';
import { DECLARATION_STATUS_COLORS } from '../scores/scoring';
import { useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { EvidenceGallery, EvidenceUpload } from '../../shared/components/Evidence';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { CardTable } from '../../shared/components/CardTable';

const POLL_MS = 15_000;

export function DeclarationStatusTag({ status }: { status: DeclarationStatus }) {
  const label = useLabel();
  return (
    <Tag color={DECLARATION_STATUS_COLORS[status] ?? 'default'} data-testid="declaration-status" data-status={status}>
      {label(`scoring.declarationStatus.${status}`, status)}
    </Tag>
  );
}

/**
 * Declarations as a table: when, (whose), what, period, status and the review (who, when, the
 * points, why); a row opens the text and the photos / documents.
 */
export function DeclarationTable({
  items,
  showPerson,
  loading,
  emptyText,
}: {
  items: DeclarationView[];
  showPerson?: boolean;
  loading?: boolean;
  emptyText?: string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const columns: TableColumnsType<DeclarationView> = [
    { key: 'created', title: t('declarations.colCreated'), render: (_, d) => <RelativeTime iso={d.createdAt} /> },
    ...(showPerson ? [{ key: 'person', title: t('declarations.colPerson'), render: (_: unknown, d: DeclarationView) => d.personName }] : []),
    {
      key: 'what',
      title: t('declarations.colWhat'),
      render: (_, d) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{d.title}</Typography.Text>
          <Typography.Text type="secondary">{label(`scoring.declarationKind.${d.kind}`, d.kind)}</Typography.Text>
        </Space>
      ),
    },
    { key: 'period', title: t('declarations.colPeriod'), dataIndex: 'period' },
    {
      key: 'status',
      title: t('declarations.colStatus'),
      render: (_, d) => (
        <Space size={4} wrap>
          <DeclarationStatusTag status={d.status} />
          {d.status === 'approved' && d.points !== null && (
            <Typography.Text type="success" data-testid="declaration-points">
              {t('declarations.points', { points: d.points })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'review',
      title: t('declarations.colReview'),
      render: (_, d) =>
        d.reviewedBy ? (
          <Space orientation="vertical" size={0} style={{ maxWidth: 320 }}>
            <Typography.Text>
              {d.reviewedBy}
              {d.reviewedAt && (
                <Typography.Text type="secondary">
                  {' · '}
                  <RelativeTime iso={d.reviewedAt} />
                </Typography.Text>
              )}
            </Typography.Text>
            {d.reason && <Typography.Text type="secondary">{d.reason}</Typography.Text>}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
  ];
  return (
    <CardTable<DeclarationView>
      columns={columns}
      dataSource={items}
      loading={loading}
      pageSize={20}
      onRow={(d) => ({ ...testId(`declaration-row-${d.id}`), 'data-status': d.status }) as never}
      expandable={{
        expandedRowRender: (d) => (
          <Space orientation="vertical" size="small">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{d.text}</Typography.Paragraph>
            <EvidenceGallery ids={d.evidenceIds} />
          </Space>
        ),
      }}
      emptyText={emptyText ?? t('declarations.empty')}
    />
  );
}

/** "My declarations" on My score: the reader's own, newest first, and "Declare". */
export function MyDeclarationsCard() {
  const { t } = useTranslation();
  const { user } = useSession();
  const query = usePolledQuery(
    ['declarations', 'mine', user.personId],
    async () => (await listDeclarations()).items.filter((d) => d.personId === user.personId),
    POLL_MS,
  );
  const items = query.data ?? null;
  const error = query.errorText;
  const load = query.refresh;
  const [declaring, setDeclaring] = useState(false);
  if (!user.personId) return null;
  return (
    <Card
      title={t('declarations.title')}
      size="small"
      data-testid="my-declarations"
      extra={
        <Button type="primary" onClick={() => setDeclaring(true)} data-testid="declare-button">
          {t('declarations.declare')}
        </Button>
      }
    >
      {error && <Alert type="warning" showIcon title={error} style={{ marginBottom: 8 }} data-testid="declarations-error" />}
      <DeclarationTable items={items ?? []} loading={!items && !error} />
      {declaring && (
        <DeclareModal
          onClose={() => setDeclaring(false)}
          onDone={() => {
            setDeclaring(false);
            void load();
          }}
        />
      )}
    </Card>
  );
}

interface DeclareValues {
  kind: DeclarationKind;
  title: string;
  text: string;
  evidenceIds: string[];
}

/** Declare extra evidence: kind (buttons), title, text, photos / documents (uploaded at once). */
export function DeclareModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<DeclareValues>();
  const [uploading, setUploading] = useState(false);

  const dialog = useFormDialog(
    form,
    async (v: DeclareValues) => {
      await createDeclaration({ kind: v.kind, title: v.title.trim(), text: v.text.trim(), evidenceIds: v.evidenceIds ?? [] });
      void message.success(t('declarations.sent'));
      onDone();
    },
    { onClose, okTestId: 'declare-submit', okButtonProps: { disabled: uploading } },
  );

  return (
    <Modal {...dialog.modalProps} title={t('declarations.modalTitle')} okText={t('declarations.submit')} width={600}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'training', evidenceIds: [] }} data-testid="declare-form">
        <Typography.Paragraph type="secondary">{t('declarations.hint')}</Typography.Paragraph>
        <Form.Item name="kind" label={t('declarations.kind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="declare-kind">
            {DECLARATION_KINDS.map((k) => (
              <Radio.Button key={k} value={k}>
                <span data-testid={`declare-kind-${k}`}>{label(`scoring.declarationKind.${k}`, k)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="title"
          label={t('declarations.titleLabel')}
          rules={[{ required: true, whitespace: true, message: t('declarations.titleRequired') }, { max: 200 }]}
        >
          <Input maxLength={200} data-testid="declare-title" />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('declarations.text')}
          rules={[{ required: true, whitespace: true, message: t('declarations.textRequired') }, { max: 5000 }]}
        >
          <Input.TextArea rows={4} maxLength={5000} showCount data-testid="declare-text" />
        </Form.Item>
        <Form.Item name="evidenceIds" label={t('declarations.evidence')}>
          <EvidenceUpload testId="declare-evidence" onBusyChange={setUploading} max={20} />
        </Form.Item>
      </Form>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} data-testid="declare-error" />}
    </Modal>
  );
}
