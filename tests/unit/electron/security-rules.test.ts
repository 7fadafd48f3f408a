import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../host/server.ts';
import { APP_ORIGIN, appEntryUrl, isAppUrl, resolveAppResource } from '../../../electron/app-protocol.ts';
import {
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  devicePermissionDecision,
  mayAttachWebview,
  mayNavigate,
  mayRequest,
  permissionDecision,
  secureWebPreferences,
  windowOpenDecision,
} from '../../../electron/security/rules.ts';

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

describe('navigation, windows, permissions, requests', () => {
  it('navigates only within the app', () => {
    expect(mayNavigate('app://tillproof/index.html#display')).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://localhost:3000/',
      'file:///C:/Windows/win.ini',
      'app://other/',
      'data:text/html,<script>alert(1)</script>',
      'javascript:void(0)',
    ]) {
      expect(mayNavigate(url)).toBe(false);
    }
  });

  it('denies every window.open, our own pages included', () => {
    for (const url of ['https://example.com/', 'app://tillproof/index.html', 'about:blank'])
      expect(windowOpenDecision(url)).toEqual({ action: 'deny' });
  });

  it('denies every permission and device to every origin', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'hid',
      'serial',
      'usb',
      'clipboard-read',
      'fullscreen',
      'openExternal',
      'unknown',
    ]) {
      expect(permissionDecision(p, 'app://tillproof')).toBe(false);
      expect(permissionDecision(p, 'https://example.com')).toBe(false);
    }
    for (const d of ['hid', 'serial', 'usb']) expect(devicePermissionDecision(d, 'app://tillproof')).toBe(false);
    expect(mayAttachWebview()).toBe(false);
  });

  it('loads nothing remote', () => {
    const prod = { devTools: false };
    expect(mayRequest('app://tillproof/assets/app.js', prod)).toBe(true);
    expect(mayRequest('data:image/png;base64,iVBOR', prod)).toBe(true);
    expect(mayRequest('blob:app://tillproof/6f1c', prod)).toBe(true);
    for (const url of [
      'https://cdn.example.com/x.js',
      'http://127.0.0.1:9100/',
      'ws://127.0.0.1:1/api',
      'wss://hq.example.com/',
      'file:///etc/passwd',
      'ftp://x/',
      'devtools://devtools/bundled/inspector.html',
    ]) {
      expect(mayRequest(url, prod)).toBe(false);
    }
    expect(mayRequest('devtools://devtools/bundled/inspector.html', { devTools: true })).toBe(true);
    expect(mayRequest('https://cdn.example.com/x.js', { devTools: true })).toBe(false);
  });
});

describe('window settings and headers', () => {
  it('every window is isolated, sandboxed and without Node or webview', () => {
    const prefs = secureWebPreferences('/app/preload.cjs', { devTools: false });
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(secureWebPreferences('/p', { devTools: true }).devTools).toBe(true);
  });

  it('sends the browser-mode CSP on every app:// response', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8');
    expect(headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/object-src 'none'/);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
  });

  it('registers app:// as a secure standard scheme that does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false, allowServiceWorkers: false });
  });
});
