import { Alert, App, Button, Card, Descriptions, Empty, Segmented, Space, Spin, Switch, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadProcessHistory, fetchProcessHistory, type ProcessHistory, type TimelineEntry } from '../../shared/api';
import { saveFile } from '../../shared/download';
import { preciseTime } from '../../shared/format';
import { useErrorText } from '../../shared/hooks';
import { NotFoundResult } from '../../shared/components/DetailPlaceholder';
import { useDetail } from '../../shared/useDetail';
import { useLabel } from '../../i18n';
import { processLink } from '../../shared/processLinks';
import { Link } from '../../router';
import { DetailTitle } from '../../shared/components/DetailTitle';
import { useTemporalLink } from '../../shared/access';

/** A running process's timeline grows: read it again now and then. */
const POLL_MS = 10_000;

type SourceFilter = 'all' | 'process' | 'audit';

/** What went wrong or was stopped (red), what was decided or finished (green), what started a step (blue). */
const RED_KINDS = new Set([
  'sla.fired',
  'escalated',
  'task.escalated',
  'cancelled',
  'cancel.requested',
  'process.cancel_requested',
  'process.cancelled',
  'tasks.cancelled',
  'task.cancelled',
  'failed',
  'step.failed',
  'terminated',
  'timed_out',
]);
const GREEN_KINDS = new Set(['decision', 'completed', 'task.completed']);
const BLUE_KINDS = new Set(['started', 'task.handed', 'child.started', 'hazard.reported', 'emergency.reported']);
const NOTIFICATION_KINDS = new Set(['notified']);

const entryColor = (kind: string) => (RED_KINDS.has(kind) ? 'red' : GREEN_KINDS.has(kind) ? 'green' : BLUE_KINDS.has(kind) ? 'blue' : 'gray');

const STATUS_COLORS: Record<string, string> = {
  RUNNING: 'processing',
  COMPLETED: 'green',
  CANCELLED: 'orange',
  TERMINATED: 'red',
  FAILED: 'red',
  TIMED_OUT: 'red',
};

/**
 * The auditor's view of one process (SPEC §5): its complete timeline — what the workflow did
 * (steps handed out, SLA timers, escalations, decisions received) merged with the audit log (what
 * people did through the API) — exportable as JSON or a printable page, closed processes included.
 */
export function ProcessHistoryPage({ workflowId }: { workflowId: string }) {
  const { t } = useTranslation();
  // A closed process's history is final: no more reads.
  const query = useDetail({
    key: ['process-history', workflowId],
    load: () => fetchProcessHistory(workflowId),
    pollMs: (d) => (d && d.status !== 'RUNNING' ? false : POLL_MS),
  });
  const { data: doc, error } = query;
  const [showNotifications, setShowNotifications] = useState(false);
  const [source, setSource] = useState<SourceFilter>('all');

  if (error?.notFound && !doc)
    return (
      <NotFoundResult title={t('processHistory.notFound')} listPath="/monitor" backToList={t('processHistory.backToMonitor')} testId="history-not-found" />
    );
  if (!doc)
    return error ? (
      <Alert type="error" showIcon title={error.text} data-testid="history-error" />
    ) : (
      <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />
    );

  const hidden = showNotifications ? 0 : doc.entries.filter((e) => NOTIFICATION_KINDS.has(e.kind)).length;
  const entries = doc.entries.filter((e) => (showNotifications || !NOTIFICATION_KINDS.has(e.kind)) && (source === 'all' || e.source === source));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="process-history" data-status={doc.status}>
      {error && <Alert type="warning" showIcon title={error.text} />}
      <HeaderCard doc={doc} />
      <Card
        size="small"
        title={t('processHistory.timeline', { count: doc.entries.length })}
        extra={
          <Space wrap>
            <Segmented<SourceFilter>
              size="small"
              value={source}
              onChange={setSource}
              options={(['all', 'process', 'audit'] as const).map((s) => ({
                value: s,
                label: <span data-testid={`history-source-${s}`}>{t(`processHistory.sourceFilter.${s}`)}</span>,
              }))}
            />
            <Space size={4}>
              <Switch size="small" checked={showNotifications} onChange={setShowNotifications} data-testid="history-show-notifications" />
              <Typography.Text>{t('processHistory.showNotifications')}</Typography.Text>
              {hidden > 0 && <Typography.Text type="secondary">({t('processHistory.hiddenNotifications', { count: hidden })})</Typography.Text>}
            </Space>
          </Space>
        }
      >
        {entries.length === 0 ? (
          <Empty description={t('processHistory.empty')} />
        ) : (
          <Timeline
            data-testid="history-timeline"
            items={entries.map((e, i) => ({ key: `${e.ref}-${i}`, color: entryColor(e.kind), content: <EntryView entry={e} /> }))}
          />
        )}
      </Card>
    </Space>
  );
}

function HeaderCard({ doc }: { doc: ProcessHistory }) {
  const { t, i18n } = useTranslation();
  const temporalUiUrl = useTemporalLink(doc.temporalUiUrl);
  const { message } = App.useApp();
  const errorText = useErrorText();
  const label = useLabel();
  const [busy, setBusy] = useState<'json' | 'html' | null>(null);
  const processPage = doc.processType ? processLink({ processType: doc.processType, workflowId: doc.workflowId }) : null;
  const at = (iso: string | null) => (iso ? preciseTime(iso, i18n.language) : null);

  const exportJson = async () => {
    setBusy('json');
    try {
      const { blob, fileName } = await downloadProcessHistory(doc.workflowId, 'json');
      saveFile(blob, fileName);
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };
  const printable = async () => {
    // Opened now, while the click still counts as the user's, else a pop-up blocker stops it.
    const win = window.open('', '_blank');
    setBusy('html');
    try {
      const { blob, fileName } = await downloadProcessHistory(doc.workflowId, 'html');
      if (!win) {
        saveFile(blob, fileName);
        return;
      }
      const url = URL.createObjectURL(new Blob([blob], { type: 'text/html' }));
      win.location.href = url;
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      win?.close();
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      title={
        <DetailTitle listPath="/monitor" listName={t('nav.monitor')}>
          {t('processHistory.title')}
        </DetailTitle>
      }
      extra={
        <Tag color={STATUS_COLORS[doc.status] ?? 'default'} data-testid="history-status" data-status={doc.status}>
          {label(`processHistory.statusName.${doc.status}`, doc.status)}
        </Tag>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" loading={busy === 'json'} onClick={() => void exportJson()} data-testid="history-export-json">
          {t('processHistory.exportJson')}
        </Button>
        <Button loading={busy === 'html'} onClick={() => void printable()} data-testid="history-export-html">
          {t('processHistory.exportHtml')}
        </Button>
        {temporalUiUrl && (
          <Button href={temporalUiUrl} target="_blank" rel="noreferrer" data-testid="history-temporal">
            {t('processHistory.openTemporal')}
          </Button>
        )}
        {processPage && (
          <Link to={processPage} data-testid="history-process-link">
            {t('processHistory.openProcess')}
          </Link>
        )}
      </Space>
      {doc.source === 'audit' && (
        <Alert type="info" showIcon title={t('processHistory.auditOnly')} style={{ marginBottom: 16 }} data-testid="history-audit-only" />
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, xl: 3 }}
        items={[
          {
            key: 'process',
            label: t('processHistory.process'),
            children: (
              <Typography.Text copyable data-testid="history-workflow-id">
                {doc.workflowId}
              </Typography.Text>
            ),
          },
          {
            key: 'type',
            label: t('processHistory.type'),
            children: (
              <span data-testid="history-type">
                {doc.processType ? label(`process.${doc.processType}`, doc.processType) : t('common.none')}
                {doc.workflowType && <Typography.Text type="secondary"> · {doc.workflowType}</Typography.Text>}
              </span>
            ),
          },
          { key: 'started', label: t('processHistory.started'), children: at(doc.startedAt) ?? t('common.none') },
          {
            key: 'closed',
            label: t('processHistory.closed'),
            children: at(doc.closedAt) ?? (doc.status === 'RUNNING' ? t('processHistory.stillRunning') : t('common.none')),
          },
          {
            key: 'sources',
            label: t('processHistory.sources'),
            children: doc.source === 'audit' ? t('processHistory.sourceAudit') : t('processHistory.sourceBoth'),
          },
          {
            key: 'compiled',
            label: t('processHistory.compiled'),
            children: t('processHistory.compiledBy', { time: preciseTime(doc.generatedAt, i18n.language), user: doc.generatedBy }),
          },
        ]}
      />
    </Card>
  );
}

/** One entry: when, who, what, and where it comes from (with its raw data on demand). */
function EntryView({ entry: e }: { entry: TimelineEntry }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const [open, setOpen] = useState(false);
  const actor = e.actor === 'process' ? t('processHistory.actorProcess') : e.actor === 'system' ? t('processHistory.actorSystem') : e.actor;
  const hasData = Object.keys(e.data ?? {}).length > 0;
  return (
    <div data-testid="history-entry" data-kind={e.kind} data-source={e.source} data-actor={e.actor}>
      <Space size={[6, 2]} wrap>
        <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
          <time dateTime={e.at}>{preciseTime(e.at, i18n.language)}</time>
        </Typography.Text>
        <Typography.Text strong data-testid="history-actor">
          {actor}
        </Typography.Text>
        <Tag color={entryColor(e.kind) === 'gray' ? 'default' : entryColor(e.kind)} data-testid="history-kind">
          {label(`processHistory.kind.${e.kind.replace(/\./g, '_')}`, e.kind)}
        </Tag>
        <Tag bordered={false}>{t(`processHistory.sourceTag.${e.source}`)}</Tag>
      </Space>
      <div data-testid="history-text" style={{ whiteSpace: 'pre-wrap' }}>
        {e.text}
      </div>
      {hasData && (
        <Typography.Link style={{ fontSize: 12 }} onClick={() => setOpen((o) => !o)}>
          {open ? t('processHistory.hideDetails') : t('processHistory.details', { ref: e.ref })}
        </Typography.Link>
      )}
      {open && (
        <pre
          style={{
            fontSize: 12,
            background: '#f6f8fa',
            padding: 8,
            margin: '4px 0 0',
            maxHeight: 240,
            overflow: 'auto',
            whiteSpace: 'pre-wrap',
            wordBreak: 'break-word',
          }}
        >
          {JSON.stringify(e.data, null, 2)}
        </pre>
      )}
    </div>
  );
}
