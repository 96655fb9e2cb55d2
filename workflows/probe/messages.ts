import { defineQuery } from '@temporalio/workflow';

/**
 * The probe: the smallest real round trip (API → Temporal → worker → activity → database).
 * It proves the platform loop and backs the deep health check.
 */
export interface ProbeInput {
  probeId: string;
  message: string;
  requestedBy: string | null;
}

export type ProbeStatus = 'recording' | 'recorded';

export interface ProbeResult {
  workflowId: string;
  recordedAt: string;
}

export const probeStatusQuery = defineQuery<ProbeStatus>('status');

export function probeWorkflowId(probeId: string): string {
  return `Probe:${probeId}`;
}
