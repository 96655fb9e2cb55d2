import { Space, Typography } from 'antd';
import { isValidElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../router';

interface TwoLinesProps {
  main: ReactNode;
  sub?: ReactNode;
  strong?: boolean;
  plain?: boolean;
  tags?: ReactNode;
  children?: ReactNode;
}

/**
 * A table cell of two lines: what it is (text, bold if `strong`, or an element such as a link or a
 * time), with `tags` beside it, and under it in grey what qualifies it (a code, who, when; left out
 * when empty), small unless `plain`; `children`: further lines.
 */
export function TwoLines({ main, sub, strong = false, plain = false, tags, children }: TwoLinesProps) {
  const first = isValidElement(main) ? main : <Typography.Text strong={strong}>{main}</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      {tags === undefined ? (
        first
      ) : (
        <Space size={4} wrap>
          {first}
          {tags}
        </Space>
      )}
      {sub !== undefined && sub !== null && sub !== false && sub !== '' && (
        <Typography.Text type="secondary" style={plain ? undefined : { fontSize: 12 }}>
          {sub}
        </Typography.Text>
      )}
      {children}
    </Space>
  );
}

/** A list row's first cell: its `title` linking to its page, what qualifies it under it (as `TwoLines`). */
export function TitleCell({ to, testId, title, ...lines }: { to: string; testId: string; title: ReactNode } & Omit<TwoLinesProps, 'main' | 'strong'>) {
  return (
    <TwoLines
      main={
        <StrongLink to={to} testId={testId}>
          {title}
        </StrongLink>
      }
      {...lines}
    />
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

/** What a cell shows when it has nothing: "—" (or `children`) in grey. */
export function None({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return <Typography.Text type="secondary">{children ?? t('common.none')}</Typography.Text>;
}
