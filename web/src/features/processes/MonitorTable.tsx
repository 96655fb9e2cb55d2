import { Space, Table, Tag, Tooltip, Typography, type TablePaginationConfig, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MonitorItem, MonitorStep } from '../../shared/api';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { processHistoryPath, processLink } from '../../shared/processLinks';
import { testId } from '../../shared/testIds';
import { useLabel } from '../../i18n';
import { Link } from '../../router';
import { SlaCountdown } from './SlaCountdown';
import { None, StrongLink, TwoLines } from '../../shared/components/Cells';
import { LabelTag } from '../../shared/components/Tags';
import { useDeveloperLinks } from '../../shared/access';

const TYPE_COLORS: Record<string, string> = {
  hazard: 'orange',
  emergency: 'red',
  risk_assessment: 'purple',
  assessment_cycle: 'blue',
  improvement_plan: 'cyan',
  appeal: 'geekblue',
  adjustment: 'gold',
  declaration: 'green',
  notice: 'default',
  incident: 'volcano',
  corrective_action: 'lime',
};
/** Where a process type's step names are translated. */
const STATUS_NAMESPACES: Record<string, string> = {
  hazard: 'hazard.status',
  emergency: 'emergency.status',
  risk_assessment: 'risk.status',
  incident: 'incident.status',
  permit: 'permit.status',
  notice: 'monitor.noticeStatus',
};

/** The processes in flight: type, subject, open steps and who holds them, SLA countdown, escalation; selectable for bulk actions. */
export function MonitorTable({
  items,
  skew,
  loading,
  pagination,
  selection,
}: {
  items: MonitorItem[];
  skew: number;
  loading: boolean;
  pagination: TablePaginationConfig;
  selection: { keys: string[]; onChange: (keys: string[]) => void } | null;
}) {
  const { t } = useTranslation();
  const developer = useDeveloperLinks();
  const label = useLabel();
  const statusLabel = (i: MonitorItem) =>
    i.status ? label(STATUS_NAMESPACES[i.type] ? `${STATUS_NAMESPACES[i.type]}.${i.status}` : [], i.status.replace(/_/g, ' ')) : null;

  const columns: TableColumnsType<MonitorItem> = [
    {
      key: 'type',
      title: t('monitor.colType'),
      width: 110,
      render: (_, i) => <LabelTag value={i.type} labels="process" colors={TYPE_COLORS} testId="monitor-type" attr="type" />,
    },
    {
      key: 'subject',
      title: t('monitor.colSubject'),
      width: 240,
      render: (_, i) => {
        const to = processLink({ processType: i.type, workflowId: i.workflowId });
        const status = statusLabel(i);
        return (
          <TwoLines
            main={
              to ? (
                <StrongLink to={to} testId="monitor-subject">
                  {i.subject}
                </StrongLink>
              ) : (
                <Typography.Text strong data-testid="monitor-subject">
                  {i.subject}
                </Typography.Text>
              )
            }
            sub={
              <>
                {status && `${status} · `}
                {t('monitor.started')} <RelativeTime iso={i.startedAt} />
              </>
            }
          />
        );
      },
    },
    {
      key: 'unit',
      title: t('monitor.colUnit'),
      width: 150,
      render: (_, i) => {
        const main = i.departmentName ?? i.orgUnitName;
        if (!main) return <None />;
        return <TwoLines main={main} sub={i.departmentName && i.orgUnitName !== i.departmentName && i.orgUnitName} />;
      },
    },
    { key: 'steps', title: t('monitor.colSteps'), width: 250, render: (_, i) => <StepsCell steps={i.steps} /> },
    {
      key: 'sla',
      title: t('monitor.colSla'),
      width: 130,
      render: (_, i) => <SlaCountdown deadline={i.slaDeadline} skew={skew} overdue={i.overdue} />,
    },
    {
      key: 'escalation',
      title: t('monitor.colEscalation'),
      width: 100,
      render: (_, i) => (
        <span data-testid="monitor-escalation" data-level={i.escalationLevel}>
          {i.escalationLevel > 0 ? <Tag color="volcano">{t('monitor.level', { level: i.escalationLevel })}</Tag> : <None />}
        </span>
      ),
    },
    {
      key: 'links',
      title: t('monitor.colLinks'),
      width: 100,
      render: (_, i) => (
        <Space orientation="vertical" size={0}>
          <Link to={processHistoryPath(i.workflowId)} data-testid="monitor-history">
            {t('monitor.history')}
          </Link>
          {developer && i.temporalUiUrl && (
            <a href={i.temporalUiUrl} target="_blank" rel="noreferrer" data-testid="monitor-temporal">
              {t('monitor.temporal')}
            </a>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Table<MonitorItem>
      rowKey="workflowId"
      size="middle"
      data-testid="monitor-table"
      columns={columns}
      dataSource={items}
      loading={loading}
      rowSelection={
        selection ? { selectedRowKeys: selection.keys, onChange: (keys) => selection.onChange(keys.map(String)), preserveSelectedRowKeys: false } : undefined
      }
      onRow={(i) => testId(`monitor-row-${i.workflowId}`, { overdue: i.overdue, type: i.type })}
      locale={{ emptyText: t('monitor.empty') }}
      scroll={{ x: 1110 }}
      pagination={pagination}
    />
  );
}

/** The open steps of a process: what is asked and who holds it (a person, or a unit's role). */
function StepsCell({ steps }: { steps: MonitorStep[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  if (!steps.length) return <Typography.Text type="secondary">{t('monitor.noOpenStep')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={4}>
      {steps.map((s) => (
        <div key={s.taskId} data-testid="monitor-step">
          <Typography.Text ellipsis={{ tooltip: s.title }} style={{ maxWidth: 230, display: 'block' }}>
            {s.title}
          </Typography.Text>
          <span data-testid="step-holder" data-assignee={s.assignee ?? ''}>
            {s.assignee ? (
              <Tooltip title={t('monitor.heldByPerson')}>
                <Tag color="blue">{s.assignee}</Tag>
              </Tooltip>
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.candidateRole ? t('monitor.unitRole', { unit: s.orgUnitName, role: label(`roles.${s.candidateRole}`, s.candidateRole) }) : s.orgUnitName}
              </Typography.Text>
            )}
          </span>
        </div>
      ))}
    </Space>
  );
}
