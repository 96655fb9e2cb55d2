import { In, type EntityManager } from 'typeorm';
import { OrgUnit, Person, Post, PostProfile } from '../../db/entities';
import { BUSINESS_TYPES, DEPARTMENT_FUNCTIONS, ORG_UNIT_KINDS, POST_LEVELS, RISK_LEVELS } from '../../domain/org';
import { nameOf } from '../platform/names';
import { z } from '../platform/openapi';

/**
 * What the organisation API returns, and the batch loaders that build it (one query per related
 * table, never one per row). The materialised path stays internal.
 */

export const OrgUnitView = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    kind: z.enum(ORG_UNIT_KINDS),
    name: z.string().describe('The English name'),
    nameZh: z.string().nullable().describe('The Chinese name (null: the English name serves both)'),
    code: z.string(),
    departmentFunction: z.enum(DEPARTMENT_FUNCTIONS).nullable(),
    headPersonId: z.string().nullable(),
    headName: z.string().nullable(),
  })
  .openapi('OrgUnit');
export type OrgUnitView = z.infer<typeof OrgUnitView>;

export type OrgTreeNode = OrgUnitView & { children: OrgTreeNode[] };
export const OrgTreeNode: z.ZodType<OrgTreeNode> = z
  .object({
    ...OrgUnitView.shape,
    get children() {
      return z.array(OrgTreeNode);
    },
  })
  .openapi('OrgTreeNode');

export const PostProfileView = z
  .object({ id: z.string(), code: z.string(), level: z.enum(POST_LEVELS), businessType: z.enum(BUSINESS_TYPES), riskLevel: z.enum(RISK_LEVELS) })
  .openapi('PostProfile');

export const PostView = z
  .object({
    id: z.string(),
    orgUnitId: z.string(),
    code: z.string(),
    name: z.string().describe('The English name'),
    nameZh: z.string().nullable().describe('The Chinese name (null: the English name serves both)'),
    profileId: z.string(),
    profileCode: z.string(),
    level: z.enum(POST_LEVELS),
    businessType: z.enum(BUSINESS_TYPES),
    riskLevel: z.enum(RISK_LEVELS),
  })
  .openapi('Post');
export type PostView = z.infer<typeof PostView>;

export const PersonView = z
  .object({
    id: z.string(),
    employeeNo: z.string(),
    name: z.string().describe('The English name'),
    nameZh: z.string().nullable().describe('The Chinese name (null: the English name serves both)'),
    email: z.string().nullable(),
    orgUnitId: z.string(),
    orgUnitName: z.string().nullable(),
    postId: z.string().nullable(),
    postName: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('Person');
export type PersonView = z.infer<typeof PersonView>;

const UnitRef = z.object({ id: z.string(), kind: z.enum(ORG_UNIT_KINDS), name: z.string(), nameZh: z.string().nullable(), code: z.string() });

export const OrgUnitDetail = z
  .object({
    ...OrgUnitView.shape,
    parentName: z.string().nullable(),
    head: z.object({ id: z.string(), employeeNo: z.string(), name: z.string() }).nullable(),
    children: z.array(UnitRef),
    posts: z.array(PostView),
    people: z.array(PersonView),
  })
  .openapi('OrgUnitDetail');

/** The reader's name of a row that may be missing. */
const optionalName = (row: OrgUnit | Post | undefined) => (row ? nameOf(row) : null);

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
const ids = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];

export async function describeUnits(em: EntityManager, units: OrgUnit[]): Promise<OrgUnitView[]> {
  const headIds = ids(units.map((u) => u.headPersonId));
  const heads = byId(headIds.length ? await em.findBy(Person, { id: In(headIds) }) : []);
  return units.map((u) => {
    const { path: _path, ...fields } = snapshot.unit(u);
    const head = u.headPersonId ? heads.get(u.headPersonId) : undefined;
    return { ...fields, headName: head ? nameOf(head) : null };
  });
}

export async function describePosts(em: EntityManager, posts: Post[]): Promise<PostView[]> {
  const profileIds = ids(posts.map((p) => p.profileId));
  const profiles = byId(profileIds.length ? await em.findBy(PostProfile, { id: In(profileIds) }) : []);
  return posts.map((p) => {
    const profile = profiles.get(p.profileId)!;
    return {
      id: p.id,
      orgUnitId: p.orgUnitId,
      code: p.code,
      name: p.name,
      nameZh: p.nameZh,
      profileId: p.profileId,
      profileCode: profile.code,
      level: profile.level,
      businessType: profile.businessType,
      riskLevel: profile.riskLevel,
    };
  });
}

export async function describePeople(em: EntityManager, people: Person[]): Promise<PersonView[]> {
  const unitIds = ids(people.map((p) => p.orgUnitId));
  const postIds = ids(people.map((p) => p.postId));
  const [units, posts] = await Promise.all([
    unitIds.length ? em.findBy(OrgUnit, { id: In(unitIds) }) : [],
    postIds.length ? em.findBy(Post, { id: In(postIds) }) : [],
  ]).then(([u, p]) => [byId(u), byId(p)] as const);
  return people.map((p) => ({
    id: p.id,
    employeeNo: p.employeeNo,
    name: p.name,
    nameZh: p.nameZh,
    email: p.email,
    orgUnitId: p.orgUnitId,
    orgUnitName: optionalName(units.get(p.orgUnitId)),
    postId: p.postId,
    postName: optionalName(p.postId ? posts.get(p.postId) : undefined),
    active: p.active,
  }));
}

/** Nests units under their parents; units whose parent is not in the list are roots. */
export function nestUnits(units: OrgUnitView[]): OrgTreeNode[] {
  const nodes = new Map(units.map((u) => [u.id, { ...u, children: [] as OrgTreeNode[] }]));
  const roots: OrgTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: OrgTreeNode[]) => {
    list.sort((a, b) => ORG_UNIT_KINDS.indexOf(a.kind) - ORG_UNIT_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** What the audit log records of each entity (no timestamps: the audit row has its own). */
export const snapshot = {
  unit: (u: OrgUnit) => ({
    id: u.id,
    parentId: u.parentId,
    kind: u.kind,
    name: u.name,
    nameZh: u.nameZh,
    code: u.code,
    departmentFunction: u.departmentFunction,
    headPersonId: u.headPersonId,
    path: u.path,
  }),
  post: (p: Post) => ({ id: p.id, orgUnitId: p.orgUnitId, code: p.code, name: p.name, nameZh: p.nameZh, profileId: p.profileId }),
  person: (p: Person) => ({
    id: p.id,
    employeeNo: p.employeeNo,
    name: p.name,
    nameZh: p.nameZh,
    email: p.email,
    orgUnitId: p.orgUnitId,
    postId: p.postId,
    active: p.active,
  }),
};
