import type { Policy } from '../policy';
import { during, lines, term, text, type Text } from '../texts/text';

/**
 * Emergency response (应急处置) rules shared by the workflow and the API: which departments
 * respond, their targets from the policy, and the post-incident findings computed from the
 * recorded timestamps. Pure and deterministic.
 */
export const EMERGENCY_TYPES = ['gas_leak', 'fire', 'chemical_spill', 'injury', 'power_failure', 'other'] as const;
export type EmergencyType = (typeof EMERGENCY_TYPES)[number];

/** The parallel response tasks; keys match `policy.sla.emergencyResponse`. */
export const RESPONSE_KINDS = ['evacuation', 'cutOff', 'medical'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

export const RESPONSE_LABELS: Record<ResponseKind, string> = { evacuation: 'evacuation', cutOff: 'cut-off of the source', medical: 'medical liaison' };

/** The responses an emergency needs: medical liaison only when someone is injured. */
export function responsesFor(injuries: boolean): ResponseKind[] {
  return injuries ? [...RESPONSE_KINDS] : ['evacuation', 'cutOff'];
}

export interface TimedStep {
  /** `onSite` is the safety hub's acknowledgement; the others are response tasks. */
  step: ResponseKind | 'onSite';
  orgUnitId: string;
  orgUnitName: string;
  /** When the step was completed (ISO), null if never. */
  doneAt: string | null;
}

export interface Finding {
  step: TimedStep['step'];
  orgUnitId: string;
  orgUnitName: string;
  /** Seconds from the alarm to completion. */
  responseSeconds: number;
  targetSeconds: number;
  lateSeconds: number;
  /** Done late (true) or never done by the review (false). */
  done?: boolean;
  text: string;
}

export function targetSeconds(policy: Policy, step: TimedStep['step']): number {
  return step === 'onSite' ? policy.sla.emergencyAcknowledge : policy.sla.emergencyResponse[step];
}

/** Seconds between two ISO instants, to the millisecond. */
export function secondsBetween(fromIso: string, toIso: string): number {
  return Math.round(Date.parse(toIso) - Date.parse(fromIso)) / 1000;
}

/** "42 s", "5 min", "1 h 3 min" — for people. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : '', r && !h ? `${r} s` : ''].filter(Boolean).join(' ');
}

/**
 * Findings of the post-incident review: every step that finished later than its target (or never),
 * attributed to its department, e.g. "Equipment Department: cut-off of the source 5 min late".
 * Steps never done count up to `reviewAt`.
 */
export function computeFindings(policy: Policy, reportedAt: string, steps: TimedStep[], reviewAt: string): Finding[] {
  const findings: Finding[] = [];
  for (const st of steps) {
    const responseSeconds = secondsBetween(reportedAt, st.doneAt ?? reviewAt);
    const target = targetSeconds(policy, st.step);
    if (responseSeconds <= target) continue;
    const lateSeconds = Math.round((responseSeconds - target) * 1000) / 1000;
    const what = st.step === 'onSite' ? 'on-site acknowledgement' : RESPONSE_LABELS[st.step];
    const text = `${st.orgUnitName}: ${what} ${st.doneAt ? `${formatSeconds(lateSeconds)} late` : 'never completed'} (${formatSeconds(responseSeconds)} after the alarm, target ${formatSeconds(target)})`;
    findings.push({
      step: st.step,
      orgUnitId: st.orgUnitId,
      orgUnitName: st.orgUnitName,
      responseSeconds,
      targetSeconds: target,
      lateSeconds,
      done: !!st.doneAt,
      text,
    });
  }
  return findings;
}

export function findingsText(findings: Finding[]): string {
  if (findings.length === 0) return 'Every department met its response target.';
  return `Delays found from the recorded times:\n${findings.map((f) => `- ${f.text}`).join('\n')}`;
}

/** The review task's findings as a text in the reader's language (findingsText's words). */
export function findingsTextOf(findings: Finding[]): Text {
  if (findings.length === 0) return text('emergency.findings.none');
  return text('emergency.findings.some', {
    list: lines(
      findings.map((f) =>
        text(f.done === false ? 'emergency.finding.never' : 'emergency.finding.late', {
          unit: f.orgUnitName,
          step: term(`emergency.step.${f.step}`),
          late: during(f.lateSeconds),
          after: during(f.responseSeconds),
          target: during(f.targetSeconds),
        }),
      ),
    ),
  });
}
