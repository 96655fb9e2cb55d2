import { Alert, Button, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdjustmentView, AppealView, DeclarationView, TaskView } from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { EvidenceGallery } from '../../shared/components/Evidence';
import { processLink } from '../../shared/processLinks';
import { testId } from '../../shared/testIds';
import { useLabel } from '../../i18n';
import { Link } from '../../router';
import { useRulesetDocument, useScoringNames } from '../scores/scoringNames';
import { fmtSigned, reportPath } from '../scores/scoring';
import { useTaskLabels } from '../tasks/taskLabels';
import { ApprovalDecisionModal } from './ApprovalDecisionModal';
import type { ApprovalType, Verdict } from './approvals';
import { ResponsiveTable } from '../../shared/components/ResponsiveTable';

/** Names of score lines by code, from the current ruleset (the queue spans cycles). */
export function useLineNames() {
  const doc = useRulesetDocument('current');
  return useScoringNames(doc);
}

/** The open decisions: what is asked, the due date and the verdict buttons. */
export function ApprovalQueueTab({
  tasks,
  loading,
  error,
  appeals,
  adjustments,
  declarations,
  onDecided,
}: {
  tasks: TaskView[];
  loading: boolean;
  error: string | null;
  appeals: AppealView[];
  adjustments: AdjustmentView[];
  declarations: DeclarationView[];
  onDecided: (task: TaskView) => void;
}) {
  const { t } = useTranslation();
  const labels = useTaskLabels();
  const label = useLabel();
  const names = useLineNames();
  const [deciding, setDeciding] = useState<{ task: TaskView; verdict: Verdict } | null>(null);
  const appealOf = (task: TaskView) => appeals.find((a) => a.workflowId === task.workflowId);
  const adjustmentOf = (task: TaskView) => adjustments.find((a) => a.workflowId === task.workflowId);
  const declarationOf = (task: TaskView) => declarations.find((d) => d.workflowId === task.workflowId);
  const context = (task: TaskView) => task.form.context ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

  const asked = (task: TaskView): ReactNode => {
    const c = context(task);
    switch (task.taskType as ApprovalType) {
      case 'appeal.review': {
        const a = appealOf(task);
        const line = str(c.lineCode) || a?.lineCode || '';
        return (
          <Space orientation="vertical" size={2} style={{ maxWidth: 420 }}>
            <Typography.Text>
              {t('approvals.askedLine')} <Typography.Text strong>{names.code(line)}</Typography.Text>
              <Typography.Text type="secondary"> ({line})</Typography.Text>
            </Typography.Text>
            {a && <Typography.Text type="secondary">{t('approvals.appellant', { name: a.appellant })}</Typography.Text>}
            <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, tooltip: a?.reason }} data-testid="approval-reason">
              {a ? `“${a.reason}”` : (task.description ?? '')}
            </Typography.Paragraph>
          </Space>
        );
      }
      case 'adjustment.approve': {
        const a = adjustmentOf(task);
        const delta = num(c.delta) ?? a?.delta ?? 0;
        const line = str(c.lineCode) || a?.lineCode || '';
        return (
          <Space orientation="vertical" size={2} style={{ maxWidth: 420 }}>
            <Space size={6} wrap>
              <DeltaTag delta={delta} />
              <Typography.Text>{line ? t('approvals.onLine', { line: names.code(line) }) : t('approvals.onTotal')}</Typography.Text>
            </Space>
            {a ? (
              <>
                <Typography.Text type="secondary">
                  {label(`scoring.adjustmentReason.${a.reasonCode}`, a.reasonCode)} · {t('approvals.proposedBy', { name: a.proposedBy })}
                </Typography.Text>
                <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 3, tooltip: a.text }} data-testid="approval-reason">
                  “{a.text}”
                </Typography.Paragraph>
              </>
            ) : (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, tooltip: task.description }}>
                {task.description}
              </Typography.Paragraph>
            )}
          </Space>
        );
      }
      case 'declaration.review': {
        const d = declarationOf(task);
        if (!d)
          return (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0, maxWidth: 420 }} ellipsis={{ rows: 3, tooltip: task.description }}>
              {task.description}
            </Typography.Paragraph>
          );
        return (
          <Space orientation="vertical" size={2} style={{ maxWidth: 420 }}>
            <Typography.Text>
              <Tag>{label(`scoring.declarationKind.${d.kind}`, d.kind)}</Tag>
              <Typography.Text strong>{d.title}</Typography.Text> · {d.period}
            </Typography.Text>
            <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 3, tooltip: d.text }} data-testid="approval-reason">
              {d.text}
            </Typography.Paragraph>
            <EvidenceGallery ids={d.evidenceIds} />
          </Space>
        );
      }
      default:
        return (
          <Typography.Paragraph
            style={{ marginBottom: 0, maxWidth: 420, whiteSpace: 'pre-wrap' }}
            ellipsis={{ rows: 4, tooltip: task.description }}
            data-testid="approval-reason"
          >
            {task.description}
          </Typography.Paragraph>
        );
    }
  };

  /** Where the subject can be looked at: the score report (the version appealed), else the process's page. */
  const subjectLink = (task: TaskView): string | null => {
    const c = context(task);
    if (task.taskType === 'appeal.review' && str(c.cycleId) && str(c.personId))
      return reportPath(str(c.cycleId), 'person', str(c.personId), num(c.snapshotVersion));
    if (task.taskType === 'adjustment.approve' && str(c.cycleId) && str(c.subjectId))
      return reportPath(str(c.cycleId), str(c.subjectType) || 'person', str(c.subjectId));
    const link = processLink(task);
    return link === '/approvals' ? null : link;
  };

  const buttons = (task: TaskView) => {
    if (!task.actions.canComplete)
      return (
        <Typography.Text type="secondary">
          {task.assignee ? t('approvals.withAssignee', { name: task.assignee.displayName }) : t('approvals.notYours')}
        </Typography.Text>
      );
    const big = { size: 'large' as const, style: { minWidth: 112 } };
    const open = (verdict: Verdict) => () => setDeciding({ task, verdict });
    if (task.taskType === 'appeal.review')
      return (
        <Space wrap>
          <Button {...big} onClick={open('uphold')} data-testid={`uphold-${task.id}`}>
            {t('approvals.uphold')}
          </Button>
          <Button {...big} type="primary" onClick={open('adjust')} data-testid={`adjust-${task.id}`}>
            {t('approvals.adjust')}
          </Button>
        </Space>
      );
    const review = task.taskType === 'assessment.review';
    return (
      <Space wrap>
        <Button {...big} type="primary" onClick={open('approve')} data-testid={`approve-${task.id}`}>
          {review ? t('approvals.publish') : t('approvals.approve')}
        </Button>
        <Button {...big} danger onClick={open('reject')} data-testid={`reject-${task.id}`}>
          {review ? t('approvals.rescore') : t('approvals.reject')}
        </Button>
      </Space>
    );
  };

  const columns: TableColumnsType<TaskView> = [
    {
      key: 'type',
      title: t('approvals.colType'),
      render: (_, task) => {
        const c = context(task);
        return (
          <Space orientation="vertical" size={2}>
            <Typography.Text strong data-testid="approval-type">
              {labels.process(task.processType)}
            </Typography.Text>
            <Typography.Text type="secondary">{labels.taskType(task.taskType)}</Typography.Text>
            {task.taskType === 'appeal.review' && num(c.level) === 2 && <Tag color="purple">{t('appeal.level2')}</Tag>}
          </Space>
        );
      },
    },
    {
      key: 'subject',
      title: t('approvals.colSubject'),
      width: 260,
      render: (_, task) => {
        const link = subjectLink(task);
        return (
          <Space orientation="vertical" size={2}>
            <Typography.Text>{task.title}</Typography.Text>
            <Typography.Text type="secondary">{task.orgUnitName}</Typography.Text>
            {link && (
              <Link to={link} data-testid={`approval-link-${task.id}`}>
                {t('approvals.open')}
              </Link>
            )}
          </Space>
        );
      },
    },
    { key: 'asked', title: t('approvals.colAsked'), render: (_, task) => asked(task) },
    {
      key: 'due',
      title: t('approvals.colDue'),
      minWidth: 130,
      render: (_, task) => (
        <span
          style={task.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}
          data-testid="approval-due"
          data-overdue={task.overdue ? 'true' : 'false'}
        >
          <DueCell task={task} />
        </span>
      ),
    },
    { key: 'decide', title: t('approvals.colDecide'), width: 270, render: (_, task) => buttons(task) },
  ];

  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="approvals-error" />}
      <ResponsiveTable<TaskView>
        rowKey="id"
        columns={columns}
        dataSource={tasks}
        loading={loading}
        pagination={false}
        data-testid="approvals-queue"
        onRow={(task) => ({ ...testId(`approval-row-${task.id}`), 'data-task-type': task.taskType }) as never}
        locale={{ emptyText: t('approvals.empty') }}
        scroll={{ x: 1000 }}
      />
      {deciding && (
        <ApprovalDecisionModal
          task={deciding.task}
          verdict={deciding.verdict}
          onClose={() => setDeciding(null)}
          onDone={() => {
            const task = deciding.task;
            setDeciding(null);
            onDecided(task);
          }}
        />
      )}
    </>
  );
}

/** A score delta, green up, red down. */
export function DeltaTag({ delta }: { delta: number }) {
  return (
    <Tag color={delta > 0 ? 'green' : delta < 0 ? 'red' : 'default'} style={{ fontWeight: 600 }} data-testid="approval-delta" data-delta={delta}>
      {fmtSigned(delta)}
    </Tag>
  );
}
