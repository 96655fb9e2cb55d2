import { Alert, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n';
import { LabelTag } from '../../shared/components/Tags';
import { Link } from '../../router';
import { SlaCountdown } from '../processes/SlaCountdown';
import type { PermitDetail, PermitLevel, PermitStatus, PermitSummary, PermitType } from './api';

const STATUS_COLORS: Partial<Record<PermitStatus, string>> = {
  preparing: 'gold',
  gas_testing: 'gold',
  approving: 'blue',
  issued: 'cyan',
  working: 'green',
  paused: 'orange',
  suspended: 'red',
  watching: 'purple',
  restoring: 'purple',
  closed: 'default',
  cancelled: 'default',
};

export function PermitStatusTag({ status, testId = 'permit-status' }: { status: PermitStatus; testId?: string }) {
  return <LabelTag value={status} labels="permit.status" colors={STATUS_COLORS} testId={testId} />;
}

/** "一级 动火作业", "Hot work · Level 1": a type without levels shows its name only. */
export function usePermitKind(): (type: PermitType, level: PermitLevel) => string {
  const { t, i18n } = useTranslation();
  return (type, level) => {
    const name = t(`permit.type.${type}`);
    if (level === 'standard') return name;
    return i18n.language.startsWith('zh') ? `${t(`permit.level.${level}`)}${name}` : `${name} · ${t(`permit.level.${level}`)}`;
  };
}

/** The permit's next clock (validity, a re-test, a step's SLA) as a live countdown with what it is for. */
export function PermitClock({ clock, testId = 'permit-clock' }: { clock: PermitSummary['nextClock']; testId?: string }) {
  const label = useLabel();
  if (!clock) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4} wrap data-testid={testId} data-kind={clock.kind}>
      <Typography.Text type="secondary">{label(`permit.clock.${clock.kind}`, clock.kind)}</Typography.Text>
      <SlaCountdown deadline={clock.at} skew={0} />
    </Space>
  );
}

/** The permit's number with its kind: what a list row or a board card leads with. */
export function PermitKindTag({ permit }: { permit: Pick<PermitSummary, 'type' | 'level'> }) {
  const kind = usePermitKind();
  return <Tag color={permit.type === 'hot_work' ? 'volcano' : 'geekblue'}>{kind(permit.type, permit.level)}</Tag>;
}

/** Running permits in the same area this one conflicts with (flagged to its approvers), each a link. */
export function ConflictsAlert({ conflicts, title }: { conflicts: PermitDetail['conflicts']; title: string }) {
  const { t } = useTranslation();
  if (conflicts.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="permit-conflicts"
      title={title}
      description={conflicts.map((c) => (
        <div key={c.permitId}>
          <Link to={`/permits/${c.permitId}`}>{c.number}</Link> · {t(`permit.type.${c.type}`)}
        </div>
      ))}
    />
  );
}
