import { isNetworkFailure } from './outbox';
import { deviceCopies } from './store';

/**
 * Reference data on the device (issue 20: an inspection recorded on the shop floor without a
 * network, even when its form was never opened online): what a form chooses from — the inspection
 * templates, the org tree — is kept per user in IndexedDB each time it is read online (and once
 * after each online start, ./prime.ts), and used when a read finds no network.
 */

/**
 * `load`, with the answer kept on the device as `name` for `owner`; without a network, the copy
 * kept last (when there is none, the network failure). Other failures (a refusal, a server error)
 * are the caller's, as before.
 */
export async function withDeviceCopy<T>(owner: string, name: string, load: () => Promise<T>): Promise<T> {
  try {
    const data = await load();
    // No IndexedDB (some private modes): nothing kept, the answer is still the answer.
    await deviceCopies.put(owner, name, data).catch(() => undefined);
    return data;
  } catch (err) {
    if (!isNetworkFailure(err)) throw err;
    const copy = await deviceCopies.get(owner, name).catch(() => undefined);
    if (!copy) throw err;
    return copy.data as T;
  }
}
