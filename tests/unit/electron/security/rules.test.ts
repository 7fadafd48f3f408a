import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../../host/server.ts';
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
} from '../../../../electron/security/rules.ts';

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
