import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchTraining } from '../../shared/api';
import { DetailPlaceholder } from '../../shared/components/DetailPlaceholder';
import { isMissing, useDetail } from '../../shared/useDetail';
import { TrainingResultsCard } from './TrainingResultsCard';
import { TrainingSummaryCard } from './TrainingSummaryCard';

/**
 * One training session: who was enrolled, who attended and passed (each recorded result is one
 * training.attended fact); organisers record or correct results in the table, add walk-ins, or
 * import an attendance file. A changed result a published assessment already counts is refused
 * (409) and the message shown.
 */
export function TrainingDetailPage({ trainingId }: { trainingId: string }) {
  const { t } = useTranslation();
  const query = useDetail({ key: ['training', trainingId], load: () => fetchTraining(trainingId), pollMs: false, notFound: isMissing });
  const { data: detail, refresh: load } = query;

  if (!detail) return <DetailPlaceholder detail={query} notFound={t('trainings.notFound')} listPath="/trainings" backToList={t('trainings.backToList')} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="training-detail">
      <TrainingSummaryCard training={detail} />
      <TrainingResultsCard training={detail} onChanged={load} />
    </Space>
  );
}
