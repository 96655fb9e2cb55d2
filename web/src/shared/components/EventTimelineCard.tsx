import { Card, Empty, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n';
import { absoluteTime } from '../format';
import type { DetailProcess } from './DetailPlaceholder';

export interface TimelineEvent {
  id: string;
  at: string;
  type: string;
  actor: string | null;
}

interface EventTimelineCardProps<E extends TimelineEvent> {
  /**
   * Whose history: the card's texts are `<process>Detail.timeline` and `.noEvents`, its test id
   * `<process>-timeline`, the event names `<process>.event.<type>` (an unknown type shows its raw name).
   */
  process: Exclude<DetailProcess, 'cycle'>;
  events: E[];
  colors: Record<string, string>;
  /** What the event recorded, in words, under its name. */
  details: (event: E) => ReactNode;
}

/** A process's history, oldest first: each event's name, who and when, and its details (`timeline-<type>`). */
export function EventTimelineCard<E extends TimelineEvent>({ process, events, colors, details }: EventTimelineCardProps<E>) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const sorted = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <Card title={t(`${process}Detail.timeline`)} size="small" data-testid={`${process}-timeline`}>
      {sorted.length === 0 ? (
        <Empty description={t(`${process}Detail.noEvents`)} />
      ) : (
        <Timeline
          items={sorted.map((e) => ({
            key: e.id,
            color: colors[e.type] ?? 'gray',
            content: (
              <div data-testid={`timeline-${e.type}`}>
                <Typography.Text strong>{label(`${process}.event.${e.type}`, e.type)}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.actor ? `${e.actor} · ` : ''}
                  <time dateTime={e.at}>{absoluteTime(e.at, i18n.language)}</time>
                </Typography.Text>
                {details(e)}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

/**
 * Adds a text an event recorded (a note, a summary) to its details as written, line breaks kept;
 * an empty one adds nothing. `rows`: longer texts fold to that many lines.
 */
export const quoteInto =
  (parts: ReactNode[], rows?: number) =>
  (key: string, text: string | null): void => {
    if (text)
      parts.push(
        <Typography.Paragraph key={key} style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }} ellipsis={rows ? { rows, expandable: 'collapsible' } : undefined}>
          {text}
        </Typography.Paragraph>,
      );
  };
