import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES, PAIRING_REFUSED_CLOSE, mayReceive, type ClientRole, type EventMessage } from '../core/contract/index.ts';
import { TillproofError } from '../core/shared/errors.ts';
import type { Logger } from '../core/ports/logger.ts';
import { processLogger } from '../platform/logger.ts';
import { dispatchFrame } from './dispatch.ts';
import type { TerminalRuntime } from './terminal-runtime.ts';

export interface ServeOptions {
  runtime: TerminalRuntime;
  /** 0 picks a free port; a port in use is refused (PortTakenError), never swapped for another. */
  port: number;
  /** Built renderer to serve (renderer/dist); the API works without it. */
  staticDir?: string;
  token?: string;
  displayToken?: string;
  log?: Pick<Logger, 'error'>;
  /** A client must send its whole request head within this time, or the connection is closed (slow clients); default 10 s. */
  headersTimeoutMs?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The address a browser opens: the token travels in the fragment, never in a request. */
  readonly pairingUrl: string;
  /** The customer display's address: its own token, which may only read the sale. */
  readonly displayUrl: string;
  /** New tokens from now on (rotated while running): every screen connected with the old ones is told to pair again. */
  repair(tokens: { token: string; displayToken: string }): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** The same Content-Security-Policy the Electron shell sets: nothing remote, no inline script. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** Compared in constant time over fixed-length digests, so neither the content nor the length of the token leaks. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}

class PortTakenError extends TillproofError<'serve.port-taken'> {
  constructor(port: number) {
    super(
      'serve.port-taken',
      `port ${port} on 127.0.0.1 is taken by another program (EADDRINUSE 127.0.0.1:${port}). The paired screens expect the till at this address: stop the other program (or another till already running on this data folder), or start with --port N for a new address (every screen then opens the new pairing address)`,
    );
    this.name = 'PortTakenError';
  }
}

/** The request target as a URL, or null when it is not one (a client's mistake, never the till's). */
function requestUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** A percent-decoded path, or null for a malformed escape such as "%E0%A4%A". */
function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/** The pages and /healthz, with the security headers; only to a Host of this till. */
function serveHttp(req: IncomingMessage, res: ServerResponse, staticRoot: string | null, hostOk: (req: IncomingMessage) => boolean): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  if (!hostOk(req)) {
    res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This till answers only to 127.0.0.1 or localhost.');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const url = requestUrl(req.url);
  if (!url) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request.');
    return;
  }
  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    return;
  }
  if (!staticRoot) {
    res
      .writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
      .end('Tillproof host is running. The screens are not built: run "npm run build:renderer".');
    return;
  }
  const path = decodedPath(url.pathname);
  if (path === null || path.includes('\0')) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request: the address is not valid.');
    return;
  }
  const rel = normalize(path).replace(/^([/\\])+/, '');
  let file = resolve(staticRoot, rel || 'index.html');
  if (!file.startsWith(staticRoot + sep) && file !== staticRoot) {
    res.writeHead(403).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(staticRoot, 'index.html');
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
}

/**
 * The events a call raises and its answer usually come within one turn of the event loop: they
 * leave in one write to the socket instead of one each (a 5-line sale sends about twenty
 * messages). Held only until the loop's next turn, so no event waits for a slow call's end.
 */
function holdWrites(socket: Duplex): void {
  if (socket.writableCorked > 0) return;
  socket.cork();
  setImmediate(() => socket.uncork());
}

/** One WebSocket client: the events its role may see, and its calls dispatched to the host. */
function serveClient(ws: WebSocket, socket: Duplex, role: ClientRole, runtime: TerminalRuntime, log: Pick<Logger, 'error'>): void {
  const unsubscribe = runtime.subscribe((event, payload) => {
    if (ws.readyState !== ws.OPEN || !mayReceive(role, event)) return;
    const msg: EventMessage = { type: 'event', event, payload };
    ws.send(JSON.stringify(msg));
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.close(1003, 'text frames only');
      return;
    }
    holdWrites(socket);
    dispatchFrame(runtime.handlers, data.toString('utf8'), log, role)
      .then((reply) => {
        if (reply && ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
      })
      // dispatchFrame answers every frame itself; anything left is logged, never the process's end.
      .catch((e: unknown) => log.error('frame not answered', { error: e instanceof Error ? e.message : String(e) }));
  });
  ws.on('close', unsubscribe);
  ws.on('error', unsubscribe);
}

/** The HTTP side: the page's static files, with slow clients cut off and no failed request ending the till. */
function createHttpServer(
  options: ServeOptions,
  staticRoot: string | null,
  hostOk: (req: IncomingMessage) => boolean,
  log: Pick<Logger, 'error'>,
): Server {
  // A slow client (one byte a minute) is cut off once its head is late, so it cannot hold connections the till needs.
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  return createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(30_000, headersTimeout),
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(headersTimeout / 4))),
    },
    (req: IncomingMessage, res: ServerResponse) => {
      try {
        serveHttp(req, res, staticRoot, hostOk);
      } catch (e) {
        // No request may end the till: a failure here is logged and answered.
        log.error('request failed', { url: (req.url ?? '').slice(0, 200), error: e instanceof Error ? e.message : String(e) });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    },
  );
}

/**
 * Browser mode: the host on 127.0.0.1 with a WebSocket transport. A page needs the pairing
 * token printed at start, and a WebSocket from any other origin is refused, so another local
 * web page cannot drive the till.
 */
export function serve(options: ServeOptions): Promise<RunningServer> {
  let token = options.token ?? randomBytes(24).toString('base64url');
  let displayToken = options.displayToken ?? randomBytes(24).toString('base64url');
  const log = options.log ?? processLogger();
  const staticRoot = options.staticDir && existsSync(options.staticDir) ? resolve(options.staticDir) : null;
  let origins: Set<string> = new Set();
  let hosts: Set<string> = new Set();
  // A page on another site that re-points its own name at 127.0.0.1 (DNS rebinding) sends its
  // own name as Host: such requests get nothing, not even the static files.
  const hostOk = (req: IncomingMessage) => hosts.has((req.headers.host ?? '').toLowerCase());

  const http = createHttpServer(options, staticRoot, hostOk, log);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
  });

  http.on('upgrade', (req, socket, head) => {
    // A reset from the client before the handshake is done must not become an uncaught error.
    socket.on('error', () => undefined);
    const url = requestUrl(req.url);
    const given = url?.searchParams.get('token') ?? '';
    const origin = req.headers.origin;
    // Browsers always send Origin on a WebSocket: only our own page may connect. Non-browser
    // clients (the CLI simulator, tests) send none but still need the token.
    const originOk = origin === undefined || origins.has(origin);
    const role: ClientRole | null = sameToken(given, token) ? 'main' : sameToken(given, displayToken) ? 'display' : null;
    if (url?.pathname === '/api' && !role && origin !== undefined && originOk && hostOk(req)) {
      // Our own page with a token this till no longer knows (rotated, or another till's): a
      // browser cannot read a refused handshake's status, so it is let in only to be told, in
      // the close code, to pair again. It gets nothing else: no event, no call.
      wss.handleUpgrade(req, socket, head, (ws) => ws.close(PAIRING_REFUSED_CLOSE, 'pairing token not valid: pair again'));
      return;
    }
    if (url?.pathname !== '/api' || !role || !originOk || !hostOk(req)) {
      socket.write(
        'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nNot paired: open the pairing address the till printed.\n',
      );
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws, socket, role, options.runtime, log));
  });

  return new Promise((resolveServer, reject) => {
    http.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' && options.port !== 0 ? new PortTakenError(options.port) : e),
    );
    http.listen(options.port, '127.0.0.1', () => {
      const address = http.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
      hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
      const url = `http://127.0.0.1:${port}`;
      resolveServer({
        url,
        port,
        get token() {
          return token;
        },
        get pairingUrl() {
          return `${url}/#token=${token}`;
        },
        get displayUrl() {
          return `${url}/#display&token=${displayToken}`;
        },
        repair(next) {
          token = next.token;
          displayToken = next.displayToken;
          for (const c of wss.clients) c.close(PAIRING_REFUSED_CLOSE, 'pairing token not valid: pair again');
        },
        close: () =>
          new Promise<void>((done) => {
            for (const c of wss.clients) c.terminate();
            wss.close();
            http.close(() => done());
            http.closeAllConnections();
          }),
      });
    });
  });
}
