import { Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listTrainings, type TrainingFilter, type TrainingSummary } from '../../shared/api';
import { DayRangeFilter } from '../../shared/components/DayRangeFilter';
import { ListPageCard } from '../../shared/components/ListPageCard';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { trainingPath } from '../../shared/operations';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { unitAndDays, useListPage } from '../../shared/useListPage';
import { TRAINER_ROLES } from '../../routes';
import { navigate } from '../../router';
import { NewTrainingModal } from './NewTrainingModal';
import { TitleCell, TwoLines } from '../../shared/components/Cells';
import { UnitFilter } from '../../shared/components/ListFilters';

const POLL_MS = 30_000;

/** The columns of an attendance file (api/trainings/routes.ts). */
export const ATTENDANCE_COLUMNS = 'training, person, attended, passed, remark';

/** "12 Jun 2026" for a YYYY-MM-DD day, whatever the browser's time zone. */
export function useDayFormat(style: 'medium' | 'long' = 'medium'): (day: string) => string {
  const { i18n } = useTranslation();
  return (day: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: style, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

const trainingFilter = (search: URLSearchParams): TrainingFilter => unitAndDays(search);

/**
 * Safety trainings (安全培训): sessions organised in the user's scope or attended by them, with
 * attendance counts; organisers (safety hub, HR, department heads) create sessions with their
 * participants and import attendance from CSV / xlsx.
 */
export function TrainingListPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const day = useDayFormat();
  const canOrganise = hasRole(user, ...TRAINER_ROLES);
  const list = useListPage({ name: 'trainings', filter: trainingFilter, load: listTrainings, pollMs: POLL_MS });
  const { filter } = list;
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<TrainingSummary> = [
    {
      key: 'title',
      title: t('trainings.colSession'),
      render: (_, x) => (
        <TitleCell
          to={trainingPath(x.id)}
          testId={`training-link-${x.id}`}
          title={x.title}
          sub={
            <>
              {x.topic}
              {x.code && ` · ${x.code}`}
            </>
          }
        />
      ),
    },
    { key: 'date', title: t('trainings.colDate'), render: (_, x) => day(x.heldOn) },
    { key: 'unit', title: t('trainings.colUnit'), dataIndex: 'orgUnitName' },
    { key: 'trainer', title: t('trainings.colTrainer'), dataIndex: 'trainer' },
    {
      key: 'attendance',
      title: t('trainings.colAttendance'),
      render: (_, x) => (
        <span data-testid="training-counts" data-participants={x.participants} data-attended={x.attended} data-passed={x.passed} data-recorded={x.recorded}>
          {t('trainings.counts', { participants: x.participants, attended: x.attended, passed: x.passed })}
          {x.recorded < x.participants && (
            <Typography.Text type="warning" style={{ display: 'block', fontSize: 12 }}>
              {t('trainings.pending', { count: x.participants - x.recorded })}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      key: 'created',
      title: t('trainings.colCreated'),
      render: (_, x) => <TwoLines main={<RelativeTime iso={x.createdAt} />} sub={x.createdBy} />,
    },
  ];

  return (
    <ListPageCard<TrainingSummary>
      title={t('trainings.title')}
      testId="trainings"
      refreshTestId="trainings-refresh"
      importFile={canOrganise && { path: '/api/trainings/import', title: t('trainings.importTitle'), columns: ATTENDANCE_COLUMNS, testIdPrefix: 'trainings' }}
      add={canOrganise && { label: t('trainings.new'), testId: 'training-new', onClick: () => setCreating(true) }}
      filtersTestId="training-filters"
      filters={
        <>
          <UnitFilter field={list.field('orgUnitId')} span={[24, 8, 6]} placeholder={t('trainings.filterUnit')} />
          <DayRangeFilter span={[24, 12, 8]} from={filter.from} to={filter.to} onChange={list.set} />
        </>
      }
      list={list}
      ids="trainings"
      texts={{ empty: 'trainings.empty', total: 'trainings.listTotal' }}
      columns={columns}
      onRow={(x) => testId(`training-row-${x.id}`)}
      scroll={{ x: 900 }}
    >
      {creating && <NewTrainingModal onClose={() => setCreating(false)} onCreated={(d) => navigate(trainingPath(d.id))} />}
    </ListPageCard>
  );
}
