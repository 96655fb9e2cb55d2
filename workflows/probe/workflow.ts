import { proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ProbeActivities } from '../../activities/probe';
import { SA } from '../shared/search-attributes';
import { probeStatusQuery, type ProbeInput, type ProbeResult, type ProbeStatus } from './messages';

const { recordProbe } = proxyActivities<ProbeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function ProbeWorkflow(input: ProbeInput): Promise<ProbeResult> {
  let status: ProbeStatus = 'recording';
  setHandler(probeStatusQuery, () => status);
  upsertSearchAttributes([
    { key: SA.processType, value: 'probe' },
    { key: SA.status, value: status },
  ]);

  const { workflowId } = workflowInfo();
  const recordedAt = await recordProbe({ workflowId, message: input.message, requestedBy: input.requestedBy });

  status = 'recorded';
  upsertSearchAttributes([{ key: SA.status, value: status }]);
  return { workflowId, recordedAt };
}
