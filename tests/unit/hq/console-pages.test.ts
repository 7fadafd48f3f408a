// HQ's serving of the built console: only the files of the build, with their types and a CSP
// without inline script; nothing outside the build folder however the path is spelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { CONSOLE_CSP, loadConsoleFiles, registerConsolePages } from '../../../hq/console-pages.ts';
import { HqError } from '../../../hq/errors.ts';

let root: string;
let app: FastifyInstance;

async function appWith(dir: string): Promise<FastifyInstance> {
  const a = Fastify();
  a.setErrorHandler((e, _req, reply) =>
    reply.code(e instanceof HqError ? e.status : 500).send({ error: { code: e instanceof HqError ? e.code : 'x' } }),
  );
  registerConsolePages(a, loadConsoleFiles(dir));
  await a.ready();
  return a;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tillproof-console-pages-'));
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>HQ</title>');
  writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(dist, 'assets', 'notes.txt'), 'not a page file');
  // A secret next to the build: never reachable.
  writeFileSync(join(root, 'secret.json'), '{"password":"x"}');
  app = await appWith(dist);
});

afterAll(async () => {
  await app?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('HQ console pages', () => {
  it('serves the page and its files with their types, the CSP and cache rules', async () => {
    const page = await app.inject({ method: 'GET', url: '/console/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self';");
    expect(CONSOLE_CSP).not.toContain('unsafe');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.body).toContain('<title>HQ</title>');

    const js = await app.inject({ method: 'GET', url: '/console/assets/index-abc.js?v=1' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    const css = await app.inject({ method: 'GET', url: '/console/assets/index-abc.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');

    const bare = await app.inject({ method: 'GET', url: '/console' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/console/');
  });

  it.each([
    '/console/../secret.json',
    '/console/%2e%2e/secret.json',
    '/console/assets/..%2f..%2fsecret.json',
    '/console/assets/notes.txt',
    '/console/index.html%00.js',
    '/console/nope',
  ])('%s is not found, and nothing outside the build is sent', async (url) => {
    const r = await app.inject({ method: 'GET', url });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toContain('password');
  });

  it('says how to build the console when there is no build', async () => {
    const empty = await appWith(join(root, 'no-such-dist'));
    const r = await empty.inject({ method: 'GET', url: '/console/' });
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain('npm run build:console');
    await empty.close();
  });
});
