import { Alert, Button, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchScoreReport, type AdjustmentStatus, type AdjustmentView, type AppealView, type DeclarationView } from '../../shared/api';
import { findUnitName, useOrgTree } from '../../shared/components/OrgUnitSelect';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { useLabel } from '../../i18n';
import { Link } from '../../router';
import { ADJUSTER_ROLES, ADJUSTMENT_STATUS_COLORS, periodOfCycle, reportPath } from '../scores/scoring';
import { AppealStatusTag } from './Appeals';
import type { Loaded } from './approvals';
import { DeltaTag, useLineNames } from './ApprovalQueueTab';
import { DeclarationTable } from './Declarations';
import { ProposeAdjustmentModal } from './ProposeAdjustmentModal';
import { ResponsiveTable } from '../../shared/components/ResponsiveTable';

function Unavailable({ error }: { error: string }) {
  return <Alert type="warning" showIcon title={error} style={{ marginBottom: 12 }} data-testid="approvals-history-error" />;
}

/** "Decided by" cell: who, when, why. */
function DecisionCell({ by, at, reason }: { by: string | null; at: string | null; reason: string | null }) {
  const { t } = useTranslation();
  if (!by) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={0} style={{ maxWidth: 320 }} data-testid="decision-cell">
      <Typography.Text>
        {by}
        {at && (
          <Typography.Text type="secondary">
            {' · '}
            <RelativeTime iso={at} />
          </Typography.Text>
        )}
      </Typography.Text>
      {reason && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} ellipsis={{ rows: 2, tooltip: reason }}>
          {reason}
        </Typography.Paragraph>
      )}
    </Space>
  );
}

function VersionLink({ cycleId, subjectType, subjectId, version }: { cycleId: string; subjectType: string; subjectId: string; version: number | null }) {
  const { t } = useTranslation();
  if (!version) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Link to={reportPath(cycleId, subjectType, subjectId, version)} data-testid="version-link" data-version={version}>
      {t('approvals.version', { version })}
    </Link>
  );
}

export function AppealsTab({ loaded }: { loaded: Loaded<AppealView> }) {
  const { t } = useTranslation();
  const names = useLineNames();
  const columns: TableColumnsType<AppealView> = [
    { key: 'created', title: t('approvals.colSubmitted'), render: (_, a) => <RelativeTime iso={a.createdAt} /> },
    {
      key: 'who',
      title: t('approvals.colPerson'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Link to={reportPath(a.cycleId, 'person', a.subjectId, a.snapshotVersion)}>{a.appellant}</Link>
          <Typography.Text type="secondary">{periodOfCycle(a.cycleId)}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'line',
      title: t('approvals.colLine'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{names.code(a.lineCode)}</Typography.Text>
          {a.level > 1 && <Tag color="purple">{t('appeal.level2')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'reason',
      title: t('approvals.colReason'),
      render: (_, a) => (
        <Typography.Paragraph style={{ marginBottom: 0, maxWidth: 280 }} ellipsis={{ rows: 2, tooltip: a.reason }}>
          {a.reason}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'status',
      title: t('approvals.colStatus'),
      render: (_, a) => (
        <Space size={4} wrap>
          <AppealStatusTag status={a.status} />
          {a.delta !== null && a.delta !== 0 && <DeltaTag delta={a.delta} />}
        </Space>
      ),
    },
    { key: 'decision', title: t('approvals.colDecision'), render: (_, a) => <DecisionCell by={a.decidedBy} at={a.decidedAt} reason={a.decisionReason} /> },
    {
      key: 'version',
      title: t('approvals.colVersion'),
      render: (_, a) => <VersionLink cycleId={a.cycleId} subjectType="person" subjectId={a.subjectId} version={a.newVersion} />,
    },
  ];
  return (
    <>
      {loaded.error && <Unavailable error={loaded.error} />}
      <ResponsiveTable<AppealView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={loaded.items ?? []}
        loading={!loaded.items && !loaded.error}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(a) => ({ ...testId(`appeal-row-${a.id}`), 'data-status': a.status }) as never}
        locale={{ emptyText: t('approvals.appealsEmpty') }}
        scroll={{ x: 'max-content' }}
        data-testid="appeals-table"
      />
    </>
  );
}

/**
 * Names of adjusted subjects: departments from the org tree, persons from their report (the
 * adjustments list carries ids only); fetched once per subject.
 */
function useSubjectNames(items: AdjustmentView[]): (a: AdjustmentView) => string {
  const { tree } = useOrgTree();
  const wanted = useMemo(() => [...new Map(items.filter((a) => a.subjectType === 'person').map((a) => [a.subjectId, a])).values()].slice(0, 50), [items]);
  const names = useQueries({
    queries: wanted.map((a) => ({
      queryKey: ['person-name', a.subjectId],
      queryFn: async () => (await fetchScoreReport(a.cycleId, 'person', a.subjectId)).name,
      staleTime: Infinity,
    })),
  });
  const people = new Map(wanted.map((a, i) => [a.subjectId, names[i]?.data]));
  return (a) => (a.subjectType === 'department' ? (tree && findUnitName(tree, a.subjectId)) || a.subjectId : (people.get(a.subjectId) ?? '…'));
}

function AdjustmentStatusTag({ status }: { status: AdjustmentStatus }) {
  const label = useLabel();
  return (
    <Tag color={ADJUSTMENT_STATUS_COLORS[status] ?? 'default'} data-testid="adjustment-status" data-status={status}>
      {label(`scoring.adjustmentStatus.${status}`, status)}
    </Tag>
  );
}

export function AdjustmentsTab({ loaded, onProposed }: { loaded: Loaded<AdjustmentView>; onProposed: () => Promise<void> }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { user } = useSession();
  const names = useLineNames();
  const items = useMemo(() => loaded.items ?? [], [loaded.items]);
  const subjectName = useSubjectNames(items);
  const [proposing, setProposing] = useState(false);
  const columns: TableColumnsType<AdjustmentView> = [
    {
      key: 'proposed',
      title: t('approvals.colProposed'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{a.proposedBy}</Typography.Text>
          <Typography.Text type="secondary">
            <RelativeTime iso={a.createdAt} />
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'subject',
      title: t('approvals.colSubject'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Space size={4}>
            <Tag>{label(`scoring.subjectType.${a.subjectType}`, a.subjectType)}</Tag>
            <Link to={reportPath(a.cycleId, a.subjectType, a.subjectId)} data-testid="adjustment-subject">
              {subjectName(a)}
            </Link>
          </Space>
          <Typography.Text type="secondary">{periodOfCycle(a.cycleId)}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'change',
      title: t('approvals.colChange'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <DeltaTag delta={a.delta} />
          <Typography.Text type="secondary">{a.lineCode ? names.code(a.lineCode) : t('approvals.total')}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'reason',
      title: t('approvals.colReason'),
      render: (_, a) => (
        <Space orientation="vertical" size={0} style={{ maxWidth: 280 }}>
          <Typography.Text>{label(`scoring.adjustmentReason.${a.reasonCode}`, a.reasonCode)}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} ellipsis={{ rows: 2, tooltip: a.text }}>
            {a.text}
          </Typography.Paragraph>
        </Space>
      ),
    },
    { key: 'status', title: t('approvals.colStatus'), render: (_, a) => <AdjustmentStatusTag status={a.status} /> },
    { key: 'decision', title: t('approvals.colDecision'), render: (_, a) => <DecisionCell by={a.decidedBy} at={a.decidedAt} reason={a.decisionReason} /> },
    {
      key: 'version',
      title: t('approvals.colVersion'),
      render: (_, a) => <VersionLink cycleId={a.cycleId} subjectType={a.subjectType} subjectId={a.subjectId} version={a.newVersion} />,
    },
  ];
  return (
    <>
      {hasRole(user, ...ADJUSTER_ROLES) && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Button type="primary" onClick={() => setProposing(true)} data-testid="adjustment-propose">
            {t('approvals.propose')}
          </Button>
          <Typography.Text type="secondary">{t('approvals.secondPerson')}</Typography.Text>
        </Space>
      )}
      {loaded.error && <Unavailable error={loaded.error} />}
      <ResponsiveTable<AdjustmentView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={!loaded.items && !loaded.error}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(a) => ({ ...testId(`adjustment-row-${a.id}`), 'data-status': a.status }) as never}
        locale={{ emptyText: t('approvals.adjustmentsEmpty') }}
        scroll={{ x: 'max-content' }}
        data-testid="adjustments-table"
      />
      {proposing && (
        <ProposeAdjustmentModal
          onClose={() => setProposing(false)}
          onDone={() => {
            setProposing(false);
            void onProposed();
          }}
        />
      )}
    </>
  );
}

export function DeclarationsTab({ loaded }: { loaded: Loaded<DeclarationView> }) {
  const { t } = useTranslation();
  return (
    <div data-testid="declarations-history">
      {loaded.error && <Unavailable error={loaded.error} />}
      <DeclarationTable items={loaded.items ?? []} showPerson loading={!loaded.items && !loaded.error} emptyText={t('approvals.declarationsEmpty')} />
    </div>
  );
}
