import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { app, protocol, type Session, type WebContents } from 'electron';
import { APP_SCHEME, resolveAppResource } from '../app-protocol.ts';
import type { Logger } from '../../host/logger.ts';
import {
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  devicePermissionDecision,
  mayAttachWebview,
  mayNavigate,
  mayRequest,
  permissionDecision,
  windowOpenDecision,
} from './rules.ts';

// The one place the security rules (security/rules.ts) are wired into Electron.

/** Before app 'ready': app:// is a standard, secure scheme. Every renderer is sandboxed. */
export function registerSchemeBeforeReady(): void {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** After 'ready': serve the built renderer on app://tillproof/ with the CSP on every response. */
export function serveRenderer(rendererRoot: string, log: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const resource = resolveAppResource(request.url, rendererRoot, existsSync);
    if (resource.kind === 'forbidden') {
      log.warn('refused an app:// request', { url: request.url.slice(0, 200), reason: resource.reason });
      return new Response(null, { status: 403, headers: appResponseHeaders('text/plain') });
    }
    if (resource.kind === 'not-found') {
      const body = existsSync(rendererRoot) ? 'not found' : 'The screens are not built: run "npm run build:renderer".';
      return new Response(body, { status: 404, headers: appResponseHeaders('text/plain; charset=utf-8') });
    }
    const body = request.method === 'HEAD' ? null : await readFile(resource.path);
    return new Response(body, { status: 200, headers: appResponseHeaders(resource.contentType) });
  });
}

/** The renderer's session: no permissions, no device grants, nothing remote. */
export function hardenSession(session: Session, options: { devTools: boolean }, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = permissionDecision(permission, details.requestingUrl);
    if (!granted) log.warn('denied a permission request', { permission });
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionDecision(permission, requestingOrigin));
  session.setDevicePermissionHandler((details) => devicePermissionDecision(details.deviceType, details.origin));
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = mayRequest(details.url, options);
    if (!allowed) log.warn('blocked a request', { url: details.url.slice(0, 200) });
    callback({ cancel: !allowed });
  });
}

/** Every webContents: no navigation away, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents, log: Logger): void {
  const refuseNavigation = (event: { preventDefault(): void }, url: string) => {
    if (mayNavigate(url)) return;
    event.preventDefault();
    log.warn('blocked a navigation', { url: url.slice(0, 200) });
  };
  contents.on('will-navigate', (event) => refuseNavigation(event, event.url));
  contents.on('will-frame-navigate', (event) => refuseNavigation(event, event.url));
  contents.on('will-redirect', (event) => refuseNavigation(event, event.url));
  contents.on('will-attach-webview', (event) => {
    if (!mayAttachWebview()) event.preventDefault();
  });
  contents.setWindowOpenHandler((details) => {
    log.warn('denied window.open', { url: details.url.slice(0, 200) });
    return windowOpenDecision(details.url);
  });
}

/** Wires the per-webContents rules for every webContents the app ever creates. */
export function hardenAllWebContents(log: Logger): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
}
