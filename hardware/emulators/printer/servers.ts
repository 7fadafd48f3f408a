// How the virtual printer is reached: raw printing over TCP (127.0.0.1), the device end of a
// serial pty pair (or a real serial port), and the control channel over TCP.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { SerialPort } from 'serialport';
import type { Session } from './session.ts';

/** What the servers need of the printer. */
export interface SessionHost {
  openSession(name: string, send: (bytes: Uint8Array) => void, close: () => void, ethernet?: boolean): Session;
  receive(session: Session, chunk: Uint8Array): void;
  endSession(session: Session): void;
  control(line: string): string;
}

/** Whether a control connection's first line, `token <value>`, carries the control token. */
export function controlTokenLine(line: string, token: string): boolean {
  const given = Buffer.from(/^token\s+(\S+)$/.exec(line)?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export class PrinterServers {
  private readonly host: SessionHost;
  private readonly servers: Server[] = [];
  private readonly controlSockets = new Set<Socket>();
  private readonly ports = new Set<SerialPort>();

  constructor(host: SessionHost) {
    this.host = host;
  }

  /** Listens for raw printing (port 0: any free port); resolves with the port. */
  listenTcp(port: number, host: string): Promise<number> {
    const server = createServer((socket) => this.acceptSocket(socket));
    this.servers.push(server);
    return listen(server, port, host);
  }

  /** Opens the device end of a pty pair (or a real serial port) and serves it. */
  attachSerial(path: string, baudRate: number): Promise<() => Promise<void>> {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    return new Promise((resolve, reject) => {
      port.open((error) => {
        if (error) return reject(error);
        this.ports.add(port);
        const session = this.host.openSession(
          `serial ${path}`,
          (b) => {
            if (port.isOpen) port.write(Buffer.from(b));
          },
          () => {
            if (port.isOpen) port.close(() => undefined);
          },
        );
        port.on('data', (chunk: Buffer) => this.host.receive(session, new Uint8Array(chunk)));
        port.on('error', () => undefined);
        port.on('close', () => {
          this.ports.delete(port);
          this.host.endSession(session);
        });
        resolve(async () => {
          if (port.isOpen) await new Promise<void>((done) => port.close(() => done()));
        });
      });
    });
  }

  /**
   * The control channel: one command per line (control.ts), after a first line `token <token>`:
   * any local user can reach a loopback port, but only the printer's owner can read its token.
   */
  listenControl(port: number, host: string, token: string): Promise<number> {
    const server = createServer((socket) => this.acceptControl(socket, token));
    this.servers.push(server);
    return listen(server, port, host);
  }

  /** Closes the control connections, the servers and the serial ports (printing connections are dropped by the printer first). */
  async close(): Promise<void> {
    for (const s of this.controlSockets) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.servers.length = 0;
    await Promise.all([...this.ports].map((p) => new Promise<void>((resolve) => (p.isOpen ? p.close(() => resolve()) : resolve()))));
  }

  private acceptSocket(socket: Socket): void {
    socket.setNoDelay(true);
    const session = this.host.openSession(
      `tcp ${socket.remoteAddress}:${socket.remotePort}`,
      (b) => {
        if (!socket.destroyed) socket.write(b);
      },
      () => socket.destroy(),
      true,
    );
    socket.on('data', (chunk: Buffer) => this.host.receive(session, new Uint8Array(chunk)));
    socket.on('error', () => undefined);
    socket.on('close', () => this.host.endSession(session));
  }

  private acceptControl(socket: Socket, token: string): void {
    this.controlSockets.add(socket);
    socket.on('close', () => this.controlSockets.delete(socket));
    socket.setEncoding('utf8');
    let buffered = '';
    let trusted = false;
    let refused = false;
    socket.on('data', (chunk: string) => {
      if (refused) return;
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        if (trusted) {
          socket.write(`${this.host.control(line)}\n`);
        } else if (controlTokenLine(line, token)) {
          trusted = true;
          socket.write('ok token\n');
        } else {
          refused = true;
          socket.end('error send "token <control token>" first: the token is in the file or output named when the printer started\n', () =>
            socket.destroy(),
          );
          return;
        }
      }
      if (buffered.length > 1024) socket.destroy();
    });
    socket.on('error', () => undefined);
  }
}
