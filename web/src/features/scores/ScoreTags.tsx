import { Tag } from 'antd';
import type { CyclePhase, Rating, RulesetStatus } from '../../shared/api';
import { useLabel } from '../../i18n';
import { CYCLE_STATUS_COLORS, RATING_COLORS, RULESET_STATUS_COLORS, SNAPSHOT_STATUS_COLORS } from './scoring';

export function RatingTag({ rating, testId = 'rating' }: { rating: Rating | string | null; testId?: string }) {
  const label = useLabel();
  if (!rating) return null;
  return (
    <Tag color={RATING_COLORS[rating as Rating] ?? 'default'} data-testid={testId} data-rating={rating}>
      {label(`scoring.rating.${rating}`, rating)}
    </Tag>
  );
}

export function CycleStatusTag({ status }: { status: CyclePhase }) {
  const label = useLabel();
  return (
    <Tag color={CYCLE_STATUS_COLORS[status] ?? 'default'} data-testid="cycle-status" data-status={status}>
      {label(`scoring.cycleStatus.${status}`, status)}
    </Tag>
  );
}

export function RulesetStatusTag({ status }: { status: RulesetStatus }) {
  const label = useLabel();
  return (
    <Tag color={RULESET_STATUS_COLORS[status] ?? 'default'} data-testid="ruleset-status" data-status={status}>
      {label(`scoring.rulesetStatus.${status}`, status)}
    </Tag>
  );
}

export function SnapshotStatusTag({ status }: { status: string }) {
  const label = useLabel();
  return (
    <Tag color={SNAPSHOT_STATUS_COLORS[status] ?? 'default'} data-testid="snapshot-status" data-status={status}>
      {label(`scoring.snapshotStatus.${status}`, status)}
    </Tag>
  );
}
