import { Card, Space, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { listTasks, type TaskListView, type TaskView } from '../../shared/api';
import { ListTable } from '../../shared/components/ListTable';
import { DueCell } from '../../shared/components/DueCell';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { useTaskActions } from './TaskActions';
import { LabelTag, PriorityTag } from '../../shared/components/Tags';
import { useTaskLabels } from './taskLabels';
import { processLink } from '../../shared/processLinks';
import { useListPage } from '../../shared/useListPage';
import { setSearchParams } from '../../router';
import { testId } from '../../shared/testIds';
import { StrongLink, TwoLines } from '../../shared/components/Cells';
import { RefreshButton } from '../../shared/components/ListFilters';

const VIEWS: TaskListView[] = ['mine', 'team', 'completed'];

const PAGE_SIZE = 50;
const POLL_MS = 10_000;

function parseView(value: string | null): TaskListView {
  return VIEWS.find((v) => v === value) ?? 'mine';
}

const inboxFilter = (search: URLSearchParams) => ({ view: parseView(search.get('view')) });

/** Human tasks: mine, my team's queue, completed; claim, release, complete, delegate. */
export function InboxPage() {
  const { t } = useTranslation();
  const labels = useTaskLabels();
  // The key carries the view: rows of another tab are never shown, not even while the new tab loads.
  const list = useListPage({
    name: 'tasks',
    filter: inboxFilter,
    load: ({ view, page, pageSize }) => listTasks(view, page, pageSize),
    pollMs: POLL_MS,
    pageSize: PAGE_SIZE,
  });
  const { view } = list.filter;
  const actions = useTaskActions(list.refresh);

  const columns: TableColumnsType<TaskView> = [
    {
      key: 'title',
      title: t('inbox.colTitle'),
      width: '30%',
      render: (_, task) => (
        <Space orientation="vertical" size={0}>
          {processLink(task) ? (
            <StrongLink to={processLink(task)!} testId={`task-link-${task.id}`}>
              {task.title}
            </StrongLink>
          ) : (
            <Typography.Text strong>{task.title}</Typography.Text>
          )}
          {task.description && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: task.description }} style={{ marginBottom: 0 }}>
              {task.description}
            </Typography.Paragraph>
          )}
        </Space>
      ),
    },
    {
      key: 'process',
      title: t('inbox.colProcess'),
      minWidth: 100,
      render: (_, task) => {
        const type = labels.taskType(task.taskType);
        return <TwoLines plain main={labels.process(task.processType)} sub={type && <span data-testid="task-type">{type}</span>} />;
      },
    },
    { key: 'orgUnit', title: t('inbox.colOrgUnit'), dataIndex: 'orgUnitName' },
    {
      key: 'assignee',
      title: t('inbox.colAssignee'),
      render: (_, task) => (task.assignee ? task.assignee.displayName : <Tag>{t('common.unassigned')}</Tag>),
    },
    view === 'completed'
      ? {
          key: 'completed',
          title: t('inbox.colCompleted'),
          render: (_, task) =>
            task.completedAt ? (
              <TwoLines
                plain
                main={<RelativeTime iso={task.completedAt} />}
                sub={
                  task.completedBy &&
                  (task.completedOnBehalfOf
                    ? t('inbox.completedByFor', { name: task.completedBy, for: task.completedOnBehalfOf })
                    : t('inbox.completedBy', { name: task.completedBy }))
                }
              />
            ) : (
              <LabelTag value={task.status} labels="taskStatus" />
            ),
        }
      : { key: 'due', title: t('inbox.colDue'), minWidth: 140, render: (_, task) => <DueCell task={task} /> },
    { key: 'priority', title: t('inbox.colPriority'), minWidth: 90, render: (_, task) => <PriorityTag priority={task.priority} /> },
  ];
  if (view !== 'completed') {
    columns.push({
      key: 'actions',
      title: t('inbox.colActions'),
      render: (_, task) => actions.buttons(task),
    });
  }

  return (
    <Card title={t('inbox.title')} extra={<RefreshButton onRefresh={list.refresh} testId="inbox-refresh" />}>
      <Tabs
        activeKey={view}
        onChange={(key) => setSearchParams({ view: parseView(key), page: null })}
        items={[
          { key: 'mine', label: <span data-testid="tab-mine">{t('inbox.tabMine')}</span> },
          { key: 'team', label: <span data-testid="tab-team">{t('inbox.tabTeam')}</span> },
          { key: 'completed', label: <span data-testid="tab-completed">{t('inbox.tabCompleted')}</span> },
        ]}
      />
      <ListTable<TaskView>
        list={list}
        errorTestId="inbox-error"
        data-testid={`inbox-table-${view}`}
        columns={columns}
        onRow={(task) => testId(`task-row-${task.id}`)}
        locale={{ emptyText: t('inbox.empty') }}
        scroll={{ x: 1000 }}
        showTotal={(total) => t('inbox.total', { count: total })}
      />
      {actions.modals}
    </Card>
  );
}
