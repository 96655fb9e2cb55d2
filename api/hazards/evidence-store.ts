import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { Evidence } from '../../db/entities';
import { AppError, ValidationError } from '../platform/errors';
import type { Principal } from '../platform/route';

/**
 * Evidence files (photos, documents): stored once under their SHA-256 in EVIDENCE_DIR, with type
 * and size limits; the declared type must match the file's magic bytes.
 */
export const EVIDENCE_TYPES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export class EvidenceStore {
  constructor(
    private readonly ds: DataSource,
    private readonly dir: string,
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  async save(p: Principal, body: unknown, mimeType: string, fileName: string): Promise<Evidence> {
    if (!Buffer.isBuffer(body) || body.length === 0) throw new ValidationError([{ path: 'body', message: 'send the file as the request body' }]);
    const check = EVIDENCE_TYPES[mimeType];
    if (!check) throw new AppError(415, 'unsupported_type', `Only ${Object.keys(EVIDENCE_TYPES).join(', ')} are accepted`);
    if (!check(body)) throw new ValidationError([{ path: 'body', message: `the content is not a ${mimeType} file` }]);
    const id = createHash('sha256').update(body).digest('hex');
    const file = path.join(this.dir, id);
    if (!fs.existsSync(file)) {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, body);
      fs.renameSync(tmp, file);
    }
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(Evidence)
      .values({ id, fileName: fileName.slice(0, 255) || 'file', mimeType, size: body.length, uploadedBy: p.username, orgUnitId: p.orgUnitId })
      .orIgnore()
      .execute();
    return this.ds.getRepository(Evidence).findOneByOrFail({ id });
  }

  async read(id: string): Promise<{ meta: Evidence; file: string } | null> {
    const meta = await this.ds.getRepository(Evidence).findOneBy({ id });
    const file = path.join(this.dir, id);
    return meta && fs.existsSync(file) ? { meta, file } : null;
  }

  /** Throws 400 naming the field when some ids are not uploaded evidence. */
  async assertExist(ids: string[], fieldPath: string): Promise<void> {
    if (!ids.length) return;
    const found = await this.ds.getRepository(Evidence).findBy({ id: In(ids) });
    const missing = ids.filter((i) => !found.some((f) => f.id === i));
    if (missing.length) throw new ValidationError([{ path: fieldPath, message: `unknown evidence: ${missing.join(', ')}` }]);
  }
}
