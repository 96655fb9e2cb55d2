import { Card, Empty, Grid, Pagination, Spin, Table, Typography, type TableColumnType, type TableProps } from 'antd';
import { useState, type HTMLAttributes, type Key, type ReactNode } from 'react';

/**
 * The columns that hold a row's buttons: on a phone they go to the foot of the row's card, full
 * width, so the row's primary action is on the screen without scrolling sideways.
 */
const ACTION_COLUMNS = new Set(['actions', 'action', 'decide', 'appeal']);

/** A phone-sized screen (below antd's `md`, 768 px): where tables turn into cards. */
export function useIsPhone(): boolean {
  return !Grid.useBreakpoint().md;
}

type Column<T> = TableColumnType<T> & { children?: unknown };

/** The cell value a column reads (`dataIndex` may be a path). */
function valueOf<T extends object>(record: T, dataIndex: TableColumnType<T>['dataIndex']): unknown {
  if (dataIndex === undefined || dataIndex === null) return undefined;
  const path = Array.isArray(dataIndex) ? dataIndex : [dataIndex];
  let v: unknown = record;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k as string | number] : undefined;
  return v;
}

function cellOf<T extends object>(column: Column<T>, record: T, index: number): ReactNode {
  const value = valueOf(record, column.dataIndex);
  if (column.render) {
    const rendered = column.render(value, record, index) as unknown;
    // A render may answer { children, props } (row spans): the children are what is shown.
    if (rendered && typeof rendered === 'object' && 'children' in rendered && 'props' in rendered && !('$$typeof' in rendered))
      return (rendered as { children: ReactNode }).children;
    return rendered as ReactNode;
  }
  return value === undefined || value === null ? null : (value as ReactNode);
}

const isEmpty = (node: ReactNode) => node === null || node === undefined || node === false || node === '';

function keyOf<T extends object>(record: T, rowKey: TableProps<T>['rowKey'], index: number): Key {
  if (typeof rowKey === 'function') return rowKey(record, index);
  const k = (record as Record<string, unknown>)[String(rowKey ?? 'key')];
  return typeof k === 'string' || typeof k === 'number' ? k : index;
}

/**
 * A drop-in for antd's Table that shows each row as a card on a phone: the first column as the
 * card's heading, the other columns as "label: value" lines, the action column (`actions`,
 * `action`, `decide`, `appeal`) at the foot, full width. Row props (`onRow`: test ids, data
 * attributes, a highlight) land on the card. A controlled expansion (`expandedRowKeys`) or an
 * always-on `expandedRowRender` shows inside the card. Tables whose rows are picked
 * (`rowSelection`) or nest (`childrenColumnName`, tree data) stay tables; `cards={false}` too.
 */
export function ResponsiveTable<T extends object>({ cards = true, ...table }: TableProps<T> & { cards?: boolean }) {
  const phone = useIsPhone();
  const rows = (table.dataSource ?? []) as readonly T[];
  const nested = !!table.childrenColumnName || rows.some((r) => Array.isArray((r as { children?: unknown }).children));
  if (!phone || !cards || table.rowSelection || nested) return <Table<T> {...table} />;
  return <TableCards<T> {...table} />;
}

function TableCards<T extends object>({
  columns = [],
  dataSource,
  loading,
  onRow,
  rowKey,
  locale,
  pagination,
  expandable,
  title,
  footer,
  ...rest
}: TableProps<T>) {
  const all = (dataSource ?? []) as readonly T[];
  const pager = pagination === false ? null : pagination;
  // A table that pages its own rows (no `total` given): the cards page them the same way.
  const local = !!pager && pager.total === undefined && !!pager.pageSize;
  const [localPage, setLocalPage] = useState(1);
  const rows = local ? all.slice((localPage - 1) * pager.pageSize!, localPage * pager.pageSize!) : all;
  const total = local ? all.length : (pager?.total ?? 0);
  const shown = (columns as Column<T>[]).filter((c) => !c.hidden && !c.children);
  const actions = shown.filter((c) => ACTION_COLUMNS.has(String(c.key)));
  const [head, ...details] = shown.filter((c) => !actions.includes(c));
  const spinning = typeof loading === 'object' ? !!loading.spinning : !!loading;
  const testId = (rest as Record<string, unknown>)['data-testid'] as string | undefined;
  const expanded = (record: T, key: Key, index: number): ReactNode => {
    if (!expandable?.expandedRowRender) return null;
    const open = expandable.expandedRowKeys ? expandable.expandedRowKeys.includes(key) : (expandable.rowExpandable?.(record) ?? true);
    return open ? expandable.expandedRowRender(record, index, 0, true) : null;
  };

  return (
    <Spin spinning={spinning}>
      <div data-testid={testId} data-layout="cards" className="responsive-cards">
        {title && <div style={{ marginBottom: 8 }}>{title(rows)}</div>}
        {rows.length === 0 && !spinning && (
          <div style={{ padding: 16 }}>
            {locale?.emptyText !== undefined ? (locale.emptyText as ReactNode) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
          </div>
        )}
        {rows.map((record, index) => {
          const key = keyOf(record, rowKey, index);
          const rowProps = (onRow?.(record, index) ?? {}) as HTMLAttributes<HTMLElement> & Record<string, unknown>;
          const { style, onClick, ...attrs } = rowProps;
          const more = expanded(record, key, index);
          return (
            <Card
              key={key}
              size="small"
              {...(attrs as HTMLAttributes<HTMLDivElement>)}
              onClick={onClick as HTMLAttributes<HTMLDivElement>['onClick']}
              style={{ marginBottom: 8, ...style }}
              styles={{ body: { padding: 12 } }}
            >
              {head && <div style={{ fontSize: 15, marginBottom: 4, overflowWrap: 'anywhere' }}>{cellOf(head, record, index)}</div>}
              {details.map((c) => {
                const cell = cellOf(c, record, index);
                if (isEmpty(cell)) return null;
                const label = typeof c.title === 'function' ? null : (c.title as ReactNode);
                return (
                  <div key={String(c.key ?? c.dataIndex)} style={{ display: 'flex', gap: 8, alignItems: 'baseline', marginTop: 4, overflowWrap: 'anywhere' }}>
                    {!isEmpty(label) && (
                      <Typography.Text type="secondary" style={{ flex: '0 0 88px', fontSize: 12 }}>
                        {label}
                      </Typography.Text>
                    )}
                    <div style={{ flex: 1, minWidth: 0 }}>{cell}</div>
                  </div>
                );
              })}
              {more && <div style={{ marginTop: 8 }}>{more}</div>}
              {actions.map((c) => {
                const cell = cellOf(c, record, index);
                return isEmpty(cell) ? null : (
                  <div key={String(c.key)} style={{ marginTop: 10, paddingTop: 10, borderTop: '1px solid #f0f0f0' }}>
                    {cell}
                  </div>
                );
              })}
            </Card>
          );
        })}
        {footer && <div>{footer(rows)}</div>}
        {pager && total > (pager.pageSize ?? 10) && (
          <Pagination
            size="small"
            simple
            align="center"
            current={local ? localPage : pager.current}
            pageSize={pager.pageSize}
            total={total}
            onChange={local ? setLocalPage : pager.onChange}
            style={{ marginTop: 8 }}
          />
        )}
        {pager && pager.showTotal && total > 0 && (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 8, marginBottom: 0 }}>
            {pager.showTotal(total, [1, total])}
          </Typography.Paragraph>
        )}
      </div>
    </Spin>
  );
}
