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

export const DEMO_LOGINS: { username: string; role: Role; displayName: string; displayNameZh: string; unit: string; label: string }[] = [
  { username: 'admin', role: 'admin', displayName: 'Admin Zhou', displayNameZh: '周敏', unit: 'DEMO-GROUP', label: 'administrator' },
  {
    username: 'safety',
    role: 'safety_officer',
    displayName: 'Safety Officer Li',
    displayNameZh: '李强',
    unit: 'DEMO-PLANT',
    label: 'safety officer (safety hub)',
  },
  { username: 'hr', role: 'hr', displayName: 'HR Wang', displayNameZh: '王芳', unit: 'DEMO-CO', label: 'HR' },
  { username: 'manager', role: 'manager', displayName: 'Plant Manager Chen', displayNameZh: '陈建国', unit: 'DEMO-PLANT', label: 'manager' },
  { username: 'auditor', role: 'auditor', displayName: 'Auditor Sun', displayNameZh: '孙丽', unit: 'DEMO-GROUP', label: 'auditor (read-only)' },
  {
    username: 'head.production',
    role: 'department_head',
    displayName: 'Production Head Zhao',
    displayNameZh: '赵磊',
    unit: 'DEMO-PRODUCTION',
    label: 'head of production',
  },
  {
    username: 'head.equipment',
    role: 'department_head',
    displayName: 'Equipment Head Qian',
    displayNameZh: '钱峰',
    unit: 'DEMO-EQUIPMENT',
    label: 'head of equipment',
  },
  {
    username: 'employee',
    role: 'employee',
    displayName: 'Operator Liu',
    displayNameZh: '刘伟',
    unit: 'DEMO-WS-STAMPING',
    label: 'frontline employee (stamping workshop)',
  },
];

/** Each department's name in English and in Chinese. */
const DEPARTMENT_NAMES: Record<DepartmentFunction, [string, string]> = {
  safety: ['Safety Department', '安全环保部'],
  production: ['Production Department', '生产部'],
  equipment: ['Equipment Department', '设备部'],
  hr: ['Human Resources', '人力资源部'],
  procurement: ['Procurement', '采购部'],
  finance: ['Finance', '财务部'],
  environment: ['Environment Department', '环境管理部'],
};

/** Where each profile's demo post sits and what it is called (in English and in Chinese). */
const POSTS: Record<string, { unit: string; name: string; nameZh: string }> = {
  'frontline-production-high': { unit: 'DEMO-WS-STAMPING', name: 'Stamping press operator', nameZh: '冲压操作工' },
  'frontline-production-normal': { unit: 'DEMO-WS-ASSEMBLY', name: 'Assembly line worker', nameZh: '装配线操作工' },
  'frontline-rnd-high': { unit: 'DEMO-PRODUCTION', name: 'Process trial technician', nameZh: '工艺试制技术员' },
  'frontline-rnd-normal': { unit: 'DEMO-PRODUCTION', name: 'Lab technician', nameZh: '实验室技术员' },
  'frontline-functional-high': { unit: 'DEMO-PROCUREMENT', name: 'Hazardous materials storekeeper', nameZh: '危化品库管员' },
  'frontline-functional-normal': { unit: 'DEMO-FINANCE', name: 'Accounts clerk', nameZh: '会计' },
  'middle-production-high': { unit: 'DEMO-WS-STAMPING', name: 'Stamping workshop lead', nameZh: '冲压车间主任' },
  'middle-production-normal': { unit: 'DEMO-WS-ASSEMBLY', name: 'Assembly team lead', nameZh: '装配班组长' },
  'middle-rnd-high': { unit: 'DEMO-EQUIPMENT', name: 'Equipment reliability engineer', nameZh: '设备可靠性工程师' },
  'middle-rnd-normal': { unit: 'DEMO-PRODUCTION', name: 'Process engineer', nameZh: '工艺工程师' },
  'middle-functional-high': { unit: 'DEMO-SAFETY', name: 'Safety engineer', nameZh: '安全工程师' },
  'middle-functional-normal': { unit: 'DEMO-HR', name: 'Training coordinator', nameZh: '培训专员' },
  'senior-production-high': { unit: 'DEMO-PRODUCTION', name: 'Head of production', nameZh: '生产部部长' },
  'senior-production-normal': { unit: 'DEMO-PLANT', name: 'Plant manager', nameZh: '厂长' },
  'senior-rnd-high': { unit: 'DEMO-EQUIPMENT', name: 'Head of equipment', nameZh: '设备部部长' },
  'senior-rnd-normal': { unit: 'DEMO-CO', name: 'Chief engineer', nameZh: '总工程师' },
  'senior-functional-high': { unit: 'DEMO-SAFETY', name: 'Safety director', nameZh: '安全总监' },
  'senior-functional-normal': { unit: 'DEMO-HR', name: 'Head of HR', nameZh: '人力资源部部长' },
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

/**
 * Seeds the demo organisation once. `locale` is the accounts' language (mails, notices): the
 * app seeds Chinese by default (DEMO_LOCALE); tests seed English unless they ask.
 */
export async function seedDemo(dataSource: DataSource, options: { locale?: 'zh-CN' | 'en' } = {}): Promise<{ created: boolean }> {
  if (await dataSource.getRepository(OrgUnit).existsBy({ code: 'DEMO-GROUP' })) return { created: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await dataSource.transaction(async (em) => {
    const units = new Map<string, OrgUnit>();
    const unit = async (code: string, kind: OrgUnitKind, [name, nameZh]: [string, string], parentCode: string | null, fn: DepartmentFunction | null = null) => {
      const parent = parentCode ? units.get(parentCode)! : null;
      const id = randomUUID();
      const row = em.create(OrgUnit, {
        id,
        parentId: parent?.id ?? null,
        kind,
        name,
        nameZh,
        code,
        departmentFunction: fn,
        path: childPath(parent?.path ?? null, id),
        headPersonId: null,
      });
      units.set(code, await em.save(row));
    };
    await unit('DEMO-GROUP', 'group', ['Huaxin Manufacturing Group', '华信制造集团'], null);
    await unit('DEMO-CO', 'company', ['Huaxin Auto Parts Co., Ltd.', '华信汽车零部件有限公司'], 'DEMO-GROUP');
    await unit('DEMO-PLANT', 'plant', ['Suzhou Plant', '苏州工厂'], 'DEMO-CO');
    for (const fn of DEPARTMENT_FUNCTIONS) await unit(`DEMO-${fn.toUpperCase()}`, 'department', DEPARTMENT_NAMES[fn], 'DEMO-PLANT', fn);
    await unit('DEMO-WS-STAMPING', 'workshop', ['Stamping Workshop', '冲压车间'], 'DEMO-PRODUCTION');
    await unit('DEMO-WS-ASSEMBLY', 'workshop', ['Assembly Workshop', '装配车间'], 'DEMO-PRODUCTION');
    await unit('DEMO-WS-MAINT', 'workshop', ['Maintenance Team', '设备维修班'], 'DEMO-EQUIPMENT');
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
        nameZh: where.nameZh,
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
          nameZh: login.displayNameZh,
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
          displayNameZh: login.displayNameZh,
          passwordHash,
          locale: options.locale ?? 'en',
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
