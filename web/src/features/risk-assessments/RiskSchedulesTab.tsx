import { App, Button, Popconfirm, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteRiskSchedule, listRiskSchedules, triggerRiskSchedule, type RiskSchedule } from '../../shared/api';
import { useBusyAction } from '../../shared/hooks';
import { usePolledQuery } from '../../shared/query';
import { Link } from '../../router';
import { testId } from '../../shared/testIds';
import { RiskPauseModal, RiskScheduleModal } from './RiskScheduleModal';
import { RefreshButton } from '../../shared/components/ListFilters';
import { PolledTable } from '../../shared/components/CardTable';
import { NextRuns } from '../../shared/components/NextRuns';

const POLL_MS = 10_000;

/** The monthly assessment of each unit (a Temporal Schedule): when it runs next, its runs; the safety hub edits, pauses, runs now, deletes. */
export function RiskSchedulesTab({ hub }: { hub: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const schedules = usePolledQuery(['risk-schedules'], async () => (await listRiskSchedules()).items, POLL_MS);
  const load = schedules.refresh;
  const [editing, setEditing] = useState<RiskSchedule | 'new' | null>(null);
  const [pausing, setPausing] = useState<RiskSchedule | null>(null);
  const { busy, act } = useBusyAction(load);

  const dayTime = (s: RiskSchedule) => t('riskSchedule.when', { day: s.dayOfMonth, time: s.time, zone: s.timeZone });
  const columns: TableColumnsType<RiskSchedule> = [
    {
      key: 'unit',
      title: t('riskSchedule.colUnit'),
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{s.orgUnitName}</Typography.Text>
          <Typography.Text type="secondary">
            {s.title} · {s.area}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'departments', title: t('riskSchedule.colDepartments'), render: (_, s) => s.departments.map((d) => <Tag key={d}>{t(`risk.department.${d}`)}</Tag>) },
    { key: 'when', title: t('riskSchedule.colWhen'), render: (_, s) => <span data-testid={`schedule-when-${s.orgUnitId}`}>{dayTime(s)}</span> },
    {
      key: 'state',
      title: t('riskSchedule.colState'),
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <Tag color={s.paused ? 'orange' : 'green'} data-testid={`schedule-state-${s.orgUnitId}`} data-paused={s.paused ? 'true' : 'false'}>
            {s.paused ? t('riskSchedule.paused') : t('riskSchedule.active')}
          </Tag>
          {s.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.note}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'next',
      title: t('riskSchedule.colNext'),
      render: (_, s) => <NextRuns paused={s.paused} nextRuns={s.nextRuns} />,
    },
    {
      key: 'runs',
      title: t('riskSchedule.colRuns'),
      render: (_, s) =>
        s.runs > 0 ? (
          <Link to={`/risk-assessments?scheduleId=${encodeURIComponent(s.scheduleId)}`} data-testid={`schedule-runs-${s.orgUnitId}`}>
            {t('riskSchedule.runs', { count: s.runs })}
          </Link>
        ) : (
          <Typography.Text type="secondary">{t('riskSchedule.runs', { count: 0 })}</Typography.Text>
        ),
    },
  ];
  if (hub)
    columns.push({
      key: 'actions',
      title: t('inbox.colActions'),
      render: (_, s) => (
        <Space size="small" wrap>
          <Button size="small" onClick={() => setEditing(s)} data-testid={`schedule-edit-${s.orgUnitId}`}>
            {t('riskSchedule.edit')}
          </Button>
          <Button size="small" onClick={() => setPausing(s)} data-testid={`schedule-pause-${s.orgUnitId}`}>
            {s.paused ? t('riskSchedule.resume') : t('riskSchedule.pause')}
          </Button>
          <Button
            size="small"
            loading={busy === `trigger-${s.scheduleId}`}
            onClick={() => void act(`trigger-${s.scheduleId}`, () => triggerRiskSchedule(s.scheduleId), t('riskSchedule.triggered'))}
            data-testid={`schedule-trigger-${s.orgUnitId}`}
          >
            {t('riskSchedule.runNow')}
          </Button>
          <Popconfirm
            title={t('riskSchedule.deleteConfirm', { unit: s.orgUnitName })}
            description={t('riskSchedule.deleteHint')}
            okText={t('riskSchedule.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => act(`delete-${s.scheduleId}`, () => deleteRiskSchedule(s.scheduleId), t('riskSchedule.deleted'))}
          >
            <Button size="small" danger loading={busy === `delete-${s.scheduleId}`} data-testid={`schedule-delete-${s.orgUnitId}`}>
              {t('riskSchedule.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });

  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('riskSchedule.hint')}</Typography.Text>
        <Space wrap>
          <RefreshButton onRefresh={load} testId="schedules-refresh" />
          {hub && (
            <Button type="primary" ghost onClick={() => setEditing('new')} data-testid="schedule-new">
              {t('riskSchedule.new')}
            </Button>
          )}
        </Space>
      </Space>
      <PolledTable<RiskSchedule>
        query={schedules}
        errorTestId="schedules-error"
        rowKey="scheduleId"
        size="middle"
        data-testid="schedules-table"
        columns={columns}
        onRow={(s) => testId(`schedule-row-${s.orgUnitId}`)}
        emptyText={t('riskSchedule.empty')}
        scroll={{ x: 1000 }}
      />
      {editing && (
        <RiskScheduleModal
          schedule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={(created) => {
            setEditing(null);
            void message.success(created ? t('riskSchedule.created') : t('riskSchedule.saved'));
            void load();
          }}
        />
      )}
      {pausing && (
        <RiskPauseModal
          schedule={pausing}
          onClose={() => setPausing(null)}
          onDone={(paused) => {
            setPausing(null);
            void message.success(paused ? t('riskSchedule.pausedDone') : t('riskSchedule.resumedDone'));
            void load();
          }}
        />
      )}
    </>
  );
}
