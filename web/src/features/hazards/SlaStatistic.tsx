import { Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { absoluteTime } from '../../shared/format';
import { SlaClock } from './HazardTags';

/** The deadline a process waits on: the clock counting down to it and, while it runs, when it falls due (`dueText` of the time). */
export function SlaStatistic({
  title,
  dueAt,
  stopped,
  dueText,
}: {
  title: ReactNode;
  dueAt: string | null;
  stopped: boolean;
  dueText: (time: string) => string;
}) {
  const { i18n } = useTranslation();
  return (
    <>
      <Statistic title={title} valueRender={() => <SlaClock dueAt={dueAt} stopped={stopped} />} />
      {dueAt && !stopped && <Typography.Text type="secondary">{dueText(absoluteTime(dueAt, i18n.language))}</Typography.Text>}
    </>
  );
}
