import { Input } from 'antd';
import { useState } from 'react';
import type { ListField } from '../useListPage';
import { InColumn, type FilterSpan } from './ListFilters';

/**
 * A list's text filter: what is typed stays in the box, and Enter (or the search button) sets the
 * list's `field` to it, trimmed (cleared: removed); `span`: its column in the `FilterBar`.
 */
export function SearchFilter({ field, placeholder, testId, span }: { field: ListField<string>; placeholder: string; testId: string; span?: FilterSpan }) {
  const [text, setText] = useState(field.value ?? '');
  return (
    <InColumn span={span}>
      <Input.Search
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => field.set(v.trim())}
        placeholder={placeholder}
        aria-label={placeholder} // no visible label: the placeholder names the field
        data-testid={testId}
      />
    </InColumn>
  );
}
