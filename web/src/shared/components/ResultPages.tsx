import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      subTitle={t('notFound.subtitle')}
      extra={
        <Button type="primary" onClick={() => navigate('/tasks')}>
          {t('notFound.back')}
        </Button>
      }
    />
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="forbidden">
      <Result status="403" title={t('forbiddenPage.title')} subTitle={t('forbiddenPage.subtitle')} />
    </div>
  );
}
