import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_ORIGIN, appEntryUrl, isAppUrl, resolveAppResource } from '../../../electron/app-protocol.ts';

describe('app origin', () => {
  it.each([
    ['app://tillproof/index.html', true],
    ['app://tillproof/index.html#display', true],
    ['app://tillproof/assets/app-1a2b.js?x=1', true],
    ['app://evil/index.html', false],
    ['app://tillproof.evil.com/index.html', false],
    ['app://user:pass@tillproof/index.html', false],
    ['app://tillproof:8080/index.html', false],
    ['https://tillproof/index.html', false],
    ['file:///etc/passwd', false],
    ['http://127.0.0.1:5173/', false],
    ['javascript:alert(1)', false],
    ['about:blank', false],
    ['', false],
    ['not a url', false],
  ])('%s is ours: %s', (url, ours) => {
    expect(isAppUrl(url)).toBe(ours);
  });

  it('opens the cashier window and the customer display on the same app', () => {
    expect(appEntryUrl('main')).toBe(`${APP_ORIGIN}/index.html`);
    expect(appEntryUrl('display')).toBe(`${APP_ORIGIN}/index.html#display`);
    expect(isAppUrl(appEntryUrl('display'))).toBe(true);
  });
});

describe('app:// files', () => {
  const base = mkdtempSync(join(tmpdir(), 'tp-renderer-'));
  const root = join(base, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'app.js'), '');
  writeFileSync(join(root, '..', 'secret.txt'), 'x');

  it('serves files under the renderer build with their type', () => {
    expect(resolveAppResource('app://tillproof/assets/app.js', root, existsSync)).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'app.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppResource('app://tillproof/', root, existsSync)).toMatchObject({ kind: 'file', path: join(root, 'index.html') });
  });

  it('answers client-side routes with index.html and missing assets with not-found', () => {
    expect(resolveAppResource('app://tillproof/display', root, existsSync)).toMatchObject({ kind: 'file', path: join(root, 'index.html') });
    expect(resolveAppResource('app://tillproof/assets/missing.js', root, existsSync)).toEqual({ kind: 'not-found' });
  });

  it.each([
    'app://tillproof/../secret.txt',
    'app://tillproof/%2e%2e/secret.txt',
    'app://tillproof/assets/%2e%2e/%2e%2e/secret.txt',
    'app://tillproof/..%2fsecret.txt',
    'app://tillproof/..%5csecret.txt',
    'app://tillproof/index.html%00.js',
    'app://tillproof/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    const r = resolveAppResource(url, root, existsSync);
    expect(r.kind === 'forbidden' || r.kind === 'not-found').toBe(true);
    if (r.kind === 'file') expect.unreachable();
  });
});
