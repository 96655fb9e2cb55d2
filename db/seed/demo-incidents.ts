import { createHash } from 'node:crypto';
import type { Client, WorkflowStartOptions } from '@temporalio/client';
import { WorkflowIdConflictPolicy, type Workflow } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import type { IncidentCategory, IncidentConsequence, IncidentKind } from '../../domain/incident/constants';
import { incidentLevel, isReportable } from '../../domain/incident/policy';
import { addMonths, monthOf } from '../../domain/incident/rates';
import type { Policy } from '../../domain/policy';
import { incidentWorkflowId, type IncidentInput, type IncidentReport } from '../../workflows/incident/messages';
import { IncidentWorkflow } from '../../workflows/incident/workflow';
import { Incident, IncidentEvent, OrgUnit, User, WorkedHours } from '../entities';
import { incidentProjectionOf, insertIncidentProjection } from '../projections/incident';

/**
 * The demo plant's safety performance (on top of the demo organisation, db/seed/demo.ts): worked
 * hours per workshop and department for the last twelve months (the current one included), four
 * closed incidents and a closed near miss of that year, classified as the safety hub would, and
 * two reports in flight (an incident and a near miss, each a running IncidentWorkflow waiting
 * for classification). GET /api/safety-rates then has TRIR, LTIFR and severity rate for the
 * plant. Idempotent: fixed ids, one entry per unit and month, and anything already there is left
 * alone (a later start adds the months that have passed since).
 */

/** Starts a process unless it runs already (a restart of the demo starts nothing twice). */
export type StartOnce = <W extends Workflow>(workflow: W, workflowId: string, input: Parameters<W>[0]) => Promise<unknown>;

/** StartOnce on a task queue: an existing run of the workflow ID is kept. */
export function startOnceOn(client: Client, taskQueue: string): StartOnce {
  return (workflow, workflowId, input) =>
    client.workflow.start(workflow, {
      workflowId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      // TypeScript cannot resolve the SDK's conditional `args` type for a generic W; `input` is typed by StartOnce.
    } as unknown as WorkflowStartOptions<typeof workflow>);
}

/** The group's time zone (+08:00): the months of the hours and of the rates. */
const CST = 480;

/** Monthly hours of each unit: its people × about 175 h; February has the Spring Festival. */
const HOURS: Record<string, number> = {
  'DEMO-WS-STAMPING': 21_000,
  'DEMO-WS-ASSEMBLY': 31_500,
  'DEMO-WS-MAINT': 4_400,
  'DEMO-SAFETY': 1_050,
  'DEMO-HR': 1_400,
};

interface Closed {
  id: string;
  kind: IncidentKind;
  unit: string;
  daysAgo: number;
  title: string;
  description: string;
  location: string;
  category: IncidentCategory;
  consequence: IncidentConsequence;
  seriousInjuries?: number;
  minorInjuries?: number;
  daysLost?: number;
  directLossYuan?: number;
  rootCause: string;
  lessons: string;
}

const CLOSED: Closed[] = [
  {
    id: '00000000-0000-4000-8000-000000000501',
    kind: 'incident',
    unit: 'DEMO-WS-STAMPING',
    daysAgo: 320,
    title: '码放板料时手被毛刺划伤',
    description: '操作工码放板料时左手掌被毛刺划伤，厂医务室缝合五针。',
    location: '2号冲压线板料码放区',
    category: 'machinery',
    consequence: 'medical_treatment',
    minorInjuries: 1,
    rootCause: '码放作业未配发防割手套',
    lessons: 'Cut-resistant gloves for every job that handles blanks.',
  },
  {
    id: '00000000-0000-4000-8000-000000000502',
    kind: 'incident',
    unit: 'DEMO-WS-ASSEMBLY',
    daysAgo: 230,
    title: '工装滑落砸伤脚部',
    description: '工装从推车上滑落砸伤装配工脚部，脚趾骨折，休工九天。',
    location: 'B装配线工装推车',
    category: 'struck_by_object',
    consequence: 'lost_time',
    minorInjuries: 1,
    daysLost: 9,
    directLossYuan: 6_000,
    rootCause: '推车无挡边，工装堆放超出车沿',
    lessons: 'Fixture carts have edge stops; nothing above the rim.',
  },
  {
    id: '00000000-0000-4000-8000-000000000503',
    kind: 'incident',
    unit: 'DEMO-WS-MAINT',
    daysAgo: 150,
    title: '控制柜轻微触电',
    description: '电工打开柜门时感到触电，经护士检查后当班返岗。',
    location: '4号压力机控制柜',
    category: 'electric_shock',
    consequence: 'first_aid',
    rootCause: '维修后柜门接地线未恢复',
    lessons: 'Earth straps are checked at every cabinet repair sign-off.',
  },
  {
    id: '00000000-0000-4000-8000-000000000504',
    kind: 'incident',
    unit: 'DEMO-WS-STAMPING',
    daysAgo: 85,
    title: '5号压力机夹手',
    description: '屏蔽光幕处理卡料，两根手指骨折，损失工作日21天。',
    location: '5号冲压线',
    category: 'machinery',
    consequence: 'lost_time',
    seriousInjuries: 1,
    daysLost: 21,
    directLossYuan: 45_000,
    rootCause: '旁路钥匙未受控；送料机磨损频繁卡料',
    lessons: 'Never bypass a light curtain; jams are cleared with the press locked out.',
  },
  {
    id: '00000000-0000-4000-8000-000000000505',
    kind: 'near_miss',
    unit: 'DEMO-WS-ASSEMBLY',
    daysAgo: 40,
    title: '叉车在4号通道险些撞到行人',
    description: '叉车未观察即倒出4号通道，行人及时躲开。',
    location: '仓库4号通道',
    category: 'vehicle',
    consequence: 'none',
    rootCause: '通道尽头无反光镜，人行道未划线',
    lessons: 'Aisle-end mirrors and marked walkways in the warehouse.',
  },
];

const IN_FLIGHT: { id: string; kind: IncidentKind; unit: string; hoursAgo: number; title: string; description: string; location: string; injured: boolean }[] =
  [
    {
      id: '00000000-0000-4000-8000-000000000511',
      kind: 'incident',
      unit: 'DEMO-WS-STAMPING',
      hoursAgo: 20,
      title: '徒手搬运模具镶块扭伤手腕',
      description: '操作工徒手搬运模具镶块扭伤右手腕，已到医务室就诊。',
      location: '3号冲压线模具库',
      injured: true,
    },
    {
      id: '00000000-0000-4000-8000-000000000512',
      kind: 'near_miss',
      unit: 'DEMO-WS-STAMPING',
      hoursAgo: 6,
      title: '2号压力机地面油污',
      description: '液压软管渗油，操作工踩到油污滑了一下但未摔倒。',
      location: '2号冲压线',
      injured: false,
    },
  ];

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const DAY = 86_400_000;

/** A demo report of the employee of the stamping workshop (receipt code `DEMO-<id>`, never shown). */
function report(
  r: { id: string; kind: IncidentKind; title: string; description: string; location: string },
  orgUnitId: string,
  employee: User,
  occurredAt: string,
  injured: boolean,
): IncidentReport {
  return {
    incidentId: r.id,
    kind: r.kind,
    anonymous: false,
    title: r.title,
    description: r.description,
    location: r.location,
    orgUnitId,
    occurredAt,
    injuredPeople: injured ? [{ name: '张师傅', personId: null, injury: '见事故经过' }] : [],
    immediateActions: '停止作业，现场急救，区域已处置安全',
    evidenceIds: [],
    emergencyId: null,
    reporterUserId: employee.id,
    reporterPersonId: employee.personId,
    reporterUsername: employee.username,
    reportedAt: new Date(Date.parse(occurredAt) + 30 * 60_000).toISOString(),
  };
}

export async function seedDemoIncidents(ds: DataSource, policy: { document: Policy; version: number }, startOnce: StartOnce): Promise<void> {
  const units = new Map((await ds.getRepository(OrgUnit).find()).filter((u) => u.code.startsWith('DEMO-')).map((u) => [u.code, u.id]));
  const employee = await ds.getRepository(User).findOneBy({ username: 'employee' });
  if (!employee || !Object.keys(HOURS).every((c) => units.has(c))) return;

  // ---- worked hours: the last twelve months ---------------------------------------------------
  const current = monthOf(new Date(), CST);
  const rows = Object.entries(HOURS).flatMap(([code, base], u) =>
    Array.from({ length: 12 }, (_, i) => {
      const month = addMonths(current, i - 11);
      const hours = month.endsWith('-02') ? Math.round(base * 0.8) : base + ((i * 7 + u * 3) % 5) * 100;
      return { id: `00000000-0000-4000-8000-0000000006${String(u * 12 + i).padStart(2, '0')}`, orgUnitId: units.get(code)!, month, hours, updatedBy: 'safety' };
    }),
  );
  await ds.createQueryBuilder().insert().into(WorkedHours).values(rows).orIgnore().execute();

  // ---- closed incidents of the year, classified as the safety hub would ----------------------------
  const ip = policy.document.incident;
  for (const c of CLOSED) {
    if (await ds.getRepository(Incident).existsBy({ id: c.id })) continue;
    const workflowId = incidentWorkflowId(c.id);
    const occurredAt = ago(c.daysAgo * DAY);
    const r = report(c, units.get(c.unit)!, employee, occurredAt, c.consequence !== 'none');
    const casualties = { deaths: 0, seriousInjuries: c.seriousInjuries ?? 0, directLossYuan: c.directLossYuan ?? 0 };
    const at = (days: number) => new Date(Date.parse(occurredAt) + days * DAY);
    const classification = {
      category: c.category,
      consequence: c.consequence,
      deaths: 0,
      seriousInjuries: casualties.seriousInjuries,
      minorInjuries: c.minorInjuries ?? 0,
      daysLost: c.daysLost ?? 0,
      directLossYuan: casualties.directLossYuan,
      level: incidentLevel(ip, c.kind, casualties),
      reportable: isReportable(ip, c.kind, casualties),
    };
    await ds.transaction(async (em) => {
      await em.getRepository(Incident).insert({
        ...incidentProjectionOf(r, sha256(`DEMO-${c.id}`), workflowId, policy.version),
        ...classification,
        status: 'closed',
        classifiedAt: at(0.1),
        regulatoryReportedAt: classification.reportable ? at(0.05) : null,
        investigatedAt: at(5),
        determinedAt: c.kind === 'incident' ? at(6) : null,
        closedAt: at(30),
      });
      const events: [string, number, string, Record<string, unknown>][] = [
        ['reported', 0.02, employee.username, { kind: c.kind, location: c.location, occurredAt, injured: r.injuredPeople.length, emergencyId: null }],
        ['classified', 0.1, 'safety', { ...classification }],
        ['investigated', 5, 'safety', { rootCause: c.rootCause, summary: c.rootCause }],
        ['closed', 30, 'safety', { lessons: c.lessons }],
      ];
      await em
        .getRepository(IncidentEvent)
        .insert(
          events.map(([type, days, actor, data]) => ({ id: `${workflowId}/${type}`, incidentId: c.id, at: at(days), type, actor, data: JSON.stringify(data) })),
        );
    });
  }

  // ---- reports in flight: running processes waiting for the safety hub's classification -------------
  for (const f of IN_FLIGHT) {
    const input: IncidentInput = {
      report: report(f, units.get(f.unit)!, employee, ago(f.hoursAgo * 3_600_000), f.injured),
      receiptHash: sha256(`DEMO-${f.id}`),
      policy: policy.document,
      policyVersion: policy.version,
    };
    const workflowId = incidentWorkflowId(f.id);
    await startOnce(IncidentWorkflow, workflowId, input);
    await ds.transaction((em) => insertIncidentProjection(em, input.report, input.receiptHash, workflowId, input.policyVersion));
  }
}
