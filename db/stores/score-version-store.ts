import { In, type DataSource, type EntityManager } from 'typeorm';
import type { FrozenSubject } from '../../domain/exports';
import { OrgUnit, Person, Post, ScoreResult, type ScoreSnapshot } from '../entities';

/**
 * Frozen score versions: what a version shows is kept in it when it is written (subject names,
 * employee numbers, departments, posts), so a version reads — and exports — the same forever.
 */

export interface SubjectRef {
  subjectType: string;
  subjectId: string;
  departmentId: string | null;
}

export function subjectKey(subjectType: string, subjectId: string): string {
  return `${subjectType}/${subjectId}`;
}

const UUID = /^[0-9a-f-]{36}$/;

/** The subjects as they are now (names, employee numbers, department and post names): what a version being written freezes. */
export async function currentSubjects(db: DataSource | EntityManager, refs: readonly SubjectRef[]): Promise<Map<string, FrozenSubject>> {
  const out = new Map<string, FrozenSubject>();
  if (!refs.length) return out;
  const ids = (type: string) => [...new Set(refs.filter((r) => r.subjectType === type && UUID.test(r.subjectId)).map((r) => r.subjectId))];
  const personIds = ids('person');
  const people: Person[] = [];
  for (let i = 0; i < personIds.length; i += 1000) people.push(...(await db.getRepository(Person).findBy({ id: In(personIds.slice(i, i + 1000)) })));
  const postIds = [...new Set([...ids('post'), ...people.map((p) => p.postId).filter((x): x is string => !!x)])];
  const posts = postIds.length ? await db.getRepository(Post).findBy({ id: In(postIds) }) : [];
  const unitIds = [...new Set([...ids('department'), ...ids('company'), ...refs.map((r) => r.departmentId).filter((x): x is string => !!x)])];
  const units = unitIds.length ? await db.getRepository(OrgUnit).findBy({ id: In(unitIds) }) : [];
  const postName = new Map(posts.map((p) => [p.id, p.name]));
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const personById = new Map(people.map((p) => [p.id, p]));
  for (const r of refs) {
    const department = r.departmentId ? (unitName.get(r.departmentId) ?? null) : null;
    let s: FrozenSubject;
    if (r.subjectType === 'person') {
      const p = personById.get(r.subjectId);
      s = {
        name: p?.name ?? r.subjectId,
        employeeNo: p?.employeeNo ?? null,
        departmentName: department,
        post: p?.postId ? (postName.get(p.postId) ?? null) : null,
      };
    } else if (r.subjectType === 'post') {
      const name = postName.get(r.subjectId) ?? null;
      s = { name: name ?? r.subjectId, employeeNo: null, departmentName: department, post: name };
    } else {
      const name = unitName.get(r.subjectId) ?? r.subjectId;
      s = { name, employeeNo: null, departmentName: r.subjectType === 'department' ? name : department, post: null };
    }
    out.set(subjectKey(r.subjectType, r.subjectId), s);
  }
  return out;
}

/**
 * The subjects as a version shows them: frozen in its rows; rows of versions written before
 * subjects were kept fall back to the subjects as they are now.
 */
export async function shownSubjects(
  ds: DataSource,
  rows: readonly Pick<ScoreResult, 'subjectType' | 'subjectId' | 'departmentId' | 'subject'>[],
): Promise<Map<string, FrozenSubject>> {
  const out = new Map<string, FrozenSubject>();
  const legacy: SubjectRef[] = [];
  for (const r of rows) {
    if (r.subject) out.set(subjectKey(r.subjectType, r.subjectId), JSON.parse(r.subject) as FrozenSubject);
    else legacy.push(r);
  }
  for (const [k, v] of await currentSubjects(ds, legacy)) out.set(k, v);
  return out;
}

/**
 * Beside each frozen version: the version that superseded it (the next one published after it,
 * in publishing order: a draft published after an appeal's version supersedes it though its
 * number is lower), or null while it is in force (or a draft). Shown next to a version, never
 * written into it.
 */
export function supersededBy(snaps: readonly Pick<ScoreSnapshot, 'version' | 'status' | 'publishedAt'>[]): Map<number, number | null> {
  const at = (s: Pick<ScoreSnapshot, 'publishedAt'>) => s.publishedAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
  const frozen = snaps.filter((s) => s.status !== 'draft').sort((a, b) => at(a) - at(b) || a.version - b.version);
  const out = new Map<number, number | null>();
  for (const s of snaps) out.set(s.version, null);
  frozen.forEach((s, i) => {
    if (s.status === 'superseded') out.set(s.version, frozen[i + 1]?.version ?? null);
  });
  return out;
}
