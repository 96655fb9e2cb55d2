import { Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/** The "from" and "to" days (YYYY-MM-DD) of a list's filters; `onChange` gets the URL parameter's name and the day typed. */
export function DayRangeFilter({ from, to, onChange }: { from?: string | null; to?: string | null; onChange: (name: 'from' | 'to', day: string) => void }) {
  const { t } = useTranslation();
  return (
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
  );
}
