import { Alert, Button, Card, Col, Descriptions, Empty, List, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n';
import { DetailPlaceholder } from '../../shared/components/DetailPlaceholder';
import { absoluteTime } from '../../shared/format';
import { useErrorText } from '../../shared/hooks';
import { useDetail } from '../../shared/useDetail';
import { Link, navigate } from '../../router';
import { newUuid } from '../hazards/hazard';
import { ProcessTasksCard } from '../tasks/ProcessTasksCard';
import { useTaskActions } from '../tasks/TaskActions';
import { YourTasks } from '../tasks/YourTasks';
import { fetchPermit, GAS_KINDS, GAS_TEST_STATUSES, movePermitWork, WORK_ACTIONS, type PermitDetail, type WorkAction } from './api';
import { GasTestModal } from './GasTestModal';
import { ConflictsAlert, PermitClock, PermitKindTag, PermitStatusTag, usePermitKind } from './PermitTags';

const POLL_MS = 5_000;
const BIG = { minHeight: 48, fontSize: 16 } as const;

/**
 * One permit: on a phone its status, next clock and the actions the status allows come first
 * (record a gas test; start, pause, resume, complete), then its steps, gas tests, crew, JSA,
 * measures and history.
 */
export function PermitDetailPage({ permitId }: { permitId: string }) {
  const { t } = useTranslation();
  const query = useDetail({ key: ['permit', permitId], load: () => fetchPermit(permitId), pollMs: POLL_MS, fresh: true });
  const { data: permit, refresh, setData } = query;
  const taskActions = useTaskActions(refresh);

  if (!permit)
    return (
      <DetailPlaceholder
        detail={query}
        testIdPrefix="permit"
        registering={t('permitDetail.registering')}
        notFound={t('permitDetail.notFound')}
        listPath="/permits"
        backToList={t('permitDetail.backToList')}
      />
    );
  const { tasks } = permit;
  return (
    <>
      <YourTasks tasks={tasks} actions={taskActions} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="permit-detail">
        {query.error && <Alert type="warning" showIcon title={query.error.text} />}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <PermitHeaderCard permit={permit} refresh={refresh} show={setData} />
              <ProcessTasksCard
                tasks={tasks}
                buttons={taskActions.buttons}
                openTaskIds={new Set(tasks.filter((x) => x.status === 'open').map((x) => x.id))}
                cardTestId="permit-tasks"
                title={t('permitDetail.tasks')}
                emptyText={t('permitDetail.noTasks')}
                oldestFirst
              />
              <GasTestsCard permit={permit} />
              <PermitWorkCard permit={permit} />
            </Space>
          </Col>
          <Col xs={24} xl={10}>
            <PermitTimelineCard permit={permit} />
          </Col>
        </Row>
      </Space>
      {taskActions.modals}
    </>
  );
}

function PermitHeaderCard({ permit, refresh, show }: { permit: PermitDetail; refresh: () => Promise<void>; show: (p: PermitDetail) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [testing, setTesting] = useState(false);
  const [busy, setBusy] = useState<WorkAction | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const actions = WORK_ACTIONS[permit.status] ?? [];
  const canTest = GAS_TEST_STATUSES.includes(permit.status);
  const time = (iso: string) => absoluteTime(iso, i18n.language);

  const move = async (action: WorkAction) => {
    setBusy(action);
    setRefusal(null);
    try {
      show(await movePermitWork(permit.id, { action, clientId: newUuid() }));
    } catch (err) {
      setRefusal(errorText(err));
      await refresh();
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" data-testid="permit-header">
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        <Space wrap size={[8, 4]}>
          <Link to="/permits">{t('permitList.title')}</Link>
          <Typography.Text strong style={{ fontSize: 18 }} data-testid="permit-number">
            {permit.number}
          </Typography.Text>
          <PermitKindTag permit={permit} />
          <PermitStatusTag status={permit.status} />
          {permit.compliant !== null && (
            <Tag color={permit.compliant ? 'green' : 'red'} data-testid="permit-compliant">
              {permit.compliant ? t('permitDetail.compliant') : t('permitDetail.notCompliant')}
            </Tag>
          )}
        </Space>
        <Typography.Text>
          {permit.areaName} · {permit.workContent}
        </Typography.Text>
        {permit.status === 'suspended' && permit.suspensionReason && (
          <Alert
            type="error"
            showIcon
            data-testid="permit-suspension"
            title={t('permitDetail.suspended', { reason: t(`permit.suspension.${permit.suspensionReason}`) })}
            // Validity cannot be extended (GB 30871): the same work is requested anew, the form filled in from this permit.
            action={
              permit.suspensionReason === 'validity_expired' && (
                <Button onClick={() => navigate(`/permits/new?from=${permit.id}`)} data-testid="permit-request-anew">
                  {t('permitDetail.requestAnew')}
                </Button>
              )
            }
          />
        )}
        {permit.nextClock && <PermitClock clock={permit.nextClock} />}
        {(canTest || actions.length > 0) && (
          <Space wrap size={[8, 8]} style={{ width: '100%' }} data-testid="permit-actions">
            {canTest && (
              <Button size="large" style={BIG} onClick={() => setTesting(true)} data-testid="permit-gas-test">
                {t('permitDetail.recordGasTest')}
              </Button>
            )}
            {actions.map((a) => (
              <Button
                key={a}
                size="large"
                type="primary"
                danger={a === 'pause'}
                style={BIG}
                loading={busy === a}
                disabled={busy !== null && busy !== a}
                onClick={() => void move(a)}
                data-testid={`permit-${a}`}
              >
                {t(`permitDetail.action.${a}`)}
              </Button>
            ))}
          </Space>
        )}
        {refusal && <Alert type="error" showIcon closable title={refusal} onClose={() => setRefusal(null)} data-testid="permit-action-error" />}
        <Descriptions size="small" column={1} bordered={false}>
          <Descriptions.Item label={t('permitDetail.window')}>
            {time(permit.windowFrom)} – {time(permit.windowTo)}
          </Descriptions.Item>
          <Descriptions.Item label={t('permitDetail.validity')}>
            <span data-testid="permit-valid-until">{permit.validUntil ? time(permit.validUntil) : t('permitDetail.notIssued')}</span>
          </Descriptions.Item>
          {permit.requester && <Descriptions.Item label={t('permitDetail.requester')}>{permit.requester}</Descriptions.Item>}
          {permit.contractor && <Descriptions.Item label={t('permitDetail.contractor')}>{permit.contractor}</Descriptions.Item>}
        </Descriptions>
        <ConflictsAlert conflicts={permit.conflicts} title={t('permitDetail.conflicts')} />
      </Space>
      <GasTestModal
        permitId={permit.id}
        open={testing}
        onClose={() => {
          setTesting(false);
          void refresh();
        }}
      />
    </Card>
  );
}

function GasTestsCard({ permit }: { permit: PermitDetail }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" title={t('permitDetail.gasTests')} data-testid="permit-gas-tests">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={[...permit.gasTests].sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt))}
        locale={{ emptyText: t('permitDetail.noGasTests') }}
        onRow={(g) => ({ 'data-testid': `gas-test-${g.id}`, 'data-passed': String(g.passed) }) as never}
        columns={[
          { key: 'taken', title: t('permitDetail.colTaken'), render: (_, g) => absoluteTime(g.takenAt, i18n.language) },
          {
            key: 'result',
            title: t('permitDetail.colResult'),
            render: (_, g) => <Tag color={g.passed ? 'green' : 'red'}>{g.passed ? t('permitDetail.pass') : t('permitDetail.fail')}</Tag>,
          },
          ...GAS_KINDS.map((k) => ({ key: k, title: t(`permit.gas.${k}`), render: (_: unknown, g: PermitDetail['gasTests'][number]) => g.readings[k] ?? '—' })),
          { key: 'tester', title: t('permitDetail.colTester'), render: (_, g) => g.tester ?? '—' },
        ]}
      />
    </Card>
  );
}

/** Crew, job safety analysis and safety measures: what the area owner confirmed, as three titled lists. */
function PermitWorkCard({ permit }: { permit: PermitDetail }) {
  const { t } = useTranslation();
  const section = (key: 'crew' | 'jsa' | 'measures', rows: ReactNode[]) => (
    <div key={key} data-testid={`permit-${key}`} style={{ marginBottom: 12 }}>
      <Typography.Title level={5}>{t(`permitDetail.${key}`)}</Typography.Title>
      <List size="small" dataSource={rows} renderItem={(row) => <List.Item>{row}</List.Item>} />
    </div>
  );
  return (
    <Card size="small" data-testid="permit-work">
      {section(
        'crew',
        permit.crew.map((c) => `${c.name} · ${t(`permit.crewRole.${c.role}`)}`),
      )}
      {section(
        'jsa',
        permit.jsa.map((s, i) => (
          <Space key={i} orientation="vertical" size={0}>
            <Typography.Text strong>
              {i + 1}. {s.step}
            </Typography.Text>
            <Typography.Text type="danger">{s.hazards}</Typography.Text>
            <Typography.Text type="success">{s.controls}</Typography.Text>
          </Space>
        )),
      )}
      {section(
        'measures',
        permit.measures.map((m, i) => (
          <Space key={i} wrap size={[4, 4]}>
            <Tag>{t(`permit.measureKind.${m.kind}`)}</Tag>
            {m.description}
            {m.lockNumber && <Tag color="gold">{t('permitDetail.lock', { number: m.lockNumber })}</Tag>}
          </Space>
        )),
      )}
    </Card>
  );
}

const EVENT_COLORS: Record<string, string> = {
  requested: 'blue',
  gas_test_failed: 'red',
  gas_test_stale: 'orange',
  suspended: 'red',
  issued: 'green',
  closed: 'green',
  cancelled: 'gray',
};

function PermitTimelineCard({ permit }: { permit: PermitDetail }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const kind = usePermitKind();
  const events = [...permit.timeline].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <Card size="small" title={t('permitDetail.timeline')} extra={kind(permit.type, permit.level)} data-testid="permit-timeline">
      {events.length === 0 ? (
        <Empty description={t('permitDetail.noEvents')} />
      ) : (
        <Timeline
          items={events.map((e) => ({
            key: e.id,
            color: EVENT_COLORS[e.type] ?? 'blue',
            content: (
              <div data-testid={`timeline-${e.type}`}>
                <Typography.Text strong>{label(`permit.event.${e.type}`, e.type)}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.actor} · <time dateTime={e.at}>{absoluteTime(e.at, i18n.language)}</time>
                </Typography.Text>
                {typeof e.data.reason === 'string' && (
                  <Typography.Paragraph type={e.type === 'suspended' ? 'danger' : undefined} style={{ margin: 0 }}>
                    {label(`permit.suspension.${e.data.reason}`, e.data.reason)}
                  </Typography.Paragraph>
                )}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
