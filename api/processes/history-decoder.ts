import type { temporal } from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal as proto } from '@temporalio/proto';
import type { HistoryEventLite } from '../../domain/process-history';

type Payloads = temporal.api.common.v1.IPayloads | null | undefined;

function decode(payloads: Payloads): unknown[] {
  return (payloads?.payloads ?? []).map((p) => {
    try {
      return defaultPayloadConverter.fromPayload(p);
    } catch {
      return '(undecodable payload)';
    }
  });
}

const num = (v: unknown): number => Number(v === null || v === undefined ? 0 : String(v));

/**
 * Temporal history events → the small, decoded shape the timeline renderer reads (payloads as
 * JSON values through the default converter, times as ISO strings).
 */
export function decodeHistory(history: temporal.api.history.v1.IHistory): HistoryEventLite[] {
  const names = proto.api.enums.v1.EventType;
  return (history.events ?? []).map((e) => {
    const type = (names[e.eventType ?? 0] ?? 'UNSPECIFIED').replace(/^EVENT_TYPE_/, '');
    const at = new Date(optionalTsToMs(e.eventTime) ?? 0).toISOString();
    let attrs: Record<string, unknown> = {};
    if (e.workflowExecutionStartedEventAttributes) {
      const a = e.workflowExecutionStartedEventAttributes;
      const memo = Object.fromEntries(Object.entries(a.memo?.fields ?? {}).map(([k, p]) => [k, decode({ payloads: [p] })[0]]));
      const scheduleField = a.searchAttributes?.indexedFields?.TemporalScheduledById;
      attrs = {
        workflowType: a.workflowType?.name,
        input: decode(a.input),
        identity: a.identity,
        memo,
        // A child process names its parent; a run started by a Temporal Schedule names the schedule.
        parentWorkflowId: a.parentWorkflowExecution?.workflowId ?? null,
        scheduleId: scheduleField ? decode({ payloads: [scheduleField] })[0] : null,
      };
    } else if (e.activityTaskScheduledEventAttributes) {
      const a = e.activityTaskScheduledEventAttributes;
      attrs = { activityType: a.activityType?.name, input: decode(a.input) };
    } else if (e.markerRecordedEventAttributes) {
      // A local activity's marker: `data` names the activity (activity_type), `result` is what it returned.
      const a = e.markerRecordedEventAttributes;
      const details = Object.fromEntries(Object.entries(a.details ?? {}).map(([k, p]) => [k, decode(p)[0]]));
      const data = details.data && typeof details.data === 'object' ? (details.data as Record<string, unknown>) : {};
      attrs = { markerName: a.markerName, activityType: data.activity_type ?? null, result: details.result ?? null, failed: !!a.failure };
    } else if (e.activityTaskStartedEventAttributes) {
      const a = e.activityTaskStartedEventAttributes;
      attrs = { scheduledEventId: num(a.scheduledEventId), attempt: a.attempt };
    } else if (e.activityTaskCompletedEventAttributes) {
      const a = e.activityTaskCompletedEventAttributes;
      attrs = { scheduledEventId: num(a.scheduledEventId), result: decode(a.result)[0] };
    } else if (e.activityTaskFailedEventAttributes) {
      const a = e.activityTaskFailedEventAttributes;
      // The activity's own error sits one level down (`ActivityFailure` → `ApplicationFailure`) in some SDKs.
      const app = a.failure?.applicationFailureInfo ? a.failure : a.failure?.cause;
      attrs = {
        scheduledEventId: num(a.scheduledEventId),
        message: a.failure?.message,
        nonRetryable: app?.applicationFailureInfo?.nonRetryable ?? false,
        retryState: proto.api.enums.v1.RetryState[a.retryState ?? 0]?.replace(/^RETRY_STATE_/, '') ?? null,
      };
    } else if (e.activityTaskTimedOutEventAttributes) {
      const a = e.activityTaskTimedOutEventAttributes;
      attrs = { scheduledEventId: num(a.scheduledEventId), message: a.failure?.message ?? 'timed out' };
    } else if (e.timerStartedEventAttributes) {
      const a = e.timerStartedEventAttributes;
      attrs = { timerId: a.timerId, startToFireTimeoutMs: optionalTsToMs(a.startToFireTimeout) ?? 0 };
    } else if (e.timerFiredEventAttributes) {
      attrs = { timerId: e.timerFiredEventAttributes.timerId };
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const a = e.workflowExecutionUpdateAcceptedEventAttributes;
      attrs = { name: a.acceptedRequest?.input?.name, args: decode(a.acceptedRequest?.input?.args), identity: a.acceptedRequest?.meta?.identity };
    } else if (e.workflowExecutionSignaledEventAttributes) {
      const a = e.workflowExecutionSignaledEventAttributes;
      attrs = { signalName: a.signalName, input: decode(a.input), identity: a.identity };
    } else if (e.workflowExecutionCancelRequestedEventAttributes) {
      const a = e.workflowExecutionCancelRequestedEventAttributes;
      attrs = { cause: a.cause, identity: a.identity };
    } else if (e.startChildWorkflowExecutionInitiatedEventAttributes) {
      const a = e.startChildWorkflowExecutionInitiatedEventAttributes;
      attrs = { workflowId: a.workflowId, workflowType: a.workflowType?.name, input: decode(a.input) };
    } else if (e.workflowExecutionFailedEventAttributes) {
      attrs = { message: e.workflowExecutionFailedEventAttributes.failure?.message };
    } else if (e.workflowExecutionTerminatedEventAttributes) {
      const a = e.workflowExecutionTerminatedEventAttributes;
      attrs = { reason: a.reason, identity: a.identity };
    }
    return { id: num(e.eventId), at, type, attrs };
  });
}
