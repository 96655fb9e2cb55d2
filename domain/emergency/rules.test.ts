import { renderText } from '../texts/render';
import { computeFindings, findingsText, findingsTextOf, formatSeconds, responsesFor } from './rules';
import { DEFAULT_POLICY } from '../policy';

describe('emergency findings', () => {
  const t0 = '2026-11-21T08:00:00.000Z';
  const at = (s: number) => new Date(Date.parse(t0) + s * 1000).toISOString();

  it('attributes late steps to their departments, measured from the alarm against the policy', () => {
    const f = computeFindings(
      DEFAULT_POLICY,
      t0,
      [
        { step: 'onSite', orgUnitId: 's', orgUnitName: 'Safety Department', doneAt: at(240) },
        { step: 'evacuation', orgUnitId: 'p', orgUnitName: 'Production Department', doneAt: at(600) },
        { step: 'cutOff', orgUnitId: 'e', orgUnitName: 'Equipment Department', doneAt: at(900) },
        { step: 'medical', orgUnitId: 'h', orgUnitName: 'Human Resources', doneAt: null },
      ],
      at(3600),
    );
    expect(f.map((x) => [x.orgUnitName, x.lateSeconds])).toEqual([
      ['Equipment Department', 300],
      ['Human Resources', 2700],
    ]);
    expect(f[0].text).toBe('Equipment Department: cut-off of the source 5 min late (15 min after the alarm, target 10 min)');
    expect(f[1].text).toMatch(/never completed/);
    expect(findingsText([])).toMatch(/met/);
    // The review task's description, in either language.
    expect(renderText(findingsTextOf(f), 'en')).toBe(
      'Delays found from the recorded times:\n' +
        '- Equipment Department: cut-off of the source 5 minutes late (15 minutes after the alarm, target 10 minutes)\n' +
        '- Human Resources: medical liaison never completed (1 hour after the alarm, target 15 minutes)',
    );
    expect(renderText(findingsTextOf(f), 'zh-CN')).toBe(
      '根据记录时间发现以下延误：\n- Equipment Department：切断源头延误 5分钟（报警后 15分钟，目标 10分钟）\n- Human Resources：医疗联络未完成（报警后 1小时，目标 15分钟）',
    );
    expect(renderText(findingsTextOf([]), 'zh-CN')).toBe('各部门均在目标时间内完成响应。');
  });

  it('formats durations and picks responses', () => {
    expect([formatSeconds(1.4), formatSeconds(65), formatSeconds(3780)]).toEqual(['1 s', '1 min 5 s', '1 h 3 min']);
    expect(responsesFor(false)).toEqual(['evacuation', 'cutOff']);
    expect(responsesFor(true)).toEqual(['evacuation', 'cutOff', 'medical']);
  });
});
