import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Payload } from '@temporalio/common';
import type { NextFunction, Request, Response, Router } from 'express';
import type { ApiDeps } from '../platform/deps';
import { z } from '../platform/openapi';
import { ValidationError } from '../platform/errors';
import { defineRoute } from '../platform/route';

/**
 * Temporal's remote codec protocol for the Temporal UI and CLI (`--codec-endpoint`): payloads in,
 * payloads out, as JSON with base64 bytes. The UI shows what the client's codec decodes
 * (temporal/codec.ts), to the people who may read process internals: admins, the safety hub and
 * auditors (decode); only admins encode (the UI encodes what it sends, e.g. a signal's input).
 *
 * The UI calls it from another origin, with the signed-in app's cookie (set at login for this path
 * only, HttpOnly, SameSite=Strict) when its Data Encoder setting includes credentials, or with a
 * bearer token; `codecCors` answers its preflight.
 */
export const CODEC_PATH = '/api/temporal/codec';
export const CODEC_COOKIE = 'safeloop_codec';

const WirePayload = z
  .object({
    metadata: z.record(z.string(), z.string().max(1000)).default({}),
    data: z.string().max(4_000_000).optional(),
  })
  .strict()
  .openapi('CodecPayload');
const WirePayloads = z
  .object({ payloads: z.array(WirePayload).max(1000) })
  .strict()
  .openapi('CodecPayloads');
type Wire = z.infer<typeof WirePayload>;

const fromWire = (p: Wire): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toWire = (p: Payload): Wire => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export function codecRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  const codecs = () => deps.temporal.client.options.loadedDataConverter.payloadCodecs ?? [];
  const run = async (payloads: Wire[], way: 'encode' | 'decode') => {
    let ps = payloads.map(fromWire);
    const chain = way === 'encode' ? codecs() : [...codecs()].reverse();
    try {
      for (const c of chain) ps = await c[way](ps);
    } catch {
      // Tampered, truncated, or encrypted with a key this deployment does not hold: the caller's payloads, not a server fault.
      throw new ValidationError([{ path: 'body.payloads', message: 'a payload could not be decoded (tampered, or encrypted with a key not in PAYLOAD_KEYS)' }]);
    }
    return { payloads: ps.map(toWire) };
  };
  defineRoute(router, registry, {
    method: 'post',
    path: `${CODEC_PATH}/decode`,
    operationId: 'decodeTemporalPayloads',
    summary: 'Temporal remote codec: decrypts payloads for the Temporal UI (admins, the safety hub, auditors)',
    tags: ['system'],
    access: ['admin', 'safety_officer', 'auditor'],
    body: WirePayloads,
    responses: { 200: { description: 'The payloads decoded', schema: WirePayloads } },
    handler: ({ body }) => run(body.payloads, 'decode'),
  });
  defineRoute(router, registry, {
    method: 'post',
    path: `${CODEC_PATH}/encode`,
    operationId: 'encodeTemporalPayloads',
    summary: 'Temporal remote codec: encrypts payloads the Temporal UI sends (admins)',
    tags: ['system'],
    access: ['admin'],
    body: WirePayloads,
    responses: { 200: { description: 'The payloads encoded', schema: WirePayloads } },
    handler: ({ body }) => run(body.payloads, 'encode'),
  });
}

/** CORS for the codec endpoint: the Temporal UI's origin only, with credentials (its cookie). */
export function codecCors(uiUrl: string | null) {
  let origin: string | null = null;
  try {
    origin = uiUrl ? new URL(uiUrl).origin : null;
  } catch {
    origin = null;
  }
  return (req: Request, res: Response, next: NextFunction) => {
    if (origin && req.headers.origin === origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, X-Namespace');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  };
}

/** The app's token from the codec cookie (the Temporal UI sends no Authorization header of ours). */
export function codecCookieToken(req: Request): string | null {
  if (!req.originalUrl.startsWith(CODEC_PATH)) return null;
  const m = new RegExp(`(?:^|;\\s*)${CODEC_COOKIE}=([^;]+)`).exec(req.headers.cookie ?? '');
  return m ? decodeURIComponent(m[1]) : null;
}
