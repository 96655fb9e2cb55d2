import { Card, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listAdjustments, listAppeals, listDeclarations, listTasks } from '../../shared/api';
import { usePolledQuery, type Polled } from '../../shared/query';
import { hasRole, useSession } from '../../shared/session';
import { setSearchParams, useLocation } from '../../router';
import { ADJUSTMENT_READERS } from '../scores/scoring';
import { isApproval, type Loaded } from './approvals';
import { AdjustmentsTab, AppealsTab, DeclarationsTab } from './ApprovalHistoryTabs';
import { ApprovalQueueTab } from './ApprovalQueueTab';
import { RefreshButton } from '../../shared/components/ListFilters';

const TABS = ['queue', 'appeals', 'adjustments', 'declarations'] as const;
type Tab = (typeof TABS)[number];
const POLL_MS = 10_000;
/** The queue reads the "mine" view of the inbox in one page. */
const QUEUE_SIZE = 200;

/** A list as the tabs take it: its items, or (after a failed read) why it could not be read. */
const loaded = <T,>(q: Polled<T[]>): Loaded<T> => (q.errorText ? { items: null, error: q.errorText } : { items: q.data ?? null, error: null });

/**
 * The approval queue (审批): the open decisions of the reader — appeals, adjustments,
 * self-declarations, deadline extensions, score reviews — with what is asked, the due date and
 * big buttons; and the history of appeals, adjustments (with "Propose adjustment") and
 * declarations: who decided, when, why, and the snapshot version it made.
 */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { search } = useLocation();
  const tab: Tab = TABS.find((x) => x === search.get('tab')) ?? 'queue';
  const readsAdjustments = hasRole(user, ...ADJUSTMENT_READERS);

  const taskQuery = usePolledQuery(
    ['tasks', 'mine', 'approvals'],
    async () => (await listTasks('mine', 1, QUEUE_SIZE)).items.filter((x) => x.status === 'open' && isApproval(x.taskType)),
    POLL_MS,
  );
  const appealQuery = usePolledQuery(['appeals'], async () => (await listAppeals()).items, POLL_MS);
  const adjustmentQuery = usePolledQuery(['adjustments'], async () => (await listAdjustments()).items, POLL_MS, { enabled: readsAdjustments });
  const declarationQuery = usePolledQuery(['declarations'], async () => (await listDeclarations()).items, POLL_MS);
  const tasks = loaded(taskQuery);
  const appeals = loaded(appealQuery);
  const adjustments = loaded(adjustmentQuery);
  const declarations = loaded(declarationQuery);
  const load = async () => {
    await Promise.all([taskQuery.refresh(), appealQuery.refresh(), ...(readsAdjustments ? [adjustmentQuery.refresh()] : []), declarationQuery.refresh()]);
  };
  /** Rows decided here: gone at once, whatever the next read says while the process records it. */
  const [decided, setDecided] = useState<Set<string>>(() => new Set());

  const queue = (tasks.items ?? []).filter((x) => !decided.has(x.id));
  const tabs = [
    {
      key: 'queue',
      label: (
        <span data-testid="approvals-tab-queue">
          {t('approvals.tabQueue')} {tasks.items && <Tag style={{ marginInlineStart: 4 }}>{queue.length}</Tag>}
        </span>
      ),
      children: (
        <ApprovalQueueTab
          tasks={queue}
          loading={!tasks.items && !tasks.error}
          error={tasks.error}
          appeals={appeals.items ?? []}
          adjustments={adjustments.items ?? []}
          declarations={declarations.items ?? []}
          onDecided={(task) => {
            setDecided((d) => new Set([...d, task.id]));
            void load();
          }}
        />
      ),
    },
    { key: 'appeals', label: <span data-testid="approvals-tab-appeals">{t('approvals.tabAppeals')}</span>, children: <AppealsTab loaded={appeals} /> },
    ...(readsAdjustments
      ? [
          {
            key: 'adjustments',
            label: <span data-testid="approvals-tab-adjustments">{t('approvals.tabAdjustments')}</span>,
            children: <AdjustmentsTab loaded={adjustments} onProposed={load} />,
          },
        ]
      : []),
    {
      key: 'declarations',
      label: <span data-testid="approvals-tab-declarations">{t('approvals.tabDeclarations')}</span>,
      children: <DeclarationsTab loaded={declarations} />,
    },
  ];
  return (
    <Card title={t('approvals.title')} data-testid="approvals" extra={<RefreshButton onRefresh={load} testId="approvals-refresh" />}>
      <Tabs activeKey={tab} onChange={(k) => setSearchParams({ tab: k === 'queue' ? null : k })} items={tabs} destroyOnHidden />
    </Card>
  );
}
