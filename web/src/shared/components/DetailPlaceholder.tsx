import { Alert, Button, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from '../../router';
import type { Detail } from '../useDetail';

/**
 * A process with a detail page whose texts sit in `<process>Detail` (registering, notFound,
 * backToList, timeline, noEvents) and whose test ids start with `<process>-`.
 */
export type DetailProcess = 'hazard' | 'emergency' | 'risk' | 'incident' | 'cycle';

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

/** `DetailPlaceholder` of a process page: its texts and test ids by the process's name. */
export function ProcessDetailPlaceholder({ detail, process, listPath }: Pick<DetailPlaceholderProps, 'detail' | 'listPath'> & { process: DetailProcess }) {
  const { t } = useTranslation();
  return (
    <DetailPlaceholder
      detail={detail}
      testIdPrefix={process}
      registering={t(`${process}Detail.registering`)}
      notFound={t(`${process}Detail.notFound`)}
      listPath={listPath}
      backToList={t(`${process}Detail.backToList`)}
    />
  );
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
  if (error?.notFound) return <NotFoundResult title={notFound} listPath={listPath} backToList={backToList} />;
  if (error) return <Alert type="error" showIcon title={error.text} data-testid={testIdPrefix && `${testIdPrefix}-error`} />;
  return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;
}

/** "Not found", with a button back to where such records are listed. */
export function NotFoundResult({ title, listPath, backToList, testId }: { title: string; listPath: string; backToList: string; testId?: string }) {
  return (
    <Result
      status="404"
      title={title}
      extra={
        <Link to={listPath}>
          <Button type="primary">{backToList}</Button>
        </Link>
      }
      data-testid={testId}
    />
  );
}
