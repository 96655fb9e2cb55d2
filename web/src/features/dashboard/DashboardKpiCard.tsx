import { Card, Tooltip, Typography } from 'antd';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardKpi } from '../../shared/api';
import { useFigureText } from './useFigureText';
import { changeTone, formatNumber, mainPart } from './dashboard';
import { GREEN, RED } from './DashboardChart';
import { keyboardClick } from '../../shared/access';

/** One KPI: its value, what it is made of (each part opens its records) and its change. */
export function KpiCard({ k, onDrill }: { k: DashboardKpi; onDrill: (part: 'numerator' | 'denominator') => void }) {
  const { t, i18n } = useTranslation();
  const f = useFigureText();
  const tone = changeTone(k.change, k.betterWhen);
  const color = tone === 'better' ? GREEN : tone === 'worse' ? RED : undefined;
  const arrow = tone === 'better' || tone === 'worse' ? (k.change! > 0 ? '▲' : '▼') : '';
  const part = (which: 'numerator' | 'denominator') => (e: MouseEvent) => {
    e.stopPropagation();
    onDrill(which);
  };
  const numeratorText = k.kind === 'mean' ? f.value(k.numerator, k.unit) : formatNumber(k.numerator, i18n.language, 0);
  const previous = f.value(k.previous.value, k.unit);
  return (
    <Card
      size="small"
      hoverable
      onClick={() => onDrill(mainPart(k.kind))}
      // Opens its records with Enter or Space too (issue 20 item 6: drill-downs reachable by keyboard).
      {...keyboardClick(() => onDrill(mainPart(k.kind)))}
      styles={{ title: { whiteSpace: 'normal' } }}
      title={
        <Tooltip title={t(`dashboard.definition.${k.kpi}`)}>
          <span style={{ cursor: 'help' }}>{t(`dashboard.kpi.${k.kpi}`)}</span>
        </Tooltip>
      }
      data-testid={`kpi-${k.kpi}`}
      data-value={k.value ?? ''}
      data-numerator={k.numerator}
      data-denominator={k.denominator ?? ''}
      data-tone={tone}
      aria-label={`${t(`dashboard.kpi.${k.kpi}`)}: ${f.value(k.value, k.unit)}. ${t('dashboard.showRecords')}`}
    >
      <Tooltip title={t('dashboard.showRecords')}>
        <div style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.2, color: k.value === null ? 'rgba(0,0,0,0.45)' : undefined }} data-testid="kpi-value">
          {f.value(k.value, k.unit)}
        </div>
      </Tooltip>
      {k.median !== null && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="kpi-median">
          {t('dashboard.median', { value: f.value(k.median, k.unit) })}
        </Typography.Text>
      )}
      <div style={{ marginTop: 4 }} data-testid="kpi-parts">
        <Typography.Link onClick={part('numerator')} {...keyboardClick(() => onDrill('numerator'))} data-testid="kpi-numerator">
          {numeratorText}
        </Typography.Link>{' '}
        <Typography.Text type="secondary">{t(`dashboard.numerator.${k.kpi}`)}</Typography.Text>
        {k.denominator !== null && (
          <>
            {' / '}
            <Typography.Link onClick={part('denominator')} {...keyboardClick(() => onDrill('denominator'))} data-testid="kpi-denominator">
              {formatNumber(k.denominator, i18n.language, 0)}
            </Typography.Link>{' '}
            <Typography.Text type="secondary">{t(`dashboard.denominator.${k.kpi}`)}</Typography.Text>
          </>
        )}
      </div>
      <Tooltip title={t(`dashboard.change.${tone}`, { previous })}>
        <div style={{ marginTop: 4, fontSize: 12 }} data-testid="kpi-change">
          {tone === 'none' ? (
            <Typography.Text type="secondary">{t('dashboard.change.none')}</Typography.Text>
          ) : (
            <>
              <span style={{ color, fontWeight: 600 }}>
                {arrow} {f.change(k.change!, k.unit)}
              </span>{' '}
              <Typography.Text type="secondary">{t('dashboard.previous', { value: previous })}</Typography.Text>
            </>
          )}
        </div>
      </Tooltip>
    </Card>
  );
}
