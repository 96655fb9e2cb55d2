import { Select } from 'antd';
import { type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { searchUsers } from '../../shared/api';
import { useSearchOptions } from '../../shared/options';
import { useLocalDisplayName } from '../../shared/names';

/** What a search picker says while it finds nothing, fails, or has not been typed into. */
export interface SearchSelectTexts {
  placeholder: string;
  none: string;
  failed: string;
}

/**
 * One record found by typing part of its name: nothing is read before the picker first opens,
 * then the server searches what is typed (`useSearchOptions`). A value not among the results
 * still shows (as itself).
 */
export function SearchSelect<T>({
  queryKey,
  search,
  option,
  texts,
  value,
  onChange,
  testId,
  allowClear,
  style,
  popupMatchSelectWidth,
  valueLabel,
}: {
  /** The query's key for a search text (records of one kind share it). */
  queryKey: (search: string) => readonly unknown[];
  search: (text: string) => Promise<T[]>;
  option: (item: T) => { value: string; label: string };
  texts: SearchSelectTexts;
  value?: string;
  onChange?: (value: string | undefined) => void;
  testId?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  popupMatchSelectWidth?: boolean;
  /** How to show a value not among the results (e.g. a name copied from an earlier record); default: the value itself. */
  valueLabel?: string;
}) {
  const { t } = useTranslation();
  const found = useSearchOptions(queryKey, search);
  const options = (found.items ?? []).map(option);
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: valueLabel ?? value });
  return (
    <Select<string>
      data-testid={testId}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      onOpenChange={found.onOpenChange}
      showSearch={{ filterOption: false, onSearch: found.setSearch }}
      loading={found.loading}
      notFoundContent={found.failed ? texts.failed : found.items ? texts.none : t('app.loading')}
      placeholder={texts.placeholder}
      options={options}
      allowClear={allowClear}
      style={style ?? { width: '100%' }}
      popupMatchSelectWidth={popupMatchSelectWidth}
    />
  );
}

/**
 * An active account found by typing part of its username or name (`GET /api/users?q=`). The value
 * is the account's id or, for filters by holder, its username.
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
  const displayNameOf = useLocalDisplayName();
  return (
    <SearchSelect
      queryKey={(search) => ['user-search', search]}
      search={async (search) => (await searchUsers(search)).items}
      option={(u) => ({
        value: valueField === 'id' ? u.id : u.username,
        label: `${displayNameOf(u)} (${u.username})${u.orgUnitName ? ` · ${u.orgUnitName}` : ''}`,
      })}
      texts={{ placeholder: placeholder ?? t('userSelect.placeholder'), none: t('userSelect.none'), failed: t('userSelect.failed') }}
      value={value}
      onChange={onChange}
      testId={testId}
      allowClear={allowClear}
      style={style}
      popupMatchSelectWidth={false}
    />
  );
}
