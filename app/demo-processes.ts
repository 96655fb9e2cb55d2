import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { OrgUnit, User } from '../db/entities';
import { insertHazardProjection } from '../db/projections/hazard';
import { insertRiskProjection } from '../db/projections/risk-assessment';
import { hazardWorkflowId, type HazardInput } from '../workflows/hazard/messages';
import { HazardWorkflow } from '../workflows/hazard/workflow';
import { currentPolicy } from '../db/stores/policy-store';
import { seedDemoInspections } from '../db/seed/demo-inspections';
import { seedDemoIncidents, startOnceOn } from '../db/seed/demo-incidents';
import { seedDemoWorkAreas } from '../db/seed/demo-work-areas';
import { seedDemoPermits } from '../db/seed/demo-permits';
import { noticeWorkflowId, type NoticeInput } from '../workflows/notice/messages';
import { SafetyNoticeWorkflow } from '../workflows/notice/workflow';
import { createRiskSchedule } from '../api/risk-assessments/service';
import { RISK_INPUT_DEPARTMENTS } from '../domain/risk-assessment/rules';
import { riskAssessmentWorkflowId, type RiskAssessmentInput } from '../workflows/risk-assessment/messages';
import { RiskAssessmentWorkflow } from '../workflows/risk-assessment/workflow';

/**
 * On the first start of the embedded demo, a few live processes so the inbox is not empty:
 * safety notices waiting for the production and equipment departments, and a hazard reported
 * by the stamping-workshop employee waiting to be graded by the safety hub, a joint risk
 * assessment of the stamping workshop waiting for the departments' inputs, and the plant's
 * monthly risk assessment schedule (1st of the month, 08:00). Also recorded inspections and a
 * training with results (db/seed/demo-inspections.ts), so KPIs and scoring have those inputs, and
 * the plant's worked hours and incidents of the last twelve months with an incident and a near
 * miss waiting for classification (db/seed/demo-incidents.ts), so the safety rates have figures.
 */
export async function startDemoProcesses(client: Client, ds: DataSource, taskQueue: string): Promise<void> {
  const policy = await currentPolicy(ds);
  const startOnce = startOnceOn(client, taskQueue);
  await seedDemoInspections(ds); // recorded inspections and a training with results (no processes: facts written at once)
  await seedDemoIncidents(ds, policy, startOnce); // worked hours and the year's incidents (safety rates), two reports waiting for classification
  await seedDemoWorkAreas(ds); // work areas with their equipment (QR codes) and the demo people's certificates, one expiring within 30 days
  await seedDemoPermits(ds, policy, startOnce); // a hot-work and a confined-space permit waiting for their safety measures to be confirmed
  const notices: { id: string; unit: string; title: string; body: string; severity: NoticeInput['severity'] }[] = [
    {
      id: '00000000-0000-4000-8000-000000000001',
      unit: 'DEMO-PRODUCTION',
      title: '冲压厂房内叉车限速调整为 5 km/h',
      body: '自周一起，冲压厂房内叉车限速 5 km/h。请各班组班前会传达并确认。',
      severity: 'normal',
    },
    {
      id: '00000000-0000-4000-8000-000000000002',
      unit: 'DEMO-EQUIPMENT',
      title: '下周开展上锁挂牌专项检查',
      body: '安全环保部下周检查P1–P6压力机的上锁挂牌执行情况。请确认每把锁都挂有标签。',
      severity: 'normal',
    },
  ];
  for (const n of notices) {
    const unit = await ds.getRepository(OrgUnit).findOneBy({ code: n.unit });
    if (!unit) continue;
    const input: NoticeInput = {
      noticeId: n.id,
      title: n.title,
      body: n.body,
      orgUnitId: unit.id,
      severity: n.severity,
      issuedBy: 'safety',
      policy: policy.document,
      policyVersion: policy.version,
    };
    await startOnce(SafetyNoticeWorkflow, noticeWorkflowId(n.id), input);
  }

  const employee = await ds.getRepository(User).findOneBy({ username: 'employee' });
  if (employee) {
    const hazardId = '00000000-0000-4000-8000-000000000101';
    const input: HazardInput = {
      report: {
        hazardId,
        title: '3号压力机防护罩缺失',
        description: '3号压力机进料侧固定防护罩缺失，手可伸入模具区。',
        category: 'guarding',
        area: '3号冲压线',
        orgUnitId: employee.orgUnitId,
        suspectedSeverity: 'high',
        evidenceIds: [],
        reporterUserId: employee.id,
        reporterPersonId: employee.personId,
        reporterUsername: employee.username,
        reportedAt: new Date().toISOString(),
      },
      policy: policy.document,
      policyVersion: policy.version,
    };
    await startOnce(HazardWorkflow, hazardWorkflowId(hazardId), input);
    await insertHazardProjection(ds.manager, input.report, hazardWorkflowId(hazardId), policy.version);
  }

  const stamping = await ds.getRepository(OrgUnit).findOneBy({ code: 'DEMO-WS-STAMPING' });
  const plant = await ds.getRepository(OrgUnit).findOneBy({ code: 'DEMO-PLANT' });
  if (stamping && plant) {
    const assessmentId = '00000000-0000-4000-8000-000000000201';
    const input: RiskAssessmentInput = {
      request: {
        assessmentId,
        title: '冲压线季度风险评估',
        area: '冲压车间',
        orgUnitId: stamping.id,
        departments: [...RISK_INPUT_DEPARTMENTS],
        initiatedBy: 'safety',
        startedAt: new Date().toISOString(),
        scheduleId: null,
      },
      policy: policy.document,
      policyVersion: policy.version,
    };
    const workflowId = riskAssessmentWorkflowId(assessmentId);
    await startOnce(RiskAssessmentWorkflow, workflowId, input);
    await insertRiskProjection(ds.manager, input.request, workflowId, plant.id, policy.version);
    await createRiskSchedule(
      client,
      taskQueue,
      {
        title: '月度联合风险评估',
        area: '苏州工厂',
        orgUnitId: plant.id,
        departments: [...RISK_INPUT_DEPARTMENTS],
        dayOfMonth: 1,
        time: '08:00',
        timeZone: 'Asia/Shanghai',
        paused: false,
      },
      'demo schedule',
    );
  }
}
