import { CATALOG, FEATURE_TEXTS, LANGUAGES } from './catalog';
import { formatDuration, formatTime, renderText } from './render';
import { ratedText, indicatorText, notCountedText, coverageText, pooledRuleText, improvementText, averageText, scaleText, countText } from '../scoring/explain';
import { during, explained, text, when } from './text';

const paramsOf = (s: string) => [...s.matchAll(/\{\{(\w+)/g)].map((m) => m[1]).sort();

describe('server texts', () => {
  it('every key is defined by one feature only', () => {
    const seen = new Map<string, number>();
    for (const f of FEATURE_TEXTS) for (const k of Object.keys(f.en)) seen.set(k, (seen.get(k) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('the Chinese message of every key has the English one’s parameters, and is Chinese', () => {
    const wrong: string[] = [];
    for (const [key, en] of Object.entries(CATALOG.en)) {
      const zh = CATALOG['zh-CN'][key];
      if (zh === undefined || JSON.stringify(paramsOf(zh)) !== JSON.stringify(paramsOf(en))) wrong.push(key);
      else if (!/\p{Script=Han}/u.test(zh) && !/^\{\{\w+\}\}/.test(zh)) wrong.push(`${key} (no Chinese)`);
    }
    expect(wrong).toEqual([]);
    expect(LANGUAGES).toEqual(['en', 'zh-CN']);
  });

  it('renders a task title with its parameters in either language, nested texts too', () => {
    const title = text('hazard.task.grade', { title: '3号冲压线护栏缺失' });
    expect(renderText(title, 'en')).toBe('Grade hazard: 3号冲压线护栏缺失');
    expect(renderText(title, 'zh-CN')).toBe('隐患评级：3号冲压线护栏缺失');
    const notice = text('notice.new_task_body', { title, due: when('2026-12-06T02:04:00.145Z') });
    expect(renderText(notice, 'zh-CN')).toBe('隐患评级：3号冲压线护栏缺失\n截止：2026/12/6 10:04');
    expect(renderText(notice, 'en')).toBe('Grade hazard: 3号冲压线护栏缺失\nDue: 6 Dec 2026, 10:04');
    expect(renderText('plain words stay', 'zh-CN')).toBe('plain words stay');
  });

  it('times are the organisation’s wall clock; durations are words', () => {
    expect(formatTime('2026-12-31T16:30:00Z', 'zh-CN')).toBe('2027/1/1 00:30');
    expect(formatTime('2026-12-31T16:30:00Z', 'en', 'UTC')).toBe('31 Dec 2026, 16:30');
    expect(formatDuration(9000, 'en')).toBe('2 hours 30 minutes');
    expect(formatDuration(9000, 'zh-CN')).toBe('2小时30分钟');
    expect(formatDuration(60, 'en')).toBe('1 minute');
    expect(formatDuration(86_400 + 5, 'zh-CN')).toBe('1天');
    expect(formatDuration(0, 'en')).toBe('0 seconds');
    expect(renderText(text('hazard.task.round', { round: during(45) }), 'zh-CN')).toBe('第 45秒 轮');
  });

  it('score explanations in Chinese, piece by piece, with nothing English left but codes', () => {
    const samples = [
      '98 % (49/50); excellent >= 100 %, qualified >= 98 % -> qualified, 80 points',
      '9 x 5 over 2 groups, 1 capped at 20, -30 over 4 people -> -7.5',
      'sum 12.5 of 3 facts x 2, capped at 20 per period -> +20',
      indicatorText(ratedText(85, 'points', 3), '; excellent >= 90 points, qualified >= 70 points -> ', 'qualified', 80),
      indicatorText(averageText(340, 'seconds', 4), '; excellent <= 300 s, qualified <= 600 s -> ', 'qualified', 75),
      notCountedText(coverageText(50, 2, 4), 5),
      indicatorText(scaleText(countText(3, 2, 1.5), 60), '; excellent >= 90, qualified >= 60 -> ', 'needs_improvement', 60),
      pooledRuleText(-20, 4, 2, 5, 'holders', -4),
      improvementText(2, [60, 70, 80], 5),
      'appeal of the total',
    ];
    const zh = samples.map((s) => renderText(text('score.report.line', { code: 'x', explanation: explained(s) }), 'zh-CN'));
    expect(zh.filter((s) => /[A-Za-z]{2,}/.test(s))).toEqual([]);
    expect(zh[0]).toBe('  - 指标 x：98 % (49/50)；优秀 ≥ 100 %，合格 ≥ 98 % → 合格，80 分');
    expect(zh[1]).toBe('  - 指标 x：9 × 5，共 2 组，其中 1 组封顶 20，-30 由 4 人分摊 → -7.5');
    expect(renderText(text('score.report.line', { code: 'x', explanation: explained(samples[0]) }), 'en')).toBe(`  - x: ${samples[0]}`);
  });
});
