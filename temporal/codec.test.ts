import fc from 'fast-check';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { decodePayloadsIn, EncryptionCodec, newKeySpec, parseKeyRing, type CryptoProfile } from './codec';

const ring = (spec: string) => parseKeyRing(spec);
const toPayload = (v: unknown) => defaultPayloadConverter.toPayload(v)!;
const fromPayload = (p: Payload) => defaultPayloadConverter.fromPayload(p);
const PERSON = { email: 'zhang.wei@plant.example.cn', name: '张伟', injury: 'left hand laceration', score: 87.5 };

describe.each<CryptoProfile>(['aes', 'gm'])('payload codec, profile %s', (profile) => {
  const keys = ring(`${newKeySpec('k2')},${newKeySpec('k1')}`);
  const codec = new EncryptionCodec(keys, profile);

  it('round-trips any JSON value and leaves nothing of it in clear', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (v) => {
        const [enc] = await codec.encode([toPayload(v)]);
        const [dec] = await codec.decode([enc]);
        expect(fromPayload(dec)).toEqual(fromPayload(toPayload(v)));
      }),
      { numRuns: 60 },
    );
    const [enc] = await codec.encode([toPayload(PERSON)]);
    const bytes = Buffer.from(enc.data!).toString('latin1') + Buffer.from(enc.data!).toString('utf8');
    for (const secret of ['zhang.wei', '张伟', 'laceration', '87.5', 'json/plain']) expect(bytes).not.toContain(secret);
    expect(Buffer.from(enc.metadata!['encryption-key-id']!).toString()).toBe('k2');
    expect(Buffer.from(enc.metadata!['encryption-cipher']!).toString()).toBe(profile === 'gm' ? 'SM4-CTR+HMAC-SM3' : 'AES-256-GCM');
  });

  it('decodes what an older key or the other profile wrote, and plain payloads as they are', async () => {
    const older = new EncryptionCodec({ keys: keys.keys, active: 'k1' }, profile === 'gm' ? 'aes' : 'gm');
    const [enc] = await older.encode([toPayload(PERSON)]);
    expect(fromPayload((await codec.decode([enc]))[0])).toEqual(PERSON);
    const plain = toPayload('written before encryption');
    expect((await codec.decode([plain]))[0]).toBe(plain);
  });

  it('refuses a tampered payload and a key it does not hold', async () => {
    const [enc] = await codec.encode([toPayload(PERSON)]);
    const data = Buffer.from(enc.data!);
    data[data.length - 40] ^= 1;
    await expect(codec.decode([{ ...enc, data }])).rejects.toThrow();
    const stranger = new EncryptionCodec(ring(newKeySpec('k9')), profile);
    await expect(stranger.decode([enc])).rejects.toThrow(/key "k2", which is not in PAYLOAD_KEYS/);
  });

  it('decodes every encrypted payload nested anywhere in a history', async () => {
    const [a, b] = await codec.encode([toPayload({ reason: 'unfair score' }), toPayload(PERSON)]);
    const history = { started: { input: { payloads: [a] } }, signalled: { memo: { fields: { who: b } } }, plain: toPayload(1) };
    const out = await decodePayloadsIn(history, codec);
    expect(fromPayload(out.started.input.payloads[0])).toEqual({ reason: 'unfair score' });
    expect(fromPayload(out.signalled.memo.fields.who)).toEqual(PERSON);
    expect(fromPayload(out.plain)).toBe(1);
  });
});

describe('PAYLOAD_KEYS', () => {
  it('takes the first key as the active one and rejects malformed rings', () => {
    const r = parseKeyRing(` ${newKeySpec('new')} , ${newKeySpec('old')} `);
    expect(r.active).toBe('new');
    expect([...r.keys.keys()]).toEqual(['new', 'old']);
    expect(() => parseKeyRing('')).toThrow(/no key/);
    expect(() => parseKeyRing('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parseKeyRing('bad id:' + Buffer.alloc(32).toString('base64'))).toThrow(/id:base64key/);
    const k = newKeySpec('dup');
    expect(() => parseKeyRing(`${k},${k}`)).toThrow(/twice/);
  });
});
