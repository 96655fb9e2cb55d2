import { Card, Col, Descriptions, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TrainingDetail } from '../../shared/api';
import { absoluteTime } from '../../shared/format';
import { useDayFormat } from './TrainingListPage';
import { DetailTitle } from '../../shared/components/DetailTitle';

/** A training's title (under the list's link), what, when, where and by whom, and its counts. */
export function TrainingSummaryCard({ training: d }: { training: TrainingDetail }) {
  const { t, i18n } = useTranslation();
  const day = useDayFormat('long');
  return (
    <Card
      title={
        <DetailTitle listPath="/trainings" listName={t('nav.trainings')} testId="training-title">
          {d.title}
        </DetailTitle>
      }
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={14}>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'topic', label: t('trainings.topic'), children: d.topic },
              { key: 'code', label: t('trainings.code'), children: d.code ? <Typography.Text code>{d.code}</Typography.Text> : t('common.none') },
              { key: 'date', label: t('trainings.date'), children: day(d.heldOn) },
              { key: 'unit', label: t('trainings.unit'), children: d.orgUnitName },
              { key: 'trainer', label: t('trainings.trainer'), children: d.trainer },
              { key: 'created', label: t('trainings.colCreated'), children: `${d.createdBy} · ${absoluteTime(d.createdAt, i18n.language)}` },
            ]}
          />
        </Col>
        <Col xs={24} lg={10}>
          <Row
            gutter={16}
            data-testid="training-stats"
            data-participants={d.participants}
            data-attended={d.attended}
            data-passed={d.passed}
            data-recorded={d.recorded}
          >
            <Col span={8}>
              <Statistic title={t('trainings.statParticipants')} value={d.participants} />
            </Col>
            <Col span={8}>
              <Statistic title={t('trainings.statAttended')} value={d.attended} />
            </Col>
            <Col span={8}>
              <Statistic title={t('trainings.statPassed')} value={d.passed} />
            </Col>
          </Row>
        </Col>
      </Row>
    </Card>
  );
}
