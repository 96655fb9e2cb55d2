import { Button, Card, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listTasks, type Page, type TaskListView, type TaskView } from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { useTaskActions } from './TaskActions';
import { PriorityTag } from '../../shared/components/Tags';
import { useTaskLabels } from './taskLabels';
import { processLink } from '../../shared/processLinks';
import { useErrorText, usePolling } from '../../shared/hooks';
import { Link, setSearchParams, useLocation } from '../../router';
import { testId } from '../../shared/testIds';

const VIEWS: TaskListView[] = ['mine', 'team', 'completed'];

const PAGE_SIZE = 50;
const POLL_MS = 10_000;

function parseView(value: string | null): TaskListView {
  return VIEWS.find((v) => v === value) ?? 'mine';
}

/** Human tasks: mine, my team's queue, completed; claim, release, complete, delegate. */
export function InboxPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const labels = useTaskLabels();
  const { search } = useLocation();
  const view = parseView(search.get('view'));
  const page = Math.max(1, Number(search.get('page')) || 1);

  const [loaded, setLoaded] = useState<{ key: string; result: Page<TaskView> } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);
  const key = `${view}:${page}`;
  // Rows of another tab are never shown, not even while the new tab loads.
  const data = loaded?.key === key ? loaded.result : null;

  const load = async () => {
    const mine = ++request.current;
    setLoading(true);
    try {
      const result = await listTasks(view, page, PAGE_SIZE);
      if (mine !== request.current) return; // a newer request (other tab) wins
      setLoaded({ key, result });
      setError(null);
    } catch (err) {
      if (mine === request.current) setError(errorText(err));
    } finally {
      if (mine === request.current) setLoading(false);
    }
  };
  usePolling(load, POLL_MS, [view, page]);

  const actions = useTaskActions(load);

  const columns: TableColumnsType<TaskView> = [
    {
      key: 'title',
      title: t('inbox.colTitle'),
      width: '30%',
      render: (_, task) => (
        <Space orientation="vertical" size={0}>
          {processLink(task) ? (
            <Link to={processLink(task)!} data-testid={`task-link-${task.id}`}>
              <Typography.Text strong style={{ color: 'inherit' }}>
                {task.title}
              </Typography.Text>
            </Link>
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
        return (
          <Space orientation="vertical" size={0}>
            {labels.process(task.processType)}
            {type && (
              <Typography.Text type="secondary" data-testid="task-type">
                {type}
              </Typography.Text>
            )}
          </Space>
        );
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
              <Space orientation="vertical" size={0}>
                <RelativeTime iso={task.completedAt} />
                {task.completedBy && (
                  <Typography.Text type="secondary">
                    {task.completedOnBehalfOf
                      ? t('inbox.completedByFor', { name: task.completedBy, for: task.completedOnBehalfOf })
                      : t('inbox.completedBy', { name: task.completedBy })}
                  </Typography.Text>
                )}
              </Space>
            ) : (
              <Tag>{t(`taskStatus.${task.status}`)}</Tag>
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
    <Card
      title={t('inbox.title')}
      extra={
        <Button onClick={() => void load()} data-testid="inbox-refresh">
          {t('common.refresh')}
        </Button>
      }
    >
      <Tabs
        activeKey={view}
        onChange={(key) => setSearchParams({ view: parseView(key), page: null })}
        items={[
          { key: 'mine', label: <span data-testid="tab-mine">{t('inbox.tabMine')}</span> },
          { key: 'team', label: <span data-testid="tab-team">{t('inbox.tabTeam')}</span> },
          { key: 'completed', label: <span data-testid="tab-completed">{t('inbox.tabCompleted')}</span> },
        ]}
      />
      {error && (
        <Typography.Paragraph type="danger" data-testid="inbox-error">
          {error}
        </Typography.Paragraph>
      )}
      <Table<TaskView>
        rowKey="id"
        size="middle"
        data-testid={`inbox-table-${view}`}
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading && !data}
        onRow={(task) => testId(`task-row-${task.id}`)}
        locale={{ emptyText: t('inbox.empty') }}
        scroll={{ x: 1000 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => t('inbox.total', { count: total }),
          onChange: (p) => setSearchParams({ page: p === 1 ? null : String(p) }),
        }}
      />
      {actions.modals}
    </Card>
  );
}
