import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/**
 * Encrypts every Temporal payload SafeLoop writes (workflow and activity inputs and results,
 * signals, updates, queries, memos, failure details) before it leaves the process, so the
 * Temporal server, its database and anyone with the Temporal UI see ciphertext: e-mail addresses,
 * names, injuries, scores and appeal reasons stay in SafeLoop's own database and processes.
 *
 * Two profiles (CRYPTO_PROFILE):
 * - `aes` (default): AES-256-GCM, a random 96-bit IV per payload, the key id as associated data;
 * - `gm` (国密): SM4 in CTR mode with an HMAC-SM3 tag over the cipher name, key id, IV and
 *   ciphertext (encrypt-then-MAC; Node's OpenSSL has SM4 and SM3 but no SM4-GCM), the SM4 and MAC
 *   keys derived from the 256-bit key by HKDF-SM3.
 *
 * Keys have ids; the first key of the ring encrypts, every key decrypts (rotation: put a new key
 * first, keep the old ones until the histories they encrypted are past retention). A payload
 * records its cipher and key id in its metadata, so a history written under an older key or the
 * other profile still decodes, and a payload that is not encrypted (written before encryption was
 * switched on) passes through unchanged.
 */
export type CryptoProfile = 'aes' | 'gm';

export interface KeyRing {
  /** Key id → 32 bytes. Ids are short printable strings (they are stored in every payload). */
  keys: Map<string, Buffer>;
  /** The id of the key that encrypts. */
  active: string;
}

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const CIPHERS = { aes: 'AES-256-GCM', gm: 'SM4-CTR+HMAC-SM3' } as const;
type CipherName = (typeof CIPHERS)[CryptoProfile];

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

/** `id:base64,id:base64…` (PAYLOAD_KEYS) → a key ring whose first key encrypts. */
export function parseKeyRing(spec: string): KeyRing {
  const keys = new Map<string, Buffer>();
  let active: string | null = null;
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z0-9._-]{1,32}):(.+)$/.exec(part);
    if (!m) throw new Error('PAYLOAD_KEYS must be "id:base64key[,id:base64key…]" with ids of letters, digits, ".", "_" or "-"');
    const key = Buffer.from(m[2], 'base64');
    if (key.length !== 32) throw new Error(`PAYLOAD_KEYS: key "${m[1]}" must be 32 bytes (base64 of 32 random bytes), it has ${key.length}`);
    if (keys.has(m[1])) throw new Error(`PAYLOAD_KEYS: key id "${m[1]}" appears twice`);
    keys.set(m[1], key);
    active ??= m[1];
  }
  if (!active) throw new Error('PAYLOAD_KEYS holds no key');
  return { keys, active };
}

/** A new key in PAYLOAD_KEYS form (`id:base64`). */
export function newKeySpec(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

function gmKeys(key: Buffer, keyId: string): { enc: Buffer; mac: Buffer } {
  const okm = Buffer.from(hkdfSync('sm3', key, utf8(keyId), utf8('safeloop payload sm4 + hmac-sm3'), 48));
  return { enc: okm.subarray(0, 16), mac: okm.subarray(16) };
}

function seal(cipher: CipherName, key: Buffer, keyId: string, plain: Uint8Array): Buffer {
  if (cipher === 'AES-256-GCM') {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(utf8(keyId));
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, body, c.getAuthTag()]);
  }
  const { enc, mac } = gmKeys(key, keyId);
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-ctr', enc, iv);
  const body = Buffer.concat([c.update(plain), c.final()]);
  const tag = createHmac('sm3', mac)
    .update(utf8(`${cipher}\n${keyId}\n`))
    .update(iv)
    .update(body)
    .digest();
  return Buffer.concat([iv, body, tag]);
}

function open(cipher: CipherName, key: Buffer, keyId: string, data: Buffer): Buffer {
  if (cipher === 'AES-256-GCM') {
    if (data.length < 28) throw new Error('encrypted payload too short');
    const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
    d.setAAD(utf8(keyId));
    d.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([d.update(data.subarray(12, data.length - 16)), d.final()]);
  }
  if (data.length < 48) throw new Error('encrypted payload too short');
  const { enc, mac } = gmKeys(key, keyId);
  const iv = data.subarray(0, 16);
  const body = data.subarray(16, data.length - 32);
  const tag = data.subarray(data.length - 32);
  const expected = createHmac('sm3', mac)
    .update(utf8(`${cipher}\n${keyId}\n`))
    .update(iv)
    .update(body)
    .digest();
  if (!timingSafeEqual(tag, expected)) throw new Error('encrypted payload failed its HMAC-SM3 check (tampered, or another key)');
  const d = createDecipheriv('sm4-ctr', enc, iv);
  return Buffer.concat([d.update(body), d.final()]);
}

export class EncryptionCodec implements PayloadCodec {
  readonly cipher: CipherName;
  constructor(
    private readonly ring: KeyRing,
    readonly profile: CryptoProfile = 'aes',
  ) {
    this.cipher = CIPHERS[profile];
    if (!ring.keys.has(ring.active)) throw new Error(`the active payload key "${ring.active}" is not in the ring`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.ring.active;
    const key = this.ring.keys.get(keyId)!;
    return payloads.map((p) => ({
      metadata: {
        encoding: utf8(ENCRYPTED_ENCODING),
        'encryption-cipher': utf8(this.cipher),
        'encryption-key-id': utf8(keyId),
      },
      data: seal(this.cipher, key, keyId, temporal.api.common.v1.Payload.encode(p).finish()),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (text(p.metadata?.encoding) !== ENCRYPTED_ENCODING) return p;
      const keyId = text(p.metadata?.['encryption-key-id']) ?? '';
      const cipher = (text(p.metadata?.['encryption-cipher']) ?? 'AES-256-GCM') as CipherName;
      if (!Object.values(CIPHERS).includes(cipher)) throw new Error(`unknown payload cipher "${cipher}"`);
      const key = this.ring.keys.get(keyId);
      if (!key) throw new Error(`payload encrypted with key "${keyId}", which is not in PAYLOAD_KEYS (rotated out too early?)`);
      const decoded = temporal.api.common.v1.Payload.decode(open(cipher, key, keyId, Buffer.from(p.data ?? new Uint8Array())));
      return { metadata: decoded.metadata, data: decoded.data };
    });
  }
}

/** Is this object a Temporal payload (proto shape: metadata of byte strings, data bytes)? */
function isPayload(v: unknown): v is Payload {
  if (!v || typeof v !== 'object') return false;
  const m = (v as { metadata?: unknown }).metadata;
  return !!m && typeof m === 'object' && (m as Record<string, unknown>).encoding instanceof Uint8Array;
}

/**
 * Decodes, in place, every encrypted payload anywhere in a fetched history (inputs, results,
 * memos, signals, updates, failure details, search attributes stay as they are: they are not
 * encoded). Used where the code reads a history itself instead of through the client's converter
 * (the auditor's process timeline).
 */
export async function decodePayloadsIn<T>(value: T, codec: PayloadCodec | null): Promise<T> {
  if (!codec) return value;
  const found: { holder: Record<string | number, unknown>; key: string | number; payload: Payload }[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object' || seen.has(node) || node instanceof Uint8Array) return;
    seen.add(node);
    for (const [k, child] of Object.entries(node as Record<string, unknown>)) {
      if (isPayload(child)) {
        if (text(child.metadata!.encoding) === ENCRYPTED_ENCODING) found.push({ holder: node as Record<string, unknown>, key: k, payload: child });
      } else walk(child);
    }
  };
  walk(value);
  if (!found.length) return value;
  const decoded = await codec.decode(found.map((f) => f.payload));
  found.forEach((f, i) => {
    f.holder[f.key] = decoded[i];
  });
  return value;
}

/** A workflow run's history with its payloads decoded by the client's codecs (what the SDK itself does before converting). */
export async function fetchDecodedHistory(client: Client, workflowId: string, runId?: string): Promise<temporal.api.history.v1.IHistory> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  for (const codec of [...(client.options.loadedDataConverter.payloadCodecs ?? [])].reverse()) await decodePayloadsIn(history, codec);
  return history;
}
