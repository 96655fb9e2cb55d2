/**
 * The explanation texts of score lines: ASCII, in English, without the indicator's or rule's
 * name (the UI prefixes it from the ruleset). Numbers show with at most 2 decimals. The engine
 * stores them in English; `explanationIn` gives a reader the Chinese, piece by piece.
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

// ——— the same explanations in the reader's language ———

const N = String.raw`[+-]?\d+(?:\.\d+)?`;
const OP: Record<string, string> = { '>=': '≥', '<=': '≤' };
const MEMBERS: Record<string, string> = { holders: '名岗位人员', departments: '个部门' };
const KIND_ZH: Record<string, string> = { appeal: '申诉调整', adjustment: '人工调整' };

/** The Chinese of an explanation the functions above wrote, piece by piece (an unknown piece stays as it is). */
const ZH: [RegExp, string | ((...m: string[]) => string)][] = [
  [/^(appeal|adjustment) of the total$/, (_, k) => `总分的${KIND_ZH[k] ?? k}`],
  [/^(appeal|adjustment) of the line (\S+), which this version no longer has$/, (_, k, c) => `“${c}”一项的${KIND_ZH[k] ?? k}（本版本已无此项）`],
  [/^improved (\d+) periods in a row \((.*)\) -> \+/, (_, n, seq) => `连续 ${n} 期进步（${seq}）→ +`],
  [
    new RegExp(`^(${N}) from (\\d+) facts? of (\\d+) of (\\d+) (holders|departments), averaged over (\\d+)`),
    (_, sum, n, held, members, word, over) =>
      `${members} ${MEMBERS[word]}中 ${held} ${MEMBERS[word].slice(0, 1)}的 ${n} 条事实合计 ${sum}，按 ${over} ${MEMBERS[word].slice(0, 1)}平均`,
  ],
  [new RegExp(`^(\\d+) x (${N}) over (\\d+) groups?, (\\d+) capped at (${N})`), (_, n, p, g, c, cap) => `${n} × ${p}，共 ${g} 组，其中 ${c} 组封顶 ${cap}`],
  [new RegExp(`^(\\d+) x (${N}) over (\\d+) groups?`), (_, n, p, g) => `${n} × ${p}，共 ${g} 组`],
  [new RegExp(`^(\\d+) x (${N})`), (_, n, p) => `${n} × ${p}`],
  [new RegExp(`^sum (${N}) of (\\d+) facts? x (${N})`), (_, s, n, f) => `${n} 条事实合计 ${s} × ${f}`],
  [new RegExp(`^sum (${N}) of (\\d+) facts?`), (_, s, n) => `${n} 条事实合计 ${s}`],
  [new RegExp(`^(${N}) over (\\d+) people = (${N}) each`), (_, n, per, each) => `${n}，由 ${per} 人分摊，每人 ${each}`],
  [new RegExp(`, capped at (${N}) per period`), (_, cap) => `，每期封顶 ${cap}`],
  [new RegExp(`, (${N}) over (\\d+) people`), (_, p, n) => `，${p} 由 ${n} 人分摊`],
  [/ from (\d+) ratings? \(rater-weighted\)/, (_, n) => `，来自 ${n} 个评分（按评分人加权）`],
  [/\((\d+) of (\d+) people\)/, (_, p, h) => `（${h} 人中 ${p} 人）`],
  [/\(mean of (\d+)\)/, (_, n) => `（${n} 个的平均值）`],
  [new RegExp(` -> (${N}) on the scale`), (_, p) => ` -> 量表得分 ${p}`],
  [/; needs at least (\d+), not counted \(the score stays at the rules\)/, (_, n) => `；样本至少需要 ${n} 个，不计入（得分以规则为准）`],
  [/; excellent (>=|<=) (.+?), qualified (>=|<=) (.+?) -> /, (_, o1, e, o2, q) => `；优秀 ${OP[o1]} ${e}，合格 ${OP[o2]} ${q} -> `],
  [/-> excellent, /, '-> 优秀，'],
  [/-> qualified, /, '-> 合格，'],
  [/-> needs improvement, /, '-> 需改进，'],
  [new RegExp(`(${N}) points`, 'g'), (_, p) => `${p} 分`],
  [new RegExp(`(${N}) s(?=$|[ ;,(）（，；])`, 'g'), (_, p) => `${p} 秒`],
  [/ -> /g, ' → '],
  [/ （/g, '（'],
];

/** A score line's explanation in `lang` (the engine writes English; the Chinese follows it piece by piece). */
export function explanationIn(explanation: string, lang: 'en' | 'zh-CN'): string {
  if (lang === 'en') return explanation;
  let out = explanation;
  for (const [re, to] of ZH) out = typeof to === 'string' ? out.replace(re, to) : out.replace(re, to as (...m: string[]) => string);
  return out;
}
