import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ApiKey } from '../../db/entities';
import { UnauthorizedError } from '../platform/errors';

/**
 * API keys for machine clients: `sl_<prefix>_<secret>`. Only the SHA-256 of the secret is
 * stored; the key acts with the roles and scope of its user.
 */
export function newApiKey(): { prefix: string; secret: string; key: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  return { prefix, secret, key: `sl_${prefix}_${secret}`, secretHash: sha256(secret) };
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Returns the key's row when the presented key is valid and not revoked; otherwise 401. */
export async function verifyApiKey(ds: DataSource, presented: string): Promise<ApiKey> {
  const m = /^sl_([0-9a-f]{12})_([A-Za-z0-9_-]{20,64})$/.exec(presented.trim());
  if (!m) throw new UnauthorizedError('Malformed API key');
  const row = await ds.getRepository(ApiKey).findOneBy({ prefix: m[1] });
  const expected = Buffer.from(row?.secretHash ?? '0'.repeat(64), 'hex');
  const actual = Buffer.from(sha256(m[2]), 'hex');
  if (!row || !timingSafeEqual(expected, actual) || row.revokedAt) throw new UnauthorizedError('Invalid or revoked API key');
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await ds.getRepository(ApiKey).update({ id: row.id }, { lastUsedAt: new Date() });
  }
  return row;
}
