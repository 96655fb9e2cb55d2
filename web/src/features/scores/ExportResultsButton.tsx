import { Alert, Button, Form, Modal, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { downloadAssessmentResults, EXPORT_SUBJECT_TYPES, type ExportFormat, type ExportSubjectType, type SnapshotView } from '../../shared/api';
import { saveFile } from '../../shared/download';
import { useLabel } from '../../i18n';
import { RESULTS_EXPORT_ROLES } from '../../routes';
import { hasRole, useSession } from '../../shared/session';

interface Values {
  format: ExportFormat;
  subjectType: ExportSubjectType;
  /** 0: the published snapshot. */
  version: number;
}

/**
 * "Export results" of an assessment cycle for HR (SPEC §5): Excel or CSV, per person, post or
 * department, from a frozen snapshot — the published one, or an earlier (superseded) version.
 * Drafts are never exported; re-exporting a version gives identical content.
 */
export function ExportResultsButton({ cycleId, snapshots }: { cycleId: string; snapshots: SnapshotView[] }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [open, setOpen] = useState(false);
  const frozen = snapshots.filter((s) => s.status !== 'draft');
  if (!hasRole(user, ...RESULTS_EXPORT_ROLES) || !frozen.length) return null;
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="cycle-export">
        {t('exportResults.button')}
      </Button>
      {open && <ExportModal cycleId={cycleId} frozen={frozen} onClose={() => setOpen(false)} />}
    </>
  );
}

function ExportModal({ cycleId, frozen, onClose }: { cycleId: string; frozen: SnapshotView[]; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [form] = Form.useForm<Values>();
  const published = frozen.find((s) => s.status === 'published');
  const dialog = useFormDialog(
    form,
    async (v: Values) => {
      const { blob, fileName } = await downloadAssessmentResults({ cycleId, subjectType: v.subjectType, format: v.format, version: v.version || undefined });
      saveFile(blob, fileName);
      onClose();
    },
    { onClose, okTestId: 'cycle-export-submit' },
  );

  const versions = [
    ...(published ? [{ value: 0, label: t('exportResults.published', { version: published.version }) }] : []),
    ...frozen
      .filter((s) => s !== published)
      .sort((a, b) => b.version - a.version)
      .map((s) => ({
        value: s.version,
        label: `v${s.version} · ${s.supersededBy ? t('report.supersededBy', { version: s.supersededBy }) : label(`scoring.snapshotStatus.${s.status}`, s.status)}`,
      })),
  ];
  return (
    <Modal {...dialog.modalProps} title={t('exportResults.title')} okText={t('exportResults.download')}>
      <Typography.Paragraph type="secondary">{t('exportResults.hint')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ format: 'xlsx', subjectType: 'person', version: published ? 0 : frozen[frozen.length - 1].version }}
      >
        <Form.Item name="format" label={t('exportResults.format')}>
          <Radio.Group optionType="button" data-testid="cycle-export-format">
            <Radio value="xlsx">
              <span data-testid="cycle-export-xlsx">{t('exportResults.xlsx')}</span>
            </Radio>
            <Radio value="csv">
              <span data-testid="cycle-export-csv">{t('exportResults.csv')}</span>
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="subjectType" label={t('exportResults.subjectType')}>
          <Radio.Group optionType="button" data-testid="cycle-export-subject">
            {EXPORT_SUBJECT_TYPES.map((s) => (
              <Radio key={s} value={s}>
                <span data-testid={`cycle-export-subject-${s}`}>{label(`scoring.subjectTypePlural.${s}`, s)}</span>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="version" label={t('exportResults.version')} extra={t('exportResults.versionHint')}>
          <Select<number> options={versions} data-testid="cycle-export-version" />
        </Form.Item>
      </Form>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} data-testid="cycle-export-error" />}
    </Modal>
  );
}
