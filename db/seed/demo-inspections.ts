import type { DataSource } from 'typeorm';
import { loadPrincipal } from '../../api/auth/users';
import { InspectionService } from '../../api/inspections/service';
import { TrainingService } from '../../api/trainings/service';
import { todayIn } from '../../domain/inspections/rules';
import { Inspection, InspectionTemplate, OrgUnit, Person, Training, TrainingParticipant } from '../entities';

/**
 * Demo inspections and training (on top of the demo organisation, db/seed/demo.ts): two
 * checklist templates, four inspections of the last weeks (one of them below 80) and one
 * training session with its results, all recorded by the safety officer through the same
 * services the API uses, so they carry their scoring facts and audit rows. Idempotent: fixed
 * ids, and anything already there is left alone.
 */
const WALK = '00000000-0000-4000-8000-000000000301';
const FIRE = '00000000-0000-4000-8000-000000000302';
const TRAINING = '00000000-0000-4000-8000-000000000401';

const TEMPLATES = [
  {
    templateId: WALK,
    code: 'DEMO-WALK',
    name: 'Workshop safety walk',
    nameZh: '车间安全巡查',
    description: '生产车间月度巡查：防护装置、现场整洁、劳保用品、安全出口、上锁挂牌。',
    items: [
      { code: 'guards', title: '设备防护装置齐全完好', category: 'machinery', maxScore: 10, weight: 2 },
      { code: 'housekeeping', title: '通道畅通，地面无油污和废料', category: 'housekeeping', maxScore: 10, weight: 1 },
      { code: 'ppe', title: '按规定穿戴安全鞋、护目镜和手套', category: 'ppe', maxScore: 10, weight: 2 },
      { code: 'exits', title: '安全出口畅通，标识清晰', category: 'fire', maxScore: 5, weight: 1 },
      { code: 'loto', title: '检修时执行上锁挂牌', category: 'machinery', maxScore: 10, weight: 2 },
    ],
  },
  {
    templateId: FIRE,
    code: 'DEMO-FIRE',
    name: 'Fire safety check',
    nameZh: '消防安全检查',
    description: '部门季度消防安全检查。',
    items: [
      { code: 'extinguishers', title: '灭火器压力正常，本月已检查', category: 'fire', maxScore: 5, weight: 1 },
      { code: 'hydrants', title: '消火栓无遮挡，水带齐全', category: 'fire', maxScore: 5, weight: 1 },
      { code: 'alarms', title: '手动报警按钮完好有效', category: 'fire', maxScore: 5, weight: 1 },
      { code: 'hot-work', title: '动火作业持证审批', category: 'permits', maxScore: 10, weight: 2 },
    ],
  },
];

function daysAgo(n: number): string {
  const [y, m, d] = todayIn(new Date()).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - n)).toISOString().slice(0, 10);
}

export async function seedDemoInspections(ds: DataSource): Promise<{ created: boolean }> {
  const safety = await loadPrincipal(ds, { username: 'safety' });
  const unit = async (code: string) => (await ds.getRepository(OrgUnit).findOneBy({ code }))?.id;
  const [stamping, assembly, equipment, maintenance, production] = await Promise.all(
    ['DEMO-WS-STAMPING', 'DEMO-WS-ASSEMBLY', 'DEMO-EQUIPMENT', 'DEMO-WS-MAINT', 'DEMO-PRODUCTION'].map(unit),
  );
  if (!safety || !stamping || !assembly || !equipment || !maintenance || !production) return { created: false };
  if (await ds.getRepository(Training).existsBy({ id: TRAINING })) return { created: false };
  const inspections = new InspectionService(ds);
  const trainings = new TrainingService(ds);

  for (const t of TEMPLATES) if (!(await ds.getRepository(InspectionTemplate).existsBy({ id: t.templateId }))) await inspections.createTemplate(safety, t);

  const walk = (scores: Record<string, number | null>, remarks: Record<string, string> = {}) =>
    Object.entries(scores).map(([code, score]) => ({ code, score, remark: remarks[code] ?? null }));
  const demo = [
    {
      id: '00000000-0000-4000-8000-000000000311',
      templateId: WALK,
      orgUnitId: stamping,
      inspectedOn: daysAgo(20),
      items: walk({ guards: 5, housekeeping: 7, ppe: 8, exits: 5, loto: 6 }, { guards: '3号压力机进料侧防护罩缺失', loto: '两把挂锁未挂标签' }),
      remarks: '3号冲压线停机，防护罩恢复后方可开机。',
    },
    {
      id: '00000000-0000-4000-8000-000000000312',
      templateId: WALK,
      orgUnitId: assembly,
      inspectedOn: daysAgo(12),
      items: walk({ guards: 10, housekeeping: 8, ppe: 9, exits: 5, loto: null }),
      remarks: null,
    },
    {
      id: '00000000-0000-4000-8000-000000000313',
      templateId: FIRE,
      orgUnitId: equipment,
      inspectedOn: daysAgo(5),
      items: walk({ extinguishers: 5, hydrants: 4, alarms: 5, 'hot-work': 8 }, { 'hot-work': '一张作业票未会签' }),
      remarks: null,
    },
    {
      id: '00000000-0000-4000-8000-000000000314',
      templateId: FIRE,
      orgUnitId: maintenance,
      inspectedOn: daysAgo(3),
      total: 88,
      remarks: '纸质检查表，仅记录总分。',
    },
  ];
  for (const { id, ...input } of demo) if (!(await ds.getRepository(Inspection).existsBy({ id }))) await inspections.record(safety, id, input);

  const people = await ds.getRepository(Person).findBy([{ employeeNo: 'E1008' }, { employeeNo: 'E1006' }, { employeeNo: 'E1007' }]);
  const byNo = (no: string) => people.find((x) => x.employeeNo === no)!.id;
  if (people.length === 3 && !(await ds.getRepository(TrainingParticipant).existsBy({ trainingId: TRAINING }))) {
    await trainings.create(safety, TRAINING, {
      code: 'DEMO-LOTO-1',
      title: '上锁挂牌复训',
      topic: 'LOTO',
      orgUnitId: production,
      heldOn: daysAgo(7),
      trainer: '李强',
      participantIds: people.map((x) => x.id),
    });
    await trainings.recordResults(safety, TRAINING, [
      { personId: byNo('E1008'), attended: true, passed: true },
      { personId: byNo('E1006'), attended: true, passed: false, remark: '已安排补考' },
      { personId: byNo('E1007'), attended: false, passed: false, remark: '休假' },
    ]);
  }
  return { created: true };
}
