import { Card, Descriptions, Space, Steps, type CardProps, type DescriptionsProps, type StepsProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ROUTES, type PageKey } from '../../routes';
import { absoluteTime } from '../format';
import { DetailTitle } from './DetailTitle';
import { useIsPhone } from './ResponsiveTable';

type DetailHeaderCardProps = Omit<CardProps, 'title' | 'extra'> & {
  /** The list page the record belongs to: a link back to its path (with `listSearch`), named as the menu names it. */
  list: PageKey;
  listSearch?: string;
  /** The record's name, and the test id it carries. */
  title: ReactNode;
  titleTestId: string;
  /** Its state on the right of the title: tags, and the odd small button. */
  tags: ReactNode;
};

/**
 * The first card of a detail page: list / record as the title, the record's tags beside it, the
 * page's header below. On a phone the title wraps over the card's width and the tags go under it.
 */
export function DetailHeaderCard({ list, listSearch = '', title, titleTestId, tags, children, ...card }: DetailHeaderCardProps) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const listPath = ROUTES.find((r) => r.key === list)?.path ?? '/';
  const tagList = (
    <Space wrap size={4} style={phone ? { marginBottom: 12 } : undefined}>
      {tags}
    </Space>
  );
  return (
    <Card
      {...card}
      styles={phone ? { ...card.styles, title: { whiteSpace: 'normal', paddingBlock: 8 } } : card.styles}
      title={
        <DetailTitle listPath={`${listPath}${listSearch}`} listName={t(`nav.${list}`)} testId={titleTestId}>
          {title}
        </DetailTitle>
      }
      extra={phone ? undefined : tagList}
    >
      {phone && tagList}
      {children}
    </Card>
  );
}

/** One step of a process: its name, and when it was reached (ISO; none yet: null). */
export interface ProcessStep {
  title: ReactNode;
  at?: string | null;
}

/** A process's steps, each with the time it was reached, in the reader's language. */
export function ProcessSteps({
  steps,
  current,
  status,
  testId,
  marginBottom = 16,
}: {
  steps: ProcessStep[];
  current: number;
  status: StepsProps['status'];
  testId: string;
  marginBottom?: number;
}) {
  const { i18n } = useTranslation();
  return (
    <Steps
      size="small"
      current={current}
      status={status}
      style={{ marginBottom }}
      data-testid={testId}
      items={steps.map((s) => ({ title: s.title, content: s.at ? absoluteTime(s.at, i18n.language) : undefined }))}
    />
  );
}

/** A record's facts in its header card: label and value, one to three a row as the screen widens. */
export function DetailFacts({ items }: { items: DescriptionsProps['items'] }) {
  return <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 3 }} items={items} />;
}
