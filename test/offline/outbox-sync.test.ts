import type { OutboxStore } from '../../web/src/shared/offline/store';
import { syncOutbox, withSyncLock, type FailureKind, type HazardSyncResult, type OutboxTransport } from '../../web/src/shared/offline/sync';
import type { OutboxItem, SentItem } from '../../web/src/shared/offline/types';

/**
 * The phone's queue logic (web/src/shared/offline/sync.ts) against a store and a transport of the
 * test's own: what is sent in which order, what leaves the queue (only what the server confirmed),
 * what stays (refusals with their reason, server errors to retry, everything once the network is
 * gone), and that two runs never overlap.
 */

class MemoryStore implements OutboxStore {
  items = new Map<string, OutboxItem>();
  sentItems = new Map<string, SentItem>();
  async list(owner: string) {
    return [...this.items.values()].filter((i) => i.owner === owner).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
  async put(item: OutboxItem) {
    this.items.set(item.id, structuredClone(item));
  }
  async remove(id: string) {
    this.items.delete(id);
  }
  async confirm(id: string, sent: SentItem) {
    this.items.delete(id);
    this.sentItems.set(id, sent);
  }
  async sent(owner: string) {
    return [...this.sentItems.values()].filter((s) => s.owner === owner);
  }
  async clearSent() {
    this.sentItems.clear();
  }
}

class Failure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** A server in memory: hazards by reportId, evidence by content, completions by task; `fail` makes a call fail. */
function fakeServer() {
  const calls: string[] = [];
  const hazards = new Map<string, Record<string, unknown>>();
  const evidence = new Set<string>();
  const completed = new Map<string, unknown>();
  const emergencies = new Set<string>();
  const fail: Record<string, FailureKind | undefined> = {};
  const check = (call: string) => {
    calls.push(call);
    const kind = fail[call];
    if (kind) throw new Failure(kind, `${call} failed (${kind})`);
  };
  const transport: OutboxTransport = {
    async uploadEvidence(blob, name) {
      check(`upload ${name}`);
      const id = `sha-${await blob.text()}`;
      evidence.add(id);
      return { id };
    },
    async syncHazards(reports) {
      check('sync');
      return {
        results: reports.map((r, index): HazardSyncResult => {
          const reportId = String(r.reportId);
          if (!r.title) return { index, reportId, status: 'invalid', errors: [{ path: `body.reports.${index}.title`, message: 'Required' }] };
          const exists = hazards.has(reportId);
          if (!exists) hazards.set(reportId, r);
          return { index, reportId, status: exists ? 'exists' : 'created', hazardId: `h-${reportId}` };
        }),
      };
    },
    async completeTask(taskId, payload) {
      check(`complete ${taskId}`);
      if (!completed.has(taskId)) completed.set(taskId, payload);
      return {};
    },
    async recordInspection(body) {
      check(`inspection ${String(body.inspectionId)}`);
      return {};
    },
    async raiseEmergency(body) {
      check(`emergency ${String(body.emergencyId)}`);
      const created = !emergencies.has(String(body.emergencyId));
      emergencies.add(String(body.emergencyId));
      return { emergencyId: String(body.emergencyId), created };
    },
    classify: (err) => (err instanceof Failure ? { kind: err.kind, message: err.message } : { kind: 'retry', message: String(err) }),
    now: () => new Date('2026-12-06T12:00:00Z'),
  };
  return { transport, calls, hazards, evidence, completed, emergencies, fail };
}

let seq = 0;
function item(kind: OutboxItem['kind'], id: string, extra: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id,
    kind,
    owner: 'u1',
    title: id,
    createdAt: `2026-12-06T10:00:${String(seq++ % 60).padStart(2, '0')}Z`,
    state: 'waiting',
    attempts: 0,
    body:
      kind === 'hazard'
        ? { reportId: id, title: `Hazard ${id}`, evidenceIds: [] }
        : kind === 'task'
          ? { taskId: id.slice(5), payload: { ok: true } }
          : { emergencyId: id },
    ...extra,
  };
}
const photo = (name: string) => ({ name, blob: new Blob([name]) });

describe('the offline queue (web/src/shared/offline/sync.ts)', () => {
  it('sends the alarm first, photos before their report, reports in one batch; confirmed items leave the queue with their results', async () => {
    const store = new MemoryStore();
    const server = fakeServer();
    await store.put(item('hazard', 'r1', { files: [photo('a.png'), photo('b.png')] }));
    await store.put(item('task', 'task:t1'));
    await store.put(item('hazard', 'r2', { files: [photo('c.png')] }));
    await store.put(item('emergency', 'e1'));
    await store.put(item('hazard', 'other', { owner: 'u2' })); // someone else's: not this session's to send

    const outcome = await syncOutbox(store, server.transport, 'u1');

    expect(outcome).toEqual({ sent: 4, refused: 0, stopped: null, waiting: 0 });
    expect(server.calls).toEqual(['emergency e1', 'upload a.png', 'upload b.png', 'upload c.png', 'sync', 'complete t1']);
    expect(server.hazards.get('r1')).toMatchObject({ evidenceIds: ['sha-a.png', 'sha-b.png'] });
    expect(server.hazards.get('r2')).toMatchObject({ evidenceIds: ['sha-c.png'] });
    expect([...store.items.keys()]).toEqual(['other']);
    expect(await store.sent('u1')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'e1', result: 'created', link: '/emergencies/e1' }),
        expect.objectContaining({ id: 'r1', result: 'created', link: '/hazards/h-r1' }),
        expect.objectContaining({ id: 'r2', result: 'created' }),
        expect.objectContaining({ id: 'task:t1', result: 'done' }),
      ]),
    );
  });

  it('stops when the network goes, keeping what was done: an uploaded photo is not uploaded again, nothing is lost or sent twice', async () => {
    const store = new MemoryStore();
    const server = fakeServer();
    await store.put(item('hazard', 'r1', { files: [photo('a.png'), photo('b.png')] }));
    await store.put(item('task', 'task:t1'));
    server.fail['upload b.png'] = 'offline';

    const first = await syncOutbox(store, server.transport, 'u1');
    expect(first).toEqual({ sent: 0, refused: 0, stopped: 'offline', waiting: 2 });
    expect(server.calls).toEqual(['upload a.png', 'upload b.png']);
    const kept = store.items.get('r1')!;
    expect(kept.body.evidenceIds).toEqual(['sha-a.png']);
    expect(kept.files!.map((f) => f.name)).toEqual(['b.png']);

    // The network is back.
    delete server.fail['upload b.png'];
    server.calls.length = 0;
    expect(await syncOutbox(store, server.transport, 'u1')).toEqual({ sent: 2, refused: 0, stopped: null, waiting: 0 });
    expect(server.calls).toEqual(['upload b.png', 'sync', 'complete t1']);
    expect(server.hazards.get('r1')).toMatchObject({ evidenceIds: ['sha-a.png', 'sha-b.png'] });
  });

  it('an answer lost on the way back: the resend is taken as already there and still leaves the queue', async () => {
    const store = new MemoryStore();
    const server = fakeServer();
    await store.put(item('hazard', 'r1'));
    server.hazards.set('r1', { reportId: 'r1' }); // the first send arrived, its answer did not
    await syncOutbox(store, server.transport, 'u1');
    expect(store.items.size).toBe(0);
    expect(store.sentItems.get('r1')).toMatchObject({ result: 'exists', link: '/hazards/h-r1' });
    expect(server.hazards.size).toBe(1);
  });

  it('a refusal stays visible with its reason and is not sent again until retried; a server error is retried next time', async () => {
    const store = new MemoryStore();
    const server = fakeServer();
    await store.put(item('hazard', 'bad', { body: { reportId: 'bad', title: '', evidenceIds: [] } }));
    await store.put(item('task', 'task:t1'));
    await store.put(item('task', 'task:t2'));
    server.fail['complete t1'] = 'refused';
    server.fail['complete t2'] = 'retry';

    const outcome = await syncOutbox(store, server.transport, 'u1');
    expect(outcome).toEqual({ sent: 0, refused: 2, stopped: null, waiting: 1 });
    expect(store.items.get('bad')).toMatchObject({ state: 'invalid', attempts: 1, error: 'Required' });
    expect(store.items.get('task:t1')).toMatchObject({ state: 'invalid', error: 'complete t1 failed (refused)' });
    expect(store.items.get('task:t2')).toMatchObject({ state: 'waiting', attempts: 1, error: 'complete t2 failed (retry)' });

    server.calls.length = 0;
    delete server.fail['complete t2'];
    await syncOutbox(store, server.transport, 'u1');
    expect(server.calls).toEqual(['complete t2']); // the refused ones wait for the user
    expect([...store.items.keys()].sort()).toEqual(['bad', 'task:t1']);
  });

  it('a lost session stops the run and keeps everything for the next sign-in', async () => {
    const store = new MemoryStore();
    const server = fakeServer();
    await store.put(item('emergency', 'e1'));
    await store.put(item('task', 'task:t1'));
    server.fail['emergency e1'] = 'signedOut';
    expect(await syncOutbox(store, server.transport, 'u1')).toEqual({ sent: 0, refused: 0, stopped: 'signedOut', waiting: 2 });
    expect(server.calls).toEqual(['emergency e1']);
  });

  it('two runs at once: the second is skipped', async () => {
    let release!: () => void;
    const first = withSyncLock(() => new Promise<string>((resolve) => (release = () => resolve('first'))));
    expect(await withSyncLock(async () => 'second')).toBeNull();
    release();
    expect(await first).toBe('first');
    expect(await withSyncLock(async () => 'third')).toBe('third');
  });
});
