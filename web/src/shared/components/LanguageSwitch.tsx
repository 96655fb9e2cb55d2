import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, setLanguage, type Language } from '../../i18n';

/** EN / 中文 in the header; the choice is kept in localStorage. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <Segmented<Language>
      data-testid="lang-switch"
      aria-label={t('language.label')}
      size="small"
      value={currentLanguage()}
      options={LANGUAGES.map((lang) => ({ value: lang, label: <span data-testid={`lang-${lang}`}>{t(`language.${lang}`)}</span> }))}
      onChange={(lang) => void setLanguage(lang)}
    />
  );
}
