import { Typography, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import type { Polled } from '../query';
import { ResponsiveTable } from './ResponsiveTable';

type CardTableProps<T> = Omit<TableProps<T>, 'pagination' | 'locale'> & {
  /** Rows a page when there are more (a pager only then); without it, every row on one page. */
  pageSize?: number;
  /** What the table says when it has no rows. */
  emptyText?: ReactNode;
};

/**
 * A small table inside a card or tab (a record's tasks, measures, items; a unit's people): compact
 * rows keyed by `id`, every row on one page unless `pageSize` says otherwise, sideways scrolling
 * on a narrow screen and cards on a phone (`ResponsiveTable`). Any Table prop given changes these.
 */
export function CardTable<T extends object>({ pageSize, emptyText, ...table }: CardTableProps<T>) {
  return (
    <ResponsiveTable<T>
      rowKey="id"
      size="small"
      pagination={pageSize ? { pageSize, hideOnSinglePage: true, showSizeChanger: false } : false}
      locale={emptyText === undefined ? undefined : { emptyText }}
      scroll={{ x: 'max-content' }}
      {...table}
    />
  );
}

/**
 * The table of a tab that reads its whole list at once (`usePolledQuery`): the last read's error
 * above it (`errorTestId`), loading until the first answer.
 */
export function PolledTable<T extends object>({
  query,
  errorTestId,
  ...table
}: Omit<CardTableProps<T>, 'dataSource' | 'loading'> & { query: Pick<Polled<readonly T[]>, 'data' | 'errorText'>; errorTestId: string }) {
  const items = query.data ?? null;
  const error = query.errorText;
  return (
    <>
      {error && (
        <Typography.Paragraph type="danger" data-testid={errorTestId}>
          {error}
        </Typography.Paragraph>
      )}
      <CardTable<T> dataSource={items ?? []} loading={!items && !error} {...table} />
    </>
  );
}
