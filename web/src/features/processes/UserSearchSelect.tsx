import { Select } from 'antd';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { searchUsers, type UserAccount } from '../../shared/api';

const SEARCH_DELAY_MS = 300;

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
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<{ q: string; items: UserAccount[] } | null>(null);
  const [failed, setFailed] = useState(false);
  const [opened, setOpened] = useState(false);
  const round = useRef(0);

  useEffect(() => {
    if (!opened) return;
    const mine = ++round.current;
    const timer = window.setTimeout(() => {
      searchUsers(search).then(
        (r) => {
          if (mine !== round.current) return;
          setFound({ q: search, items: r.items });
          setFailed(false);
        },
        () => mine === round.current && setFailed(true),
      );
    }, SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [search, opened]);

  const items = found?.items ?? [];
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
      onOpenChange={(open) => open && setOpened(true)}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={opened && found?.q !== search && !failed}
      notFoundContent={failed ? t('userSelect.failed') : found ? t('userSelect.none') : t('app.loading')}
      placeholder={placeholder ?? t('userSelect.placeholder')}
      options={options}
      allowClear={allowClear}
      style={style ?? { width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
