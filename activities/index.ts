import type { ActivityDeps } from './deps';
import { createProbeActivities } from './probe';

export type { ActivityDeps };

/** All activities, built from their factories with injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createProbeActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
