import { Progress, Tooltip } from 'antd';
import type { CycleSummary } from '../../shared/api';
import { findUnitName, useOrgTree } from '../../shared/components/OrgUnitSelect';

/** The cycle's scope by name (the tree the user can see), else its id. */
export function useUnitName(): (unitId: string) => string {
  const { tree } = useOrgTree();
  return (unitId: string) => (tree && findUnitName(tree, unitId)) || unitId;
}

export function CycleProgress({ cycle, testIdPrefix = 'cycle-progress' }: { cycle: Pick<CycleSummary, 'progress' | 'status' | 'id'>; testIdPrefix?: string }) {
  const { done, total } = cycle.progress;
  const percent = total > 0 ? Math.floor((done / total) * 100) : cycle.status === 'scoring' ? 0 : 100;
  return (
    <Tooltip title={`${done} / ${total}`}>
      <div data-testid={testIdPrefix} data-done={done} data-total={total} style={{ minWidth: 140 }}>
        <Progress
          percent={percent}
          size="small"
          status={cycle.status === 'scoring' ? 'active' : percent >= 100 ? 'success' : 'normal'}
          format={() => `${done}/${total}`}
        />
      </div>
    </Tooltip>
  );
}
