import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardKpiName, HeatColumns, KpiKind, KpiUnit } from '../../shared/api';
import { formatBare, formatNumber } from './dashboard';
import { useLabel } from '../../i18n';

export interface FigureText {
  /** A figure with its unit ("50%", "184 h", "7 min"), or "No records". */
  value: (v: number | null, unit: KpiUnit) => string;
  /** Shorter, for chart axes and labels ("50%", "184 h"); "–" for nothing. */
  axis: (v: number | null, unit: KpiUnit) => string;
  /** A signed change ("+16.7 pp" for rates, "−12 h"). */
  change: (c: number, unit: KpiUnit) => string;
  /** What a figure is made of: "2 closed / 4 reported". */
  parts: (kpi: DashboardKpiName, kind: KpiKind, unit: KpiUnit, f: { numerator: number; denominator: number | null }) => string;
  /** A heat-map column: a hazard category or a risk level, translated. */
  heatColumn: (by: HeatColumns, key: string) => string;
}

/** The dashboard's numbers as text in the UI language (charts and cards alike). */
export function useFigureText(): FigureText {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const lang = i18n.language;
  return useMemo<FigureText>(() => {
    const withUnit = (bare: string, unit: KpiUnit) => (unit === 'ratio' || unit === 'count' ? bare : t(`dashboard.unit.${unit}`, { value: bare }));
    const value = (v: number | null, unit: KpiUnit) => (v === null ? t('dashboard.noValue') : withUnit(formatBare(v, unit, lang), unit));
    const axis = (v: number | null, unit: KpiUnit) => {
      if (v === null) return '–';
      if (unit === 'ratio') return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(v);
      return withUnit(formatNumber(v, lang, 1), unit);
    };
    const change = (c: number, unit: KpiUnit) => {
      const sign = c > 0 ? '+' : c < 0 ? '−' : '±';
      if (unit === 'ratio') return t('dashboard.unit.pp', { value: `${sign}${formatNumber(Math.abs(c) * 100, lang, 1)}` });
      return `${sign}${withUnit(formatBare(Math.abs(c), unit, lang), unit)}`;
    };
    const parts = (kpi: DashboardKpiName, kind: KpiKind, unit: KpiUnit, f: { numerator: number; denominator: number | null }) => {
      const n = kind === 'mean' ? value(f.numerator, unit) : formatNumber(f.numerator, lang, 0);
      const head = `${n} ${t(`dashboard.numerator.${kpi}`)}`;
      return f.denominator === null ? head : `${head} / ${formatNumber(f.denominator, lang, 0)} ${t(`dashboard.denominator.${kpi}`)}`;
    };
    const heatColumn = (by: HeatColumns, key: string) =>
      by === 'category' ? label(`hazard.category.${key}`, key) : key === 'ungraded' ? t('hazard.ungraded') : label(`hazard.risk.${key}`, key);
    return { value, axis, change, parts, heatColumn };
  }, [t, lang, label]);
}
