import { Tag } from 'antd';
import type { Priority, Severity } from '../api';
import { useLabel } from '../../i18n';
import { testId as testIdAttrs } from '../testIds';

/**
 * A value from the API (a status, a kind) as a tag: named by the text `<labels>.<value>` (the raw
 * value where there is none), in the colour `colors` gives it (grey for one it does not know; no
 * colour without `colors`). With `testId`, the tag also carries the value as `data-<attr>`.
 */
export function LabelTag<V extends string>({
  value,
  labels,
  colors,
  testId,
  attr = 'status',
}: {
  value: V;
  labels: string;
  colors?: Partial<Record<V, string>>;
  testId?: string;
  attr?: string;
}) {
  const label = useLabel();
  return (
    <Tag color={colors ? (colors[value] ?? 'default') : undefined} {...(testId ? testIdAttrs(testId, { [attr]: value }) : {})}>
      {label(`${labels}.${value}`, value)}
    </Tag>
  );
}

const COLORS: Record<Priority | Severity, string> = { critical: 'red', normal: 'blue', info: 'default' };

export function PriorityTag({ priority }: { priority: Priority }) {
  return <LabelTag value={priority} labels="priority" colors={COLORS} />;
}

export function SeverityTag({ severity }: { severity: Severity }) {
  return <LabelTag value={severity} labels="severity" colors={COLORS} />;
}
