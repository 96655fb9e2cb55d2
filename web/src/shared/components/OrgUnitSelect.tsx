import { Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgTreeNode } from '../api';
import { currentLanguage } from '../../i18n';
import { localName, useLocalName } from '../names';
import { usePeopleOptions, useOrgTree } from '../options';

/** The org tree the user can see (kept here too for the pages that import it with the pickers). */
export { useOrgTree };

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}

const toOption = (n: OrgTreeNode, language: string): TreeOption => ({
  value: n.id,
  title: localName(n, language),
  children: n.children.map((c) => toOption(c, language)),
});

/** A unit's name in `language` (default: the UI's). */
export function findUnitName(nodes: OrgTreeNode[], unitId: string, language: string = currentLanguage()): string | undefined {
  for (const n of nodes) {
    if (n.id === unitId) return localName(n, language);
    const hit = findUnitName(n.children, unitId, language);
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
  const { t, i18n } = useTranslation();
  const { tree, failed } = useOrgTree();
  const language = i18n.language;
  const treeData = useMemo(() => {
    const options = (tree ?? []).map((n) => toOption(n, language));
    // A value the tree does not hold still shows a name, not a raw id.
    if (value && tree && !findUnitName(tree, value)) options.unshift({ value, title: knownLabel ?? value, children: [] });
    return options;
  }, [tree, value, knownLabel, language]);
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
  const nameOf = useLocalName();
  const { items, failed } = usePeopleOptions(orgUnitId);
  return (
    <Select<string>
      data-testid={testId}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      disabled={!orgUnitId}
      loading={!!orgUnitId && !items && !failed}
      placeholder={!orgUnitId ? t('orgSelect.unitFirst') : failed ? t('orgSelect.peopleFailed') : t('orgSelect.personPlaceholder')}
      options={(items ?? []).map((p) => ({ value: p.id, label: `${nameOf(p)} (${p.employeeNo})` }))}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      style={{ width: '100%' }}
    />
  );
}
