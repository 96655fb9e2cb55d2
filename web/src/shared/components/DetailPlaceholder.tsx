import { Alert, Button, Result, Spin, Typography } from 'antd';
import { Link } from '../../router';
import type { Detail } from '../useDetail';

interface DetailPlaceholderProps {
  detail: Pick<Detail<unknown>, 'waiting' | 'error'>;
  /** `<prefix>-waiting` while the record is being recorded, `<prefix>-error` on an error. */
  testIdPrefix?: string;
  /** "Being recorded…", shown while `waiting`. */
  registering?: string;
  notFound: string;
  /** The list page "Back to the list" leads to. */
  listPath: string;
  backToList: string;
}

/** What a detail page shows before its record is in: being recorded, not found, the error, or a spinner. */
export function DetailPlaceholder({ detail, testIdPrefix, registering, notFound, listPath, backToList }: DetailPlaceholderProps) {
  const { error } = detail;
  if (detail.waiting)
    return (
      <div style={{ textAlign: 'center', margin: '64px auto' }} data-testid={testIdPrefix && `${testIdPrefix}-waiting`}>
        <Spin size="large" />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          {registering}
        </Typography.Paragraph>
      </div>
    );
  if (error?.notFound)
    return (
      <Result
        status="404"
        title={notFound}
        extra={
          <Link to={listPath}>
            <Button type="primary">{backToList}</Button>
          </Link>
        }
      />
    );
  if (error) return <Alert type="error" showIcon title={error.text} data-testid={testIdPrefix && `${testIdPrefix}-error`} />;
  return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;
}
