import { Button, Card, Space, type TableProps } from 'antd';
import type { ParseKeys } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../api';
import type { ListPage } from '../useListPage';
import { ImportFileButton } from './ImportFileButton';
import { FilterBar, RefreshButton } from './ListFilters';
import { ListTable } from './ListTable';
import { useCanWrite } from '../access';

/**
 * A page's card: its title, its test id and its actions (refresh, import, new …) on the right,
 * side by side and wrapping on a narrow screen; none when `actions` is empty.
 */
export function PageCard({ title, testId, actions, children }: { title: ReactNode; testId?: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Card title={title} data-testid={testId} extra={actions ? <Space wrap>{actions}</Space> : undefined}>
      {children}
    </Card>
  );
}

export type ListViewProps<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'locale'> & {
  /** The list (`useListPage`) the table shows, page by page. */
  list: ListPage<object, Page<T>>;
  /** Test ids: `<ids>-error` of the error line and `<ids>-table` of the table, or each by itself. */
  ids: string | { error: string; table?: string };
  /** The texts' keys: "nothing here" and the count under the table ("25 hazards", given `count`). */
  texts: { empty: ParseKeys; total: ParseKeys };
  /** The filters above the table: in a `FilterBar` with this test id, or as they are without one. */
  filters?: ReactNode;
  filtersTestId?: string;
  /** What comes after the table (its dialogs). */
  children?: ReactNode;
};

/** A list page's body: its filters, the paged table of the list with its error line, then `children`. */
export function ListView<T extends object>({ list, ids, texts, filters, filtersTestId, children, ...table }: ListViewProps<T>) {
  const { t } = useTranslation();
  const { error, table: tableId } = typeof ids === 'string' ? { error: `${ids}-error`, table: `${ids}-table` } : ids;
  return (
    <>
      {filtersTestId ? <FilterBar testId={filtersTestId}>{filters}</FilterBar> : filters}
      <ListTable<T>
        list={list}
        errorTestId={error}
        data-testid={tableId}
        locale={{ emptyText: t(texts.empty) }}
        // The key as its own default (as i18next shows a missing key): its typing takes any key with a count then.
        showTotal={(count) => t(texts.total, { count, defaultValue: texts.total })}
        {...table}
      />
      {children}
    </>
  );
}

/** The usual actions of a list page's card, in this order (each left out when not given or false). */
export interface ListPageActions {
  /** The test id of "Refresh" (reads the list again), the first action. */
  refreshTestId?: string;
  /** The import of the list's records from a CSV / xlsx file (`ImportFileButton`); the list is read again after it. */
  importFile?: false | { path: string; title: string; columns: string; testIdPrefix: string };
  /** The page's other actions, after those two. */
  actions?: ReactNode;
  /** The primary "add" (new record) button, the last action. */
  add?: false | { label: string; testId: string; onClick: () => void };
}

/** A list page in its card: `PageCard` with its actions around a `ListView` (`before`: what comes above the filters, a hint). */
export function ListPageCard<T extends object>({
  title,
  testId,
  refreshTestId,
  importFile,
  actions,
  add,
  before,
  ...view
}: Omit<ListViewProps<T>, 'title'> & ListPageActions & { title: ReactNode; testId?: string; before?: ReactNode }) {
  const { list } = view;
  // A read-only user (the auditor) is not offered the list's import or its "add".
  const canWrite = useCanWrite();
  const importing = canWrite && importFile;
  const adding = canWrite && add;
  const any = refreshTestId || importing || actions || adding;
  return (
    <PageCard
      title={title}
      testId={testId}
      actions={
        any && (
          <>
            {refreshTestId && <RefreshButton onRefresh={list.refresh} testId={refreshTestId} />}
            {importing && <ImportFileButton {...importing} onImported={() => void list.refresh()} />}
            {actions}
            {adding && (
              <Button type="primary" onClick={adding.onClick} data-testid={adding.testId}>
                {adding.label}
              </Button>
            )}
          </>
        )
      }
    >
      {before}
      <ListView<T> {...view} />
    </PageCard>
  );
}
