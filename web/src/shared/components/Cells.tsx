import { Space, Typography } from 'antd';
import { isValidElement, type ReactNode } from 'react';
import { Link } from '../../router';

/**
 * A table cell of two lines: what it is (text, or an element such as a time) and, under it in
 * small grey, what qualifies it (a code, who, when); `children`: further lines.
 */
export function TwoLines({ main, sub, strong = false, children }: { main: ReactNode; sub: ReactNode; strong?: boolean; children?: ReactNode }) {
  return (
    <Space orientation="vertical" size={0}>
      {isValidElement(main) ? main : <Typography.Text strong={strong}>{main}</Typography.Text>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {sub}
      </Typography.Text>
      {children}
    </Space>
  );
}

/** A link to a record in the text's colour, bold: a list row's title. */
export function StrongLink({ to, testId, children }: { to: string; testId: string; children: ReactNode }) {
  return (
    <Link to={to} data-testid={testId}>
      <Typography.Text strong style={{ color: 'inherit' }}>
        {children}
      </Typography.Text>
    </Link>
  );
}
