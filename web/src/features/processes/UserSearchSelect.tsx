import { Select } from 'antd';
import { type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { searchUsers } from '../../shared/api';
import { useSearchOptions } from '../../shared/options';

/**
 * An active account found by typing part of its username or name (`GET /api/users?q=`). The value
 * is the account's id or, for filters by holder, its username; a value not among the results
 * still shows (as itself).
 */
export function UserSearchSelect({
  value,
  onChange,
  valueField = 'id',
  testId,
  placeholder,
  allowClear,
  style,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  valueField?: 'id' | 'username';
  testId?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const found = useSearchOptions(
    (search) => ['user-search', search],
    async (search) => (await searchUsers(search)).items,
  );

  const items = found.items ?? [];
  const options = items.map((u) => ({
    value: valueField === 'id' ? u.id : u.username,
    label: `${u.displayName} (${u.username})${u.orgUnitName ? ` · ${u.orgUnitName}` : ''}`,
  }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return (
    <Select<string>
      data-testid={testId}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      onOpenChange={found.onOpenChange}
      showSearch={{ filterOption: false, onSearch: found.setSearch }}
      loading={found.loading}
      notFoundContent={found.failed ? t('userSelect.failed') : found.items ? t('userSelect.none') : t('app.loading')}
      placeholder={placeholder ?? t('userSelect.placeholder')}
      options={options}
      allowClear={allowClear}
      style={style ?? { width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
