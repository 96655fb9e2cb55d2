import { Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgTreeNode } from '../api';
import { usePeopleOptions, useOrgTree } from '../options';

/** The org tree the user can see (kept here too for the pages that import it with the pickers). */
export { useOrgTree };

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}

const toOption = (n: OrgTreeNode): TreeOption => ({ value: n.id, title: n.name, children: n.children.map(toOption) });

export function findUnitName(nodes: OrgTreeNode[], unitId: string): string | undefined {
  for (const n of nodes) {
    if (n.id === unitId) return n.name;
    const hit = findUnitName(n.children, unitId);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * An org unit from the tree the user can see (an employee: their own subtree; the safety officer:
 * the plant). `knownLabel` names a value outside that tree (e.g. the current responsible unit).
 */
export function OrgUnitSelect({
  value,
  onChange,
  knownLabel,
  size,
  testId,
  allowClear,
  placeholder,
  ariaLabel,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  knownLabel?: string;
  size?: 'large' | 'middle';
  testId?: string;
  allowClear?: boolean;
  placeholder?: string;
  /** Its accessible name where no form label names it (a list's filter). */
  ariaLabel?: string;
}) {
  const { t } = useTranslation();
  const { tree, failed } = useOrgTree();
  const treeData = useMemo(() => {
    const options = (tree ?? []).map(toOption);
    // A value the tree does not hold still shows a name, not a raw id.
    if (value && tree && !findUnitName(tree, value)) options.unshift({ value, title: knownLabel ?? value, children: [] });
    return options;
  }, [tree, value, knownLabel]);
  return (
    <TreeSelect<string>
      data-testid={testId}
      aria-label={ariaLabel}
      size={size}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={treeData}
      loading={!tree && !failed}
      status={failed ? 'warning' : undefined}
      placeholder={failed ? t('orgSelect.loadFailed') : (placeholder ?? t('orgSelect.placeholder'))}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      allowClear={allowClear}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}

/** A person of `orgUnitId` (and the units below it); optional, cleared when the unit changes. */
export function PersonSelect({
  orgUnitId,
  value,
  onChange,
  testId,
}: {
  orgUnitId?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { items, failed } = usePeopleOptions(orgUnitId);
  return (
    <Select<string>
      data-testid={testId}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      disabled={!orgUnitId}
      loading={!!orgUnitId && !items && !failed}
      placeholder={!orgUnitId ? t('orgSelect.unitFirst') : failed ? t('orgSelect.peopleFailed') : t('orgSelect.personPlaceholder')}
      options={(items ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.employeeNo})` }))}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      style={{ width: '100%' }}
    />
  );
}
