import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HqError } from './errors.ts';

// The HQ console's pages (console/, built by `npm run build:console` into console/dist), served by
// HQ under /console/. The built files are read once at start into a fixed map from URL path to
// bytes: a request can only ever get one of those files (no path is joined, so no traversal), with
// its content type and a Content-Security-Policy that allows no inline script.

/** Scripts and styles only from these files, no eval, nothing remote; the API on the same origin. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export interface ConsoleFile {
  type: string;
  body: Buffer;
  /** Vite's hashed assets never change under their name. */
  immutable: boolean;
}

/** The default build folder: console/dist next to hq/. */
export const CONSOLE_DIST = join(import.meta.dirname, '..', 'console', 'dist');

/** URL path ("/console/assets/x.js") to file, for every file of a known type in `dir`; null when there is no build. */
export function loadConsoleFiles(dir: string): Map<string, ConsoleFile> | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const files = new Map<string, ConsoleFile>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, rel);
    const type = TYPES[extname(rel).toLowerCase()];
    if (!type || !statSync(path).isFile()) continue;
    const urlPath = `/console/${rel.split('\\').join('/')}`;
    files.set(urlPath, { type, body: readFileSync(path), immutable: urlPath.startsWith('/console/assets/') });
  }
  return files;
}

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cross-origin-resource-policy', 'same-origin');
}

/** GET /console/ and its files; /console answers with a redirect there. Unknown paths are HQ's JSON 404. */
export function registerConsolePages(app: FastifyInstance, files: Map<string, ConsoleFile> | null): void {
  app.get('/console', async (_req, reply) => secure(reply).redirect('/console/', 301));
  const serve = async (path: string, reply: FastifyReply): Promise<FastifyReply> => {
    if (!files) {
      return secure(reply)
        .code(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('The HQ console is not built on this server: run "npm run build:console", then restart HQ.');
    }
    const file = files.get(path === '/console/' ? '/console/index.html' : path);
    if (!file) throw new HqError('request.not-found', `no console page ${path}`);
    return secure(reply)
      .header('content-type', file.type)
      .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(file.body);
  };
  app.get('/console/', async (_req, reply) => serve('/console/', reply));
  app.get('/console/*', async (req, reply) => serve(req.url.split('?')[0]!, reply));
}
