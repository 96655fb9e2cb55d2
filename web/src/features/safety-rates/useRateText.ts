import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RATE_COUNTS, type RateFigures, type RateName } from './api';

/** How the page writes a rate, the count behind it and the hours, in the UI language. */
export function useRateText() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return useMemo(() => {
    const number = (n: number, digits: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(n);
    return {
      /** A rate to two decimals; "—" for a month without hours. */
      rate: (v: number | null) => (v === null ? '—' : number(v, 2)),
      /** "3 recordable", "2 lost-time", "45 days lost": what the rate counts. */
      count: (rate: RateName, f: RateFigures) => t(`safetyRates.counted.${rate}`, { count: f[RATE_COUNTS[rate]] }),
      hours: (h: number | null) => (h === null ? t('safetyRates.noHours') : t('safetyRates.hours', { hours: number(h, 1) })),
    };
  }, [t, lang]);
}
