import { extname, resolve, sep } from 'node:path';

// The renderer is served from app://tillproof/, a privileged standard scheme, not file://.
// A real origin makes CSP 'self', the navigation allowlist and the IPC sender check exact
// (every file:// page shares one origin, and file:// pages may read other local files); the
// handler serves only files under the built renderer, so no other local file is reachable.

export const APP_SCHEME = 'app';
export const APP_HOST = 'tillproof';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Which window a page lives in: the cashier's, or the customer display on a second screen. */
export type WindowRole = 'main' | 'display';

/** The address each window opens; the customer display is the same app on its own route. */
export function appEntryUrl(role: WindowRole): string {
  return role === 'display' ? `${APP_ORIGIN}/index.html#display` : `${APP_ORIGIN}/index.html`;
}

/** Whether an address is one of ours: scheme and host exactly, no credentials or port. */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // Node's URL keeps the host of a non-special scheme as written, so compare it as Chromium
  // reports it for a standard scheme (lower case).
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export type AppResource =
  { kind: 'file'; path: string; contentType: string } | { kind: 'not-found' } | { kind: 'forbidden'; reason: string };

/**
 * Maps an app:// request to a file under the renderer's build directory. Anything that is not
 * ours, that escapes the directory (../, encoded or not), or that carries NUL is refused; a
 * path without an extension is the single-page app's index.html.
 */
export function resolveAppResource(rawUrl: string, root: string, exists: (path: string) => boolean): AppResource {
  if (!isAppUrl(rawUrl)) return { kind: 'forbidden', reason: 'not an app:// address' };
  const base = resolve(root);
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(rawUrl).pathname);
  } catch {
    return { kind: 'forbidden', reason: 'malformed path' };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { kind: 'forbidden', reason: 'malformed path' };
  const relative = pathname.replace(/^\/+/, '') || 'index.html';
  const file = resolve(base, relative);
  if (!file.startsWith(base + sep)) return { kind: 'forbidden', reason: 'outside the app' };
  if (exists(file))
    return { kind: 'file', path: file, contentType: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' };
  if (extname(file) === '') {
    const index = resolve(base, 'index.html');
    return exists(index) ? { kind: 'file', path: index, contentType: CONTENT_TYPES['.html']! } : { kind: 'not-found' };
  }
  return { kind: 'not-found' };
}
