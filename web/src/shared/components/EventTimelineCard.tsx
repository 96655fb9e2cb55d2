import { Card, Empty, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n';
import { absoluteTime } from '../format';

export interface TimelineEvent {
  id: string;
  at: string;
  type: string;
  actor: string | null;
}

interface EventTimelineCardProps<E extends TimelineEvent> {
  title: string;
  testId: string;
  emptyText: string;
  events: E[];
  /** The text key namespace of the event names (`hazard.event` → `hazard.event.<type>`); unknown types show their raw name. */
  namespace: string;
  colors: Record<string, string>;
  /** What the event recorded, in words, under its name. */
  details: (event: E) => ReactNode;
}

/** A process's history, oldest first: each event's name, who and when, and its details (`timeline-<type>`). */
export function EventTimelineCard<E extends TimelineEvent>({ title, testId, emptyText, events, namespace, colors, details }: EventTimelineCardProps<E>) {
  const { i18n } = useTranslation();
  const label = useLabel();
  const sorted = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <Card title={title} size="small" data-testid={testId}>
      {sorted.length === 0 ? (
        <Empty description={emptyText} />
      ) : (
        <Timeline
          items={sorted.map((e) => ({
            key: e.id,
            color: colors[e.type] ?? 'gray',
            content: (
              <div data-testid={`timeline-${e.type}`}>
                <Typography.Text strong>{label(`${namespace}.${e.type}`, e.type)}</Typography.Text>
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
