import { Card, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SnapshotView } from '../../shared/api';
import { absoluteTime } from '../../shared/format';
import { testId } from '../../shared/testIds';
import { useLabel } from '../../i18n';
import { SnapshotStatusTag } from './ScoreTags';
import { shortHash } from './scoring';
import { TwoLines } from '../../shared/components/Cells';

/** The cycle's snapshot versions: draft, published, superseded, with their hashes. */
export function CycleSnapshotsCard({ snapshots, current }: { snapshots: SnapshotView[]; current: number }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const columns: TableColumnsType<SnapshotView> = [
    {
      key: 'version',
      title: t('cycleDetail.colVersion'),
      render: (_, s) => (
        <Space size={4}>
          <Typography.Text strong>v{s.version}</Typography.Text>
          {s.version === current && <Tag color="blue">{t('cycleDetail.current')}</Tag>}
        </Space>
      ),
    },
    { key: 'reason', title: t('cycleDetail.colReason'), render: (_, s) => label(`scoring.snapshotReason.${s.reason}`, s.reason) },
    {
      key: 'status',
      title: t('cycleDetail.colStatus'),
      render: (_, s) => (
        <Space size={4}>
          <SnapshotStatusTag status={s.status} />
          {s.supersededBy ? (
            <Typography.Text type="secondary" data-testid={`snapshot-superseded-by-${s.version}`}>
              {t('report.supersededBy', { version: s.supersededBy })}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'hash',
      title: t('cycleDetail.colHash'),
      render: (_, s) => (
        <Tooltip title={s.inputHash}>
          <Typography.Text code data-testid={`snapshot-hash-${s.version}`}>
            {shortHash(s.inputHash)}
          </Typography.Text>
        </Tooltip>
      ),
    },
    { key: 'counts', title: t('cycleDetail.colCounts'), render: (_, s) => t('cycleDetail.counts', { facts: s.factCount, subjects: s.subjectCount }) },
    {
      key: 'by',
      title: t('cycleDetail.colBy'),
      render: (_, s) => (
        <TwoLines main={s.createdBy} sub={absoluteTime(s.createdAt, i18n.language)}>
          {s.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: s.note }}>
              {s.note}
            </Typography.Text>
          )}
        </TwoLines>
      ),
    },
  ];
  return (
    <Card title={t('cycleDetail.snapshots')} size="small" data-testid="cycle-snapshots">
      <Table<SnapshotView>
        rowKey="version"
        size="small"
        columns={columns}
        dataSource={[...snapshots].sort((a, b) => b.version - a.version)}
        pagination={false}
        onRow={(s) => ({ ...testId(`snapshot-row-${s.version}`), 'data-status': s.status, 'data-reason': s.reason }) as never}
        locale={{ emptyText: t('cycleDetail.noSnapshots') }}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}
