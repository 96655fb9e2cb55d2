import { Typography, type TablePaginationConfig, type TableProps } from 'antd';
import type { Page } from '../api';
import type { ListPage } from '../useListPage';
import { ResponsiveTable } from './ResponsiveTable';

type ListTableProps<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'> & {
  list: ListPage<object, Page<T>>;
  /** "25 hazards": the count under the table. */
  showTotal?: (total: number) => string;
  /** The test id of the error line above the table; without it the page shows the error itself. */
  errorTestId?: string;
  /** Changes to the usual pagination (one page: no pager). */
  pagination?: Partial<TablePaginationConfig>;
};

/** The paged table of a list page (`useListPage`): the last read's error above it, the page in the URL; cards on a phone (`ResponsiveTable`). */
export function ListTable<T extends object>({ list, showTotal, errorTestId, pagination, ...table }: ListTableProps<T>) {
  return (
    <>
      {errorTestId && list.error && (
        <Typography.Paragraph type="danger" data-testid={errorTestId}>
          {list.error}
        </Typography.Paragraph>
      )}
      <ResponsiveTable<T>
        rowKey="id"
        size="middle"
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={{ ...list.pagination(showTotal), ...pagination }}
        {...table}
      />
    </>
  );
}
