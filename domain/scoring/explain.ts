/**
 * The explanation texts of score lines: ASCII, in English, without the indicator's or rule's
 * name (the UI prefixes it from the ruleset). Numbers show with at most 2 decimals.
 */
import type { Rating } from './indicators';
import { round2 } from './numbers';
import type { IndicatorEntry } from './ruleset';

type Unit = IndicatorEntry['unit'];

const UNIT: Record<Unit, string> = { percent: ' %', count: '', seconds: ' s', points: ' points' };
const RATING_TEXT: Record<Rating, string> = { excellent: 'excellent, ', qualified: 'qualified, ', needs_improvement: 'needs improvement, ' };

/** One flat string (concatenation builds rope pieces that every kept result would carry). */
export function flat(parts: string[]): string {
  return parts.join('');
}

export function fmt(x: number): string {
  return String(round2(x));
}

export function fmtSigned(x: number): string {
  const r = round2(x);
  return r > 0 ? `+${r}` : String(r);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ——— indicators: what was measured, then its thresholds, rating and points ———

export function ratedText(value: number, unit: Unit, n: number): string {
  return `${fmt(value)}${UNIT[unit]} from ${plural(n, 'rating')} (rater-weighted)`;
}

export function rateText(value: number, hits: number, n: number): string {
  return `${fmt(value)} % (${hits}/${n})`;
}

export function coverageText(value: number, persons: number, headcount: number): string {
  return `${fmt(value)} % (${persons} of ${headcount} people)`;
}

export function averageText(value: number, unit: Unit, n: number): string {
  return `${fmt(value)}${UNIT[unit]} (mean of ${n})`;
}

/** A count; `per` > 1: spread over that many people. */
export function countText(n: number, per: number, count: number): string {
  return per === 1 ? `${n}` : `${n} over ${per} people = ${fmt(count)} each`;
}

export function scaleText(counted: string, points: number): string {
  return `${counted} -> ${fmt(points)} on the scale`;
}

/** The fixed middle of an indicator's explanations: `; excellent >= 100 %, qualified >= 90 % -> `. */
export function thresholdText(def: IndicatorEntry): string {
  const op = def.direction === 'higher_better' ? '>=' : '<=';
  const unit = UNIT[def.unit];
  return `; excellent ${op} ${def.thresholds.excellent}${unit}, qualified ${op} ${def.thresholds.qualified}${unit} -> `;
}

export function indicatorText(measured: string, thresholds: string, rating: Rating, points: number): string {
  return flat([measured, thresholds, RATING_TEXT[rating], fmt(points), ' points']);
}

export function notCountedText(measured: string, minSample: number): string {
  return flat([measured, '; needs at least ', String(minSample), ', not counted (the score stays at the rules)']);
}

// ——— rules: what was counted, the caps that applied, then the points ———

export function perFactText(n: number, points: number): string {
  return `${n} x ${fmt(points)}`;
}

export function perGroupText(n: number, points: number, groups: number, cappedGroups: number, capPerGroup: number | undefined): string {
  return `${n} x ${fmt(points)} over ${plural(groups, 'group')}${cappedGroups ? `, ${cappedGroups} capped at ${fmt(capPerGroup!)}` : ''}`;
}

export function perValueText(sum: number, n: number, factor: number): string {
  return `sum ${fmt(sum)} of ${plural(n, 'fact')}${factor !== 1 ? ` x ${fmt(factor)}` : ''}`;
}

export function periodCapText(cap: number): string {
  return `, capped at ${fmt(cap)} per period`;
}

/** A department's points divided by its headcount. */
export function perHeadText(points: number, perHead: number): string {
  return `, ${fmtSigned(points)} over ${perHead} people`;
}

export function ruleText(counted: string, points: number): string {
  return flat([counted, ' -> ', fmtSigned(points)]);
}

/** A post's or company's rule line: its members' points, averaged over all members. */
export function pooledRuleText(sum: number, n: number, holders: number, members: number, memberWord: string, points: number): string {
  return `${fmtSigned(sum)} from ${plural(n, 'fact')} of ${holders} of ${members} ${memberWord}, averaged over ${members} -> ${fmtSigned(points)}`;
}

export function improvementText(streak: number, totals: number[], points: number): string {
  return `improved ${streak} periods in a row (${totals.map(fmt).join(' -> ')}) -> +${fmt(points)}`;
}
