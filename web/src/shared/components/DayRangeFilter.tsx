import { Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { InColumn, type FilterSpan } from './ListFilters';

/**
 * The "from" and "to" days (YYYY-MM-DD) of a list's filters; `onChange` gets the URL parameter's
 * name and the day typed (`useListPage().set`); `span`: its column in the `FilterBar`.
 */
export function DayRangeFilter({
  from,
  to,
  onChange,
  span,
}: {
  from?: string | null;
  to?: string | null;
  onChange: (name: 'from' | 'to', day: string) => void;
  span?: FilterSpan;
}) {
  const { t } = useTranslation();
  return (
    <InColumn span={span}>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          type="date"
          prefix={t('hazardList.from')}
          aria-label={t('hazardList.from')}
          value={from ?? ''}
          max={to ?? undefined}
          onChange={(e) => onChange('from', e.target.value)}
          data-testid="filter-from"
        />
        <Input
          type="date"
          prefix={t('hazardList.to')}
          aria-label={t('hazardList.to')}
          value={to ?? ''}
          min={from ?? undefined}
          onChange={(e) => onChange('to', e.target.value)}
          data-testid="filter-to"
        />
      </Space.Compact>
    </InColumn>
  );
}
