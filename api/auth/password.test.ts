import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('stores a salted scrypt hash, never the password, and verifies it', async () => {
    const a = await hashPassword('safeloop-demo');
    const b = await hashPassword('safeloop-demo');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toContain('safeloop-demo');
    expect(a).not.toBe(b);
    expect(await verifyPassword('safeloop-demo', a)).toBe(true);
    expect(await verifyPassword('safeloop-demo!', a)).toBe(false);
    expect(await verifyPassword('safeloop-demo', 'plain-text')).toBe(false);
  });
});
