import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../../api/auth/password';
import { allPostProfiles, childPath, DEPARTMENT_FUNCTIONS, type DepartmentFunction, type OrgUnitKind, type Role } from '../../domain/org';
import { seedEmergencyPhones } from './demo-emergency-phones';
import { OrgUnit, Person, Post, PostProfile, UnitResponder, User, UserRole } from '../entities';

/**
 * The demo organisation of SPEC §8: one manufacturing group with a company and a plant, the
 * seven department functions, posts of every profile and one login per role. Idempotent: a
 * second run finds the group and changes nothing.
 */
export const DEMO_PASSWORD = 'safeloop-demo';

export const DEMO_LOGINS: { username: string; role: Role; displayName: string; unit: string; label: string }[] = [
  { username: 'admin', role: 'admin', displayName: 'Admin Zhou', unit: 'DEMO-GROUP', label: 'administrator' },
  { username: 'safety', role: 'safety_officer', displayName: 'Safety Officer Li', unit: 'DEMO-PLANT', label: 'safety officer (safety hub)' },
  { username: 'hr', role: 'hr', displayName: 'HR Wang', unit: 'DEMO-CO', label: 'HR' },
  { username: 'manager', role: 'manager', displayName: 'Plant Manager Chen', unit: 'DEMO-PLANT', label: 'manager' },
  { username: 'auditor', role: 'auditor', displayName: 'Auditor Sun', unit: 'DEMO-GROUP', label: 'auditor (read-only)' },
  { username: 'head.production', role: 'department_head', displayName: 'Production Head Zhao', unit: 'DEMO-PRODUCTION', label: 'head of production' },
  { username: 'head.equipment', role: 'department_head', displayName: 'Equipment Head Qian', unit: 'DEMO-EQUIPMENT', label: 'head of equipment' },
  { username: 'employee', role: 'employee', displayName: 'Operator Liu', unit: 'DEMO-WS-STAMPING', label: 'frontline employee (stamping workshop)' },
];

const DEPARTMENT_NAMES: Record<DepartmentFunction, string> = {
  safety: 'Safety Department',
  production: 'Production Department',
  equipment: 'Equipment Department',
  hr: 'Human Resources',
  procurement: 'Procurement',
  finance: 'Finance',
  environment: 'Environment Department',
};

/** Where each profile's demo post sits and what it is called. */
const POSTS: Record<string, { unit: string; name: string }> = {
  'frontline-production-high': { unit: 'DEMO-WS-STAMPING', name: 'Stamping press operator' },
  'frontline-production-normal': { unit: 'DEMO-WS-ASSEMBLY', name: 'Assembly line worker' },
  'frontline-rnd-high': { unit: 'DEMO-PRODUCTION', name: 'Process trial technician' },
  'frontline-rnd-normal': { unit: 'DEMO-PRODUCTION', name: 'Lab technician' },
  'frontline-functional-high': { unit: 'DEMO-PROCUREMENT', name: 'Hazardous materials storekeeper' },
  'frontline-functional-normal': { unit: 'DEMO-FINANCE', name: 'Accounts clerk' },
  'middle-production-high': { unit: 'DEMO-WS-STAMPING', name: 'Stamping workshop lead' },
  'middle-production-normal': { unit: 'DEMO-WS-ASSEMBLY', name: 'Assembly team lead' },
  'middle-rnd-high': { unit: 'DEMO-EQUIPMENT', name: 'Equipment reliability engineer' },
  'middle-rnd-normal': { unit: 'DEMO-PRODUCTION', name: 'Process engineer' },
  'middle-functional-high': { unit: 'DEMO-SAFETY', name: 'Safety engineer' },
  'middle-functional-normal': { unit: 'DEMO-HR', name: 'Training coordinator' },
  'senior-production-high': { unit: 'DEMO-PRODUCTION', name: 'Head of production' },
  'senior-production-normal': { unit: 'DEMO-PLANT', name: 'Plant manager' },
  'senior-rnd-high': { unit: 'DEMO-EQUIPMENT', name: 'Head of equipment' },
  'senior-rnd-normal': { unit: 'DEMO-CO', name: 'Chief engineer' },
  'senior-functional-high': { unit: 'DEMO-SAFETY', name: 'Safety director' },
  'senior-functional-normal': { unit: 'DEMO-HR', name: 'Head of HR' },
};

/** Which post each demo login's person holds. */
const LOGIN_POSTS: Record<string, string> = {
  safety: 'middle-functional-high',
  hr: 'senior-functional-normal',
  manager: 'senior-production-normal',
  'head.production': 'senior-production-high',
  'head.equipment': 'senior-rnd-high',
  employee: 'frontline-production-high',
};

export async function seedDemo(dataSource: DataSource): Promise<{ created: boolean }> {
  if (await dataSource.getRepository(OrgUnit).existsBy({ code: 'DEMO-GROUP' })) return { created: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await dataSource.transaction(async (em) => {
    const units = new Map<string, OrgUnit>();
    const unit = async (code: string, kind: OrgUnitKind, name: string, parentCode: string | null, fn: DepartmentFunction | null = null) => {
      const parent = parentCode ? units.get(parentCode)! : null;
      const id = randomUUID();
      const row = em.create(OrgUnit, {
        id,
        parentId: parent?.id ?? null,
        kind,
        name,
        code,
        departmentFunction: fn,
        path: childPath(parent?.path ?? null, id),
        headPersonId: null,
      });
      units.set(code, await em.save(row));
    };
    await unit('DEMO-GROUP', 'group', 'Huaxin Manufacturing Group', null);
    await unit('DEMO-CO', 'company', 'Huaxin Auto Parts Co., Ltd.', 'DEMO-GROUP');
    await unit('DEMO-PLANT', 'plant', 'Suzhou Plant', 'DEMO-CO');
    for (const fn of DEPARTMENT_FUNCTIONS) await unit(`DEMO-${fn.toUpperCase()}`, 'department', DEPARTMENT_NAMES[fn], 'DEMO-PLANT', fn);
    await unit('DEMO-WS-STAMPING', 'workshop', 'Stamping Workshop', 'DEMO-PRODUCTION');
    await unit('DEMO-WS-ASSEMBLY', 'workshop', 'Assembly Workshop', 'DEMO-PRODUCTION');
    await unit('DEMO-WS-MAINT', 'workshop', 'Maintenance Team', 'DEMO-EQUIPMENT');
    await seedEmergencyPhones(em, units);

    const posts = new Map<string, Post>();
    for (const p of allPostProfiles()) {
      const profile = await em.save(em.create(PostProfile, { id: randomUUID(), ...p }));
      const where = POSTS[p.code];
      const post = em.create(Post, {
        id: randomUUID(),
        orgUnitId: units.get(where.unit)!.id,
        code: `DEMO-POST-${p.code}`,
        name: where.name,
        profileId: profile.id,
      });
      posts.set(p.code, await em.save(post));
    }

    for (const [i, login] of DEMO_LOGINS.entries()) {
      const postCode = LOGIN_POSTS[login.username];
      const post = postCode ? posts.get(postCode)! : null;
      const person = await em.save(
        em.create(Person, {
          id: randomUUID(),
          employeeNo: `E${String(1001 + i)}`,
          name: login.displayName,
          email: `${login.username}@safeloop.example`,
          orgUnitId: post?.orgUnitId ?? units.get(login.unit)!.id,
          postId: post?.id ?? null,
          active: true,
        }),
      );
      const user = await em.save(
        em.create(User, {
          id: randomUUID(),
          username: login.username,
          displayName: login.displayName,
          passwordHash,
          personId: person.id,
          orgUnitId: units.get(login.unit)!.id,
          active: true,
        }),
      );
      await em.save(em.create(UserRole, { userId: user.id, role: login.role }));
    }
    await setHead(em, units.get('DEMO-PRODUCTION')!, 'head.production');
    await setHead(em, units.get('DEMO-EQUIPMENT')!, 'head.equipment');
    await setHead(em, units.get('DEMO-SAFETY')!, 'safety');
    await setHead(em, units.get('DEMO-HR')!, 'hr');
    await setHead(em, units.get('DEMO-PLANT')!, 'manager');
    // Each department's responders (its head plus these): its tasks go to them, not to every member.
    for (const [code, usernames] of Object.entries(DEMO_RESPONDERS)) await setResponders(em, units.get(code)!, usernames);
  });
  return { created: true };
}

/** The people each demo department names as responders (besides its head). */
export const DEMO_RESPONDERS: Record<string, string[]> = {
  'DEMO-SAFETY': ['safety'],
  'DEMO-HR': ['hr'],
  'DEMO-PRODUCTION': ['head.production'],
  'DEMO-EQUIPMENT': ['head.equipment'],
  'DEMO-PROCUREMENT': ['manager'],
  'DEMO-FINANCE': ['manager'],
  'DEMO-ENVIRONMENT': ['safety'],
};

async function setResponders(em: EntityManager, unit: OrgUnit, usernames: string[]): Promise<void> {
  for (const username of usernames) {
    const user = await em.findOneByOrFail(User, { username });
    await em.insert(UnitResponder, { orgUnitId: unit.id, personId: user.personId! });
  }
}

async function setHead(em: EntityManager, unit: OrgUnit, username: string): Promise<void> {
  const user = await em.findOneByOrFail(User, { username });
  await em.update(OrgUnit, { id: unit.id }, { headPersonId: user.personId });
}
