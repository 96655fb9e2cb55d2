import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, setLanguage, type Language } from '../../i18n';
import { saveMyLanguage } from '../api/core';

/**
 * EN / 中文 in the header; the choice is kept in localStorage and, for a signed-in user
 * (`account`), in their account, so the mails and notices the server writes for them follow it.
 */
export function LanguageSwitch({ account = false }: { account?: boolean }) {
  const { t } = useTranslation();
  return (
    <Segmented<Language>
      data-testid="lang-switch"
      aria-label={t('language.label')}
      size="small"
      value={currentLanguage()}
      options={LANGUAGES.map((lang) => ({ value: lang, label: <span data-testid={`lang-${lang}`}>{t(`language.${lang}`)}</span> }))}
      onChange={(lang) => {
        void setLanguage(lang);
        if (account) void saveMyLanguage(lang).catch(() => undefined); // the UI switches either way; the next switch saves again
      }}
    />
  );
}
