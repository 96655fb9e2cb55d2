import { Alert, App, Button, Form, Input, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { createAppeal, listAppeals, type AppealStatus, type AppealView } from '../../shared/api';
import { usePolledQuery } from '../../shared/query';
import { useLabel } from '../../i18n';
import { APPEAL_STATUS_COLORS, fmtScore, fmtSigned } from '../scores/scoring';

/** While an appeal is open its decision may come any time: the list is read again every 15 s. */
const POLL_MS = 15_000;

/** What the appeal dialog is about: a line, and for the one further level the decided first appeal. */
export interface AppealTarget {
  lineCode: string;
  parent?: AppealView;
}

/**
 * The reader's own appeals of one cycle (`GET /api/appeals` holds own and scope's; only the
 * person's are kept). `cycleId` null: none are read (someone else's report).
 */
export function useOwnAppeals(cycleId: string | null, personId: string): { items: AppealView[]; reload: () => Promise<void> } {
  // The report stays usable without appeal states; the next poll tries again.
  const query = usePolledQuery(
    ['appeals', 'own', cycleId, personId],
    async () => (await listAppeals()).items.filter((a) => a.cycleId === cycleId && a.subjectId === personId),
    POLL_MS,
    { enabled: !!cycleId },
  );
  const { refresh } = query;
  const reload = useCallback(async () => {
    if (cycleId) await refresh();
  }, [cycleId, refresh]);
  return { items: (cycleId && query.data) || [], reload };
}

export function AppealStatusTag({ status, testId = 'appeal-status' }: { status: AppealStatus; testId?: string }) {
  const label = useLabel();
  return (
    <Tag color={APPEAL_STATUS_COLORS[status] ?? 'default'} data-testid={testId} data-status={status}>
      {label(`scoring.appealStatus.${status}`, status)}
    </Tag>
  );
}

/**
 * One line's appeal state on the reader's own report: "Appeal" when there is none; else the
 * newest appeal's status with the decision (who, why, the points and new version) and, once a
 * first-level appeal is decided, "Appeal further".
 */
export function AppealCell({
  code,
  appeals,
  canAppeal,
  onAppeal,
}: {
  code: string;
  appeals: AppealView[];
  canAppeal: boolean;
  onAppeal: (target: AppealTarget) => void;
}) {
  const { t } = useTranslation();
  const mine = appeals.filter((a) => a.lineCode === code).sort((a, b) => b.level - a.level || Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const latest = mine[0];
  if (!latest)
    return canAppeal ? (
      <Button size="small" onClick={() => onAppeal({ lineCode: code })} data-testid={`appeal-${code}`}>
        {t('appeal.button')}
      </Button>
    ) : null;
  const decided = latest.status !== 'open';
  return (
    <Space orientation="vertical" size={2} data-testid={`appeal-cell-${code}`} data-status={latest.status} data-level={latest.level}>
      <Space size={4} wrap>
        <AppealStatusTag status={latest.status} testId={`appeal-status-${code}`} />
        {latest.level > 1 && <Tag>{t('appeal.level2')}</Tag>}
      </Space>
      {latest.status === 'adjusted' && latest.delta !== null && (
        <Typography.Text type="success" style={{ fontSize: 12 }}>
          {t('appeal.accepted', { delta: fmtSigned(latest.delta), version: latest.newVersion ?? '' })}
        </Typography.Text>
      )}
      {decided && latest.decisionReason && (
        <Tooltip title={latest.decisionReason}>
          <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 160 }} ellipsis data-testid={`appeal-decision-${code}`}>
            {t('appeal.decided', { name: latest.decidedBy ?? '', reason: latest.decisionReason })}
          </Typography.Text>
        </Tooltip>
      )}
      {decided && latest.level === 1 && canAppeal && (
        <Button size="small" onClick={() => onAppeal({ lineCode: code, parent: latest })} data-testid={`appeal-further-${code}`}>
          {t('appeal.further')}
        </Button>
      )}
    </Space>
  );
}

/** The appeal dialog: the line, its points, why (required); a further appeal names the first one. */
export function AppealModal({
  cycleId,
  target,
  name,
  points,
  onClose,
  onDone,
}: {
  cycleId: string;
  target: AppealTarget;
  name: string;
  points?: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const further = !!target.parent;

  const dialog = useFormDialog(
    form,
    async (values: { reason: string }) => {
      // A tap right after the dialog opens can validate before the field has registered: check the value itself too.
      const reason = (values.reason ?? '').trim();
      if (!reason) {
        form.setFields([{ name: 'reason', errors: [t('appeal.reasonRequired')] }]);
        return;
      }
      await createAppeal({ cycleId, lineCode: target.lineCode, reason, ...(target.parent ? { parentAppealId: target.parent.id } : {}) });
      void message.success(further ? t('appeal.sentFurther') : t('appeal.sent'));
      onDone();
    },
    { onClose, okTestId: 'appeal-submit' },
  );

  return (
    <Modal {...dialog.modalProps} title={further ? t('appeal.furtherTitle') : t('appeal.title')} okText={t('appeal.submit')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="appeal-form">
        <div>
          <Typography.Text type="secondary">{t('appeal.line')}: </Typography.Text>
          <Typography.Text strong data-testid="appeal-line">
            {name}
          </Typography.Text>
          {points !== undefined && <Typography.Text type="secondary"> · {t('appeal.points', { points: fmtScore(points) })}</Typography.Text>}
        </div>
        {target.parent && (
          <Alert
            type="warning"
            showIcon
            title={t('appeal.firstDecision', { name: target.parent.decidedBy ?? '', reason: target.parent.decisionReason ?? '' })}
            data-testid="appeal-parent"
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {further ? t('appeal.furtherHint') : t('appeal.hint')}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item
            name="reason"
            label={t('appeal.reason')}
            rules={[{ required: true, whitespace: true, message: t('appeal.reasonRequired') }, { max: 5000 }]}
          >
            <Input.TextArea rows={4} maxLength={5000} showCount placeholder={t('appeal.reasonPlaceholder')} data-testid="appeal-reason" />
          </Form.Item>
        </Form>
        {dialog.error && <Alert type="error" showIcon title={dialog.error} data-testid="appeal-error" />}
      </Space>
    </Modal>
  );
}
