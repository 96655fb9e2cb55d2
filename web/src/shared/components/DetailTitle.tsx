import { Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from '../../router';

/** A detail page's card title: the list it belongs to (a link back) / the record's name (`testId`). */
export function DetailTitle({ listPath, listName, testId, children }: { listPath: string; listName: string; testId?: string; children: ReactNode }) {
  return (
    <Space wrap size={[8, 4]} style={{ whiteSpace: 'normal' }}>
      <Link to={listPath}>{listName}</Link>
      <Typography.Text type="secondary">/</Typography.Text>
      <span data-testid={testId}>{children}</span>
    </Space>
  );
}
