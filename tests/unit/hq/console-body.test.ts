import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConsoleRequest } from '../../../hq/console-api.ts';
import { jsonBody, limitOf } from '../../../hq/console-body.ts';

const request = (body: string, contentType = 'application/json'): ConsoleRequest =>
  ({ req: { headers: { 'content-type': contentType } }, body: Buffer.from(body) }) as unknown as ConsoleRequest;

const schema = z.strictObject({ name: z.string().min(1, 'a name is needed') });

describe('console request bodies', () => {
  it('parses a JSON body against its schema', () => {
    expect(jsonBody(request('{"name":"Ada"}', 'application/json; charset=utf-8'), schema)).toEqual({ name: 'Ada' });
  });

  it('refuses another content type, text that is not JSON, and a body the schema refuses, saying which', () => {
    expect(() => jsonBody(request('{"name":"Ada"}', 'text/plain'), schema)).toThrow(/content-type: application\/json/);
    expect(() => jsonBody(request('{name'), schema)).toThrow('the body is not JSON');
    expect(() => jsonBody(request('{"name":""}'), schema)).toThrow('a name is needed');
    expect(() => jsonBody(request('{"name":"a","role":"admin"}'), schema)).toThrow();
  });

  it('a list limit is 1 to 1000, the fallback when not given', () => {
    expect(limitOf(undefined, 100)).toBe(100);
    expect(limitOf('1000', 100)).toBe(1000);
    for (const bad of ['0', '1001', '1.5', 'ten', '']) expect(() => limitOf(bad, 100), bad).toThrow('limit is 1 to 1000');
  });
});
