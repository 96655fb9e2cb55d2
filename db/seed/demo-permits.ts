import type { DataSource } from 'typeorm';
import type { PermitLevel, PermitType } from '../../domain/permit/constants';
import type { Policy } from '../../domain/policy';
import { permitWorkflowId, type PermitInput, type PermitRequest } from '../../workflows/permit/messages';
import { PermitWorkflow } from '../../workflows/permit/workflow';
import { Permit, Person, User, WorkArea } from '../entities';
import { insertPermitProjection } from '../projections/permit';
import type { StartOnce } from './demo-incidents';

/**
 * Two permits to work in flight on the demo plant (on top of the demo work areas and
 * certificates, db/seed/demo-work-areas.ts): a 一级 hot-work permit at press line 3 requested by
 * the stamping-workshop employee, waiting for the production head to confirm its safety measures,
 * and a confined-space entry into solvent tank T-101 requested by the equipment head, waiting for
 * his own unit's confirmation. Fixed ids: a restart starts nothing twice.
 */
const PERMITS: {
  id: string;
  number: string;
  type: PermitType;
  level: PermitLevel;
  area: string;
  equipment: string;
  requester: string;
  crew: { username: string; role: 'operator' | 'guardian' | 'supervisor' }[];
  workContent: string;
  hours: number;
  jsa: PermitRequest['jsa'];
  measures: PermitRequest['measures'];
}[] = [
  {
    id: '00000000-0000-4000-8000-000000000901',
    number: 'DH-DEMO-000901',
    type: 'hot_work',
    level: 'first',
    area: 'A-STAMPING',
    equipment: 'E-PRESS-P3',
    requester: 'employee',
    crew: [{ username: 'employee', role: 'operator' }],
    workContent: '焊接3号压力机进料侧防护支架',
    hours: 6,
    jsa: [
      { step: '隔离3号压力机', hazards: '意外启动', controls: '总开关上锁挂牌，试启动确认' },
      { step: '焊接支架', hazards: '火花落到油污地面、烫伤', controls: '清理地面，铺防火毯，配两具灭火器，专人监火' },
    ],
    measures: [
      { kind: 'isolation', description: '3号压力机总开关已上锁', lockNumber: 'L-0031' },
      { kind: 'fire_equipment', description: '压力机旁配 4 kg 干粉灭火器两具和防火毯一块', lockNumber: null },
    ],
  },
  {
    id: '00000000-0000-4000-8000-000000000902',
    number: 'SX-DEMO-000902',
    type: 'confined_space',
    level: 'standard',
    area: 'A-TANK-FARM',
    equipment: 'E-TANK-101',
    requester: 'head.equipment',
    crew: [{ username: 'employee', role: 'operator' }],
    workContent: '进入T-101溶剂储罐内部检查',
    hours: 4,
    jsa: [
      {
        step: '进入储罐',
        hazards: '溶剂蒸气、缺氧',
        controls: '所有管线加盲板，强制通风，每 2 h 气体检测，人孔处设监护人',
      },
    ],
    measures: [
      { kind: 'blind', description: 'T-101进出口管线已加盲板', lockNumber: null },
      { kind: 'isolation', description: 'P-101泵已上锁', lockNumber: 'L-0107' },
      { kind: 'ventilation', description: '顶部人孔处设强制送风机', lockNumber: null },
    ],
  },
];

export async function seedDemoPermits(ds: DataSource, policy: { document: Policy; version: number }, startOnce: StartOnce): Promise<void> {
  for (const d of PERMITS) {
    if (await ds.getRepository(Permit).existsBy({ id: d.id })) continue;
    const [area, equipment, requester] = await Promise.all([
      ds.getRepository(WorkArea).findOneBy({ code: d.area }),
      ds.getRepository(WorkArea).findOneBy({ code: d.equipment }),
      ds.getRepository(User).findOneBy({ username: d.requester }),
    ]);
    if (!area || !requester) continue;
    const crew: PermitRequest['crew'] = [];
    for (const c of d.crew) {
      const user = await ds.getRepository(User).findOneBy({ username: c.username });
      const person = user?.personId ? await ds.getRepository(Person).findOneBy({ id: user.personId }) : null;
      if (user && person) crew.push({ personId: person.id, name: person.name, role: c.role, userId: user.id, username: user.username });
    }
    const from = new Date(Date.now() + 3600_000);
    const input: PermitInput = {
      request: {
        permitId: d.id,
        number: d.number,
        type: d.type,
        level: d.level,
        areaId: area.id,
        areaName: equipment ? `${area.name} / ${equipment.name}` : area.name,
        equipmentId: equipment?.id ?? null,
        orgUnitId: area.orgUnitId,
        workContent: d.workContent,
        windowFrom: from.toISOString(),
        windowTo: new Date(from.getTime() + d.hours * 3600_000).toISOString(),
        crew,
        contractor: null,
        jsa: d.jsa,
        measures: d.measures,
        requesterUserId: requester.id,
        requesterUsername: requester.username,
        requesterPersonId: requester.personId,
        conflicts: [],
        requestedAt: new Date().toISOString(),
      },
      policy: policy.document,
      policyVersion: policy.version,
    };
    const workflowId = permitWorkflowId(d.id);
    await startOnce(PermitWorkflow, workflowId, input);
    await ds.transaction((em) => insertPermitProjection(em, input.request, workflowId, input.policyVersion));
  }
}
