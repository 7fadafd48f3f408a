import type { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { HqError } from './errors.ts';

/** A console request's JSON body, parsed with `schema`; anything else is a 400 saying what is wrong. */
export function jsonBody<T>(r: { req: FastifyRequest; body: Buffer }, schema: z.ZodType<T>): T {
  const type = String(r.req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) throw new HqError('request.invalid', 'the body is JSON (content-type: application/json)');
  let json: unknown;
  try {
    json = JSON.parse(r.body.toString('utf8'));
  } catch {
    throw new HqError('request.invalid', 'the body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new HqError('request.invalid', parsed.error.issues[0]?.message ?? 'invalid body');
  return parsed.data;
}
