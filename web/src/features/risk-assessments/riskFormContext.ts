import type { RiskLevel, TaskView } from '../../shared/api';
import { isoToLocalInput } from '../../shared/format';
import { riskMatrixOf, type RiskMatrix } from '../hazards/hazard';

/** What the risk tasks' forms get from the process. */
export interface RiskFormContext {
  matrixSize: number;
  /** The policy's matrix the assessment levels with (its bands; null for a task from before processes sent them). */
  matrix: RiskMatrix | null;
  units: { id: string; name: string }[];
  items: { key: string; title: string; level: RiskLevel | null; score: number | null; ownerOrgUnitId: string | null }[];
  proposals: { itemKey: string; description: string; ownerOrgUnitId: string | null; proposedByName: string | null }[];
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const LEVELS: readonly string[] = ['low', 'medium', 'high', 'extreme'];

/** Reads the task's context defensively: a missing part is an empty list (a 5-point scale without a level preview when the matrix is missing). */
export function riskContextOf(task: Pick<TaskView, 'form'>): RiskFormContext {
  const c = isObj(task.form.context) ? task.form.context : {};
  const list = (v: unknown) => (Array.isArray(v) ? v.filter(isObj) : []);
  const size = typeof c.matrixSize === 'number' && Number.isInteger(c.matrixSize) && c.matrixSize >= 2 && c.matrixSize <= 10 ? c.matrixSize : 5;
  return {
    matrixSize: size,
    matrix: riskMatrixOf(c),
    units: list(c.units)
      .map((u) => ({ id: str(u.id) ?? '', name: str(u.name) ?? str(u.id) ?? '' }))
      .filter((u) => u.id),
    items: list(c.items)
      .map((i) => ({
        key: str(i.key) ?? '',
        title: str(i.title) ?? str(i.key) ?? '',
        level: typeof i.level === 'string' && LEVELS.includes(i.level) ? (i.level as RiskLevel) : null,
        score: typeof i.score === 'number' ? i.score : null,
        ownerOrgUnitId: str(i.ownerOrgUnitId),
      }))
      .filter((i) => i.key),
    proposals: list(c.proposals)
      .map((p) => ({
        itemKey: str(p.itemKey) ?? '',
        description: str(p.description) ?? '',
        ownerOrgUnitId: str(p.ownerOrgUnitId),
        proposedByName: str(p.proposedByName),
      }))
      .filter((p) => p.itemKey),
  };
}

/** Default due date of a planned measure: two weeks from now. */
const DEFAULT_DUE_DAYS = 14;
export const defaultDueAt = () => isoToLocalInput(new Date(Date.now() + DEFAULT_DUE_DAYS * 86400_000));

/** The control plan starts as the departments' proposals, each due in two weeks, so the safety hub mostly confirms. */
export function planRowsFrom(context: RiskFormContext): Record<string, unknown>[] {
  const due = defaultDueAt();
  const owner = (key: string) => context.items.find((i) => i.key === key)?.ownerOrgUnitId ?? undefined;
  if (context.proposals.length === 0) return [{ dueAt: due }];
  return context.proposals.map((p) => ({
    itemKey: p.itemKey,
    description: p.description,
    ownerOrgUnitId: p.ownerOrgUnitId ?? owner(p.itemKey),
    dueAt: due,
    proposedByName: p.proposedByName ?? undefined,
  }));
}
