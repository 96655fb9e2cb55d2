import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Role } from '../../domain/org';
import { UnauthorizedError } from '../platform/errors';

/** Bearer tokens: HS256 JWTs carrying the user id and an expiry; roles are re-read per request. */
export class TokenService {
  /** A key object made once: given the bare string, jsonwebtoken first tries (and fails) to read it as a public key on every call. */
  private readonly key: KeyObject;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  async issue(user: { id: string; username: string; roles: Role[] }): Promise<{ token: string; expiresAt: string }> {
    const exp = Math.floor(Date.now() / 1000) + this.ttlSeconds;
    const token = jwt.sign({ username: user.username, roles: user.roles, exp }, this.key, { algorithm: 'HS256', subject: user.id, issuer: 'safeloop' });
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(token: string): Promise<{ userId: string }> {
    try {
      const payload = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: 'safeloop' });
      if (typeof payload === 'string' || !payload.sub) throw new Error('no subject');
      return { userId: payload.sub };
    } catch (err) {
      throw new UnauthorizedError(err instanceof jwt.TokenExpiredError ? 'Token expired' : 'Invalid token');
    }
  }
}
