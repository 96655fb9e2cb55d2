import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RiskHeatMap as HeatMap } from '../../shared/api';
import { HEAT_COLORS } from './risk';

const CELL = 44;

/**
 * The register as a likelihood × severity grid: likelihood up the side (highest on top), severity
 * along the bottom; each cell coloured by its level, the number of risks inside. Plain divs in a
 * CSS grid, so it scales down on a phone.
 */
export function RiskHeatMap({ map, testId, caption }: { map: HeatMap; testId: string; caption?: string }) {
  const { t } = useTranslation();
  const size = map.size;
  const rows = Array.from({ length: size }, (_, i) => size - i); // likelihood, top to bottom
  const cols = Array.from({ length: size }, (_, i) => i + 1); // severity, left to right
  const total = map.cells.flat().reduce((n, c) => n + c.count, 0);
  return (
    <figure style={{ margin: 0 }} data-testid={testId} data-total={total}>
      {caption && (
        <figcaption style={{ marginBottom: 8 }}>
          <Typography.Text strong>{caption}</Typography.Text>
        </figcaption>
      )}
      <div style={{ display: 'flex', alignItems: 'stretch', gap: 4 }}>
        <div style={{ writingMode: 'vertical-rl', transform: 'rotate(180deg)', textAlign: 'center', fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>
          {t('riskDetail.heat.likelihood')}
        </div>
        <div
          role="grid"
          aria-label={t('riskDetail.heat.label')}
          style={{ display: 'grid', gridTemplateColumns: `20px repeat(${size}, minmax(28px, ${CELL}px))`, gap: 3, flex: '0 1 auto' }}
        >
          {rows.map((l) => (
            <div key={`row-${l}`} role="row" style={{ display: 'contents' }}>
              <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>{l}</div>
              {cols.map((s) => {
                const cell = map.cells[l - 1]?.[s - 1];
                const count = cell?.count ?? 0;
                const colors = HEAT_COLORS[cell?.level ?? 'low'];
                return (
                  <Tooltip
                    key={s}
                    title={t('riskDetail.heat.cell', { likelihood: l, severity: s, score: l * s, level: t(`hazard.risk.${cell?.level ?? 'low'}`), count })}
                  >
                    <div
                      role="gridcell"
                      data-testid={`${testId}-cell-${l}-${s}`}
                      data-count={count}
                      data-level={cell?.level}
                      style={{
                        aspectRatio: '1',
                        borderRadius: 4,
                        display: 'flex',
                        alignItems: 'center',
                        justifyContent: 'center',
                        background: count > 0 ? colors.filled : colors.empty,
                        color: count > 0 ? colors.text : 'transparent',
                        border: `1px solid ${colors.filled}`,
                        fontWeight: 700,
                        fontSize: 16,
                      }}
                    >
                      {count > 0 ? count : '·'}
                    </div>
                  </Tooltip>
                );
              })}
            </div>
          ))}
          <div />
          {cols.map((s) => (
            <div key={`axis-${s}`} style={{ textAlign: 'center', fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>
              {s}
            </div>
          ))}
        </div>
      </div>
      <div
        style={{ textAlign: 'center', fontSize: 12, color: 'rgba(0,0,0,0.65)', marginTop: 2, paddingInlineStart: 40, maxWidth: 20 + size * (CELL + 3) + 40 }}
      >
        {t('riskDetail.heat.severity')}
      </div>
    </figure>
  );
}
