import { Alert, App, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { ApiError, completeTask, type TaskPayload, type TaskView } from '../../shared/api';
import { EvidenceUpload } from '../../shared/components/Evidence';
import { useErrorText } from '../../shared/hooks';
import { useSession } from '../../shared/session';
import type { ApprovalType, Verdict } from './approvals';

interface DecisionValues {
  reason: string;
  delta?: number;
  points?: number;
  evidenceIds?: string[];
}

/** What the task's form takes for a verdict (domain/tasks.ts). */
function payloadOf(task: TaskView, verdict: Verdict, v: DecisionValues): TaskPayload {
  const reason = v.reason.trim();
  switch (task.taskType as ApprovalType) {
    case 'appeal.review':
      return {
        decision: verdict === 'adjust' ? 'adjust' : 'uphold',
        ...(verdict === 'adjust' && v.delta !== undefined ? { delta: v.delta } : {}),
        reason,
        ...(v.evidenceIds?.length ? { evidenceIds: v.evidenceIds } : {}),
      };
    case 'assessment.review':
      return { decision: verdict === 'approve' ? 'publish' : 'rescore', note: reason };
    case 'declaration.review':
      return verdict === 'approve' && v.points !== undefined ? { approved: true, points: v.points, reason } : { approved: verdict === 'approve', reason };
    default:
      return { approved: verdict === 'approve', reason };
  }
}

/** The decision dialog: a required reason; adjusting an appeal asks the points, approving a declaration the bonus points. */
export function ApprovalDecisionModal({ task, verdict, onClose, onDone }: { task: TaskView; verdict: Verdict; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { refreshUnread } = useSession();
  const errorText = useErrorText();
  const [form] = Form.useForm<DecisionValues>();
  const [uploading, setUploading] = useState(false);
  const needsDelta = verdict === 'adjust';
  const needsPoints = verdict === 'approve' && task.taskType === 'declaration.review';
  const review = task.taskType === 'assessment.review';
  const maxReason = task.taskType === 'appeal.review' ? 5000 : 2000;
  const verdictLabel = t(`approvals.verdict.${review && verdict === 'approve' ? 'publish' : review && verdict === 'reject' ? 'rescore' : verdict}`);

  const dialog = useFormDialog(
    form,
    async (v: DecisionValues) => {
      await completeTask(task.id, payloadOf(task, verdict, v));
      void message.success(t('approvals.decided'));
      refreshUnread();
      onDone();
    },
    {
      onClose,
      okTestId: 'decision-submit',
      okButtonProps: { danger: verdict === 'reject', disabled: uploading },
      errorOf: (err) => {
        if (err instanceof ApiError && err.code === 'process_closed') return t('inbox.processClosed');
        if (err instanceof ApiError && err.status === 400 && err.details.length) return err.details.map((d) => d.message).join(' ');
        return errorText(err);
      },
    },
  );

  return (
    <Modal {...dialog.modalProps} title={verdictLabel} okText={verdictLabel} width={560}>
      <Form form={form} layout="vertical" data-testid="decision-form" data-verdict={verdict}>
        <Typography.Paragraph strong style={{ marginBottom: 4 }}>
          {task.title}
        </Typography.Paragraph>
        {task.description && (
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 4, expandable: true, symbol: t('approvals.more') }}>
            {task.description}
          </Typography.Paragraph>
        )}
        {needsDelta && (
          <Form.Item
            name="delta"
            label={t('approvals.delta')}
            extra={t('approvals.deltaHint')}
            rules={[
              {
                validator: (_r, v: unknown) =>
                  typeof v === 'number' && v !== 0 && v >= -100 && v <= 100 ? Promise.resolve() : Promise.reject(new Error(t('approvals.deltaRequired'))),
              },
            ]}
          >
            <InputNumber min={-100} max={100} step={0.5} style={{ width: 160 }} size="large" data-testid="decision-delta" />
          </Form.Item>
        )}
        {needsPoints && (
          <Form.Item
            name="points"
            label={t('approvals.points')}
            extra={t('approvals.pointsHint')}
            rules={[
              {
                validator: (_r, v: unknown) =>
                  typeof v === 'number' && v > 0 && v <= 20 ? Promise.resolve() : Promise.reject(new Error(t('approvals.pointsRequired'))),
              },
            ]}
          >
            <InputNumber min={0} max={20} step={0.5} style={{ width: 160 }} size="large" data-testid="decision-points" />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('approvals.reason')}
          rules={[{ required: true, whitespace: true, message: t('approvals.reasonRequired') }, { max: maxReason }]}
        >
          <Input.TextArea rows={4} maxLength={maxReason} showCount data-testid="decision-reason" />
        </Form.Item>
        {task.taskType === 'appeal.review' && (
          <Form.Item name="evidenceIds" label={t('approvals.attachments')} initialValue={[]}>
            <EvidenceUpload testId="decision-evidence" onBusyChange={setUploading} camera={false} />
          </Form.Item>
        )}
      </Form>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} data-testid="decision-error" />}
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------
// History: appeals, adjustments, declarations
// ---------------------------------------------------------------------------------------------
