import { Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskView } from '../api';
import { useNow } from '../hooks';
import { None } from './Cells';
import { RelativeTime } from './RelativeTime';

const DUE_SOON_MS = 4 * 3600 * 1000;

/** Due date of an open task: relative time, red "Overdue" past it, orange within 4 hours. */
export function DueCell({ task }: { task: Pick<TaskView, 'dueAt' | 'overdue' | 'status'> }) {
  const { t } = useTranslation();
  const now = useNow();
  if (!task.dueAt) return <Typography.Text type="secondary">{t('inbox.noDueDate')}</Typography.Text>;
  const left = new Date(task.dueAt).getTime() - now;
  const open = task.status === 'open';
  const overdue = open && (task.overdue || left < 0);
  const soon = open && !overdue && left < DUE_SOON_MS;
  return (
    <Space size={4} wrap>
      <RelativeTime iso={task.dueAt} />
      {overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
      {soon && <Tag color="orange">{t('inbox.dueSoon')}</Tag>}
    </Space>
  );
}

/**
 * A process's due date in a list: while it is `open`, as `DueCell` shows it (with `children`, such
 * as how many days overdue, beside it); once it is over, when it closed in grey (or none).
 */
export function DueOrClosedCell({
  open,
  dueAt,
  overdue,
  closedAt,
  children,
}: {
  open: boolean;
  dueAt: string | null;
  overdue: boolean;
  closedAt: string | null;
  children?: ReactNode;
}) {
  if (!open) return <None>{closedAt ? <RelativeTime iso={closedAt} /> : undefined}</None>;
  const due = <DueCell task={{ dueAt, overdue, status: 'open' }} />;
  if (children === undefined) return due;
  return (
    <Space size={4} wrap>
      {due}
      {children}
    </Space>
  );
}
