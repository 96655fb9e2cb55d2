import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { setSearchParams, useLocation } from '../../router';

export interface UrlTab {
  key: string;
  label: ReactNode;
  /** The test id of the tab's label. */
  testId: string;
  children: ReactNode;
}

/**
 * A page's tabs with the open one in the URL (`?tab=<key>`, none for the first), so a link can open
 * a tab; only the open tab is rendered (a list on another tab is not read), and a change of tab goes
 * back to a list's first page. `false` leaves a tab out (one the user may not open).
 */
export function UrlTabs({ items }: { items: (UrlTab | false)[] }) {
  const { search } = useLocation();
  const shown = items.filter((x): x is UrlTab => x !== false);
  const first = shown[0]?.key;
  const active = shown.find((x) => x.key === search.get('tab'))?.key ?? first;
  return (
    <Tabs
      activeKey={active}
      onChange={(key) => setSearchParams({ tab: key === first ? null : key, page: null })}
      items={shown.map((x) => ({ key: x.key, label: <span data-testid={x.testId}>{x.label}</span>, children: x.key === active ? x.children : null }))}
    />
  );
}
