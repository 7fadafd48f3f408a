import type { z } from 'zod';
import type { ConsoleRequest } from './console-api.ts';
import { HqError } from './errors.ts';

// Reading a console request: its JSON body checked against a schema, and a list's limit.

/** `refuse`: the error for a body the schema refuses (by default its first issue's message). */
export function jsonBody<T>(r: ConsoleRequest, schema: z.ZodType<T>, refuse?: (error: z.ZodError) => Error): T {
  const type = String(r.req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) throw new HqError('request.invalid', 'the body is JSON (content-type: application/json)');
  let json: unknown;
  try {
    json = JSON.parse(r.body.toString('utf8'));
  } catch {
    throw new HqError('request.invalid', 'the body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw refuse ? refuse(parsed.error) : new HqError('request.invalid', parsed.error.issues[0]?.message ?? 'invalid body');
  return parsed.data;
}

export function limitOf(value: string | undefined, fallback: number): number {
  const limit = value === undefined ? fallback : Number(value);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1_000) throw new HqError('request.invalid', 'limit is 1 to 1000');
  return limit;
}
