import type { WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../host/server.ts';
import { isAppUrl } from '../app-protocol.ts';

// The shell's security rules, each a small pure function with a unit test
// (tests/unit/electron/security-rules.test.ts), wired in one place: security/harden.ts.
// https://www.electronjs.org/docs/latest/tutorial/security

/** Navigation (will-navigate, will-redirect, will-frame-navigate): only our own pages. */
export function mayNavigate(url: string): boolean {
  return isAppUrl(url);
}

/**
 * window.open and target=_blank: always denied. The customer display is a window main opens
 * itself; a till has no business opening web pages.
 */
export function windowOpenDecision(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Permission requests and checks (camera, notifications, HID, serial, clipboard read...):
 * denied for every origin. Devices are the host's, reached through the contract only.
 */
export function permissionDecision(_permission: string, _requestingOrigin: string): boolean {
  return false;
}

/** WebHID/WebSerial/WebUSB device grants: never; the renderer does not talk to devices. */
export function devicePermissionDecision(_deviceType: string, _origin: string): boolean {
  return false;
}

/**
 * Network requests from our pages: nothing remote. Our app:// files, inline data: and blob:
 * images (receipt QR codes), and DevTools' own pages in development only.
 */
export function mayRequest(url: string, options: { devTools: boolean }): boolean {
  if (isAppUrl(url)) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'data' || scheme === 'blob') return true;
  return options.devTools && (scheme === 'devtools' || scheme === 'chrome-extension');
}

/** <webview> is disabled in webPreferences; an attempt to attach one is refused as well. */
export function mayAttachWebview(): boolean {
  return false;
}

/** The webPreferences of every window: isolated, sandboxed, no Node, no webview. */
export function secureWebPreferences(preload: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload,
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
    safeDialogs: true,
    spellcheck: false,
    disableBlinkFeatures: 'Auxclick',
    devTools: options.devTools,
  };
}

/** Headers on every app:// response: the same CSP as browser mode (host/server.ts), and no sniffing. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

/** The app:// scheme's privileges: a standard, secure origin; no CSP bypass, no service workers. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
  bypassCSP: false,
  allowServiceWorkers: false,
  corsEnabled: false,
  stream: false,
} as const;
