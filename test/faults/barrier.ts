import type { Checkpoint, Hook, ProcessType } from './drivers';

/**
 * Holds the drivers at their checkpoints: `reached(point)` resolves once every driver that takes
 * part in that checkpoint arrived there; `release(point)` lets them go on. This is how a test
 * kills a worker while every process is in the middle of its run.
 */
export function checkpoints(parts: Record<Checkpoint, ProcessType[]>) {
  const state = new Map<Checkpoint, { arrived: Set<ProcessType>; all: () => void; reached: Promise<void>; release: () => void; released: Promise<void> }>();
  for (const point of Object.keys(parts) as Checkpoint[]) {
    let all!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((r) => (all = r));
    const released = new Promise<void>((r) => (release = r));
    state.set(point, { arrived: new Set(), all, reached, release, released });
  }
  return {
    hook(type: ProcessType): Hook {
      return async (point) => {
        const s = state.get(point)!;
        if (!parts[point].includes(type)) return;
        s.arrived.add(type);
        if (parts[point].every((t) => s.arrived.has(t))) s.all();
        await s.released;
      };
    },
    reached: (point: Checkpoint) => state.get(point)!.reached,
    release: (point: Checkpoint) => state.get(point)!.release(),
    /** Who has not arrived yet (for a timeout message). */
    missing: (point: Checkpoint) => parts[point].filter((t) => !state.get(point)!.arrived.has(t)),
  };
}
