import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, setLanguage } from '../../i18n';
import { saveMyLanguage } from '../api/core';
import '../lite/lite.css';

/**
 * EN / 中文 in the header; the choice is kept in localStorage and, for a signed-in user
 * (`account`), in their account, so the mails and notices the server writes for them follow it.
 * Plain elements styled as Ant Design's small Segmented (../lite/lite.css): the light report route
 * (issue 20) shows it without Ant Design.
 */
export function LanguageSwitch({ account = false }: { account?: boolean }) {
  const { t } = useTranslation();
  const current = currentLanguage();
  return (
    <span className="sl-segmented" role="radiogroup" aria-label={t('language.label')} data-testid="lang-switch">
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          role="radio"
          aria-checked={lang === current}
          onClick={() => {
            if (lang === current) return;
            void setLanguage(lang);
            if (account) void saveMyLanguage(lang).catch(() => undefined); // the UI switches either way; the next switch saves again
          }}
        >
          <span data-testid={`lang-${lang}`}>{t(`language.${lang}`)}</span>
        </button>
      ))}
    </span>
  );
}
