// A Mettler Toledo 8217 scale on the device end of a pty pair (or a TCP port, as a serial-to-
// Ethernet converter would serve it): it answers `W` with the weight on its platter, or with a
// status byte while the load moves, is under zero or over capacity. Tests, demos and IT
// training set what is on the platter with its control commands. Built on the same protocol
// code as the driver (hardware/protocols/scale/toledo.ts).
import { createServer, type Server, type Socket } from 'node:net';
import { SerialPort } from 'serialport';
import { encodeToledoStatus, encodeToledoWeight } from '../protocols/scale/toledo.ts';
import { controlTokenLine } from './printer/servers.ts';
import { PtyPair, ptyPairPaths, removePtyPaths, type PtyPairPaths } from './pty-pair.ts';

/** What lies on the platter and how the scale judges it. */
export class ScaleModel {
  grams = 0;
  motion = false;
  /** The scale's capacity: a heavier load is reported over capacity, never as a weight. */
  readonly capacityGrams: number;
  /** The scale answers nothing (a hung scale). */
  silent = false;
  requests = 0;

  constructor(capacityGrams = 15_000) {
    this.capacityGrams = capacityGrams;
  }

  /** The reply to one request byte, or null when the scale ignores it. */
  answer(request: number): Uint8Array | null {
    if (request !== 0x57) return null;
    this.requests++;
    if (this.silent) return null;
    const overCapacity = this.grams > this.capacityGrams;
    const underZero = this.grams < 0;
    if (this.motion || overCapacity || underZero)
      return encodeToledoStatus({ motion: this.motion, overCapacity, underZero, centerOfZero: false });
    return encodeToledoWeight(this.grams);
  }
}

const USAGE = 'weight GRAMS, motion, stable, silent, answer, status';

/** One control line ("weight 1234", "motion", "stable"...) applied to the model; returns the reply. */
export function runScaleCommand(model: ScaleModel, line: string): string {
  const [command, arg] = line.trim().split(/\s+/);
  switch (command) {
    case 'weight': {
      if (arg === undefined || !/^-?\d{1,7}$/.test(arg)) return 'error weight takes whole grams, e.g. "weight 1234"';
      model.grams = Number(arg);
      return `ok weight ${model.grams}`;
    }
    case 'motion':
      model.motion = true;
      return 'ok motion';
    case 'stable':
      model.motion = false;
      return 'ok stable';
    case 'silent':
      model.silent = true;
      return 'ok silent';
    case 'answer':
      model.silent = false;
      return 'ok answer';
    case 'status':
      return `ok ${JSON.stringify({ grams: model.grams, motion: model.motion, capacityGrams: model.capacityGrams, silent: model.silent })}`;
    default:
      return `error unknown command "${command ?? ''}" (${USAGE})`;
  }
}

export class ScaleEmulator {
  readonly model: ScaleModel;
  readonly hostPath: string;
  private readonly paths: PtyPairPaths;
  private readonly ownsPaths: boolean;
  private pair: PtyPair | null = null;
  private port: SerialPort | null = null;
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();
  /** Raw bytes to send instead of the next reply (a torn or garbled frame). */
  private nextReply: Uint8Array | null = null;

  constructor(options: { capacityGrams?: number; paths?: PtyPairPaths } = {}) {
    this.model = new ScaleModel(options.capacityGrams);
    this.ownsPaths = !options.paths;
    this.paths = options.paths ?? ptyPairPaths(undefined, 'scale');
    this.hostPath = this.paths.hostPath;
  }

  /** Opens the pty pair; the driver's end appears at `hostPath` only once the scale's end is open. */
  async plugIn(): Promise<void> {
    if (this.pair) return;
    this.pair = await PtyPair.open(this.paths, undefined, { holdHost: true });
    const port = new SerialPort({ path: this.pair.devicePath, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    port.on('error', () => undefined);
    port.on('data', (chunk: Buffer) => this.received(chunk, (b) => port.write(Buffer.from(b))));
    this.port = port;
    this.pair.publishHost();
  }

  /** Pulls the cable: the pty pair goes away. */
  async unplug(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    await this.pair?.close();
    this.pair = null;
  }

  /** Serves the scale on a TCP port too (a serial device server); returns the port. */
  listenTcp(port = 0, host = '127.0.0.1'): Promise<number> {
    return this.listen(port, host, (socket) => {
      socket.on('data', (chunk: Buffer) => this.received(chunk, (b) => socket.write(b)));
    });
  }

  /**
   * The control channel, as the virtual printer's: a first line `token <token>`, then one
   * command per line (weight GRAMS, motion, stable, silent, answer, status), each answered.
   */
  listenControl(port: number, host: string, token: string): Promise<number> {
    return this.listen(port, host, (socket) => {
      socket.setEncoding('utf8');
      let buffered = '';
      let trusted = false;
      socket.on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (!line) continue;
          if (trusted) socket.write(`${this.command(line)}\n`);
          else if (controlTokenLine(line, token)) {
            trusted = true;
            socket.write('ok token\n');
          } else {
            socket.end('error send "token <control token>" first\n', () => socket.destroy());
            return;
          }
        }
        if (buffered.length > 1024) socket.destroy();
      });
    });
  }

  /** Sends these bytes as the answer to the next request instead of the model's reply. */
  replyNextWith(bytes: Uint8Array): void {
    this.nextReply = bytes;
  }

  command(line: string): string {
    return runScaleCommand(this.model, line);
  }

  async close(): Promise<void> {
    await this.unplug();
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    if (this.ownsPaths) removePtyPaths(this.paths);
  }

  private listen(port: number, host: string, accept: (socket: Socket) => void): Promise<number> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      accept(socket);
    });
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  private received(chunk: Uint8Array, send: (bytes: Uint8Array) => void): void {
    for (const b of chunk) {
      const reply = this.model.answer(b);
      if (reply === null) continue;
      const bytes = this.nextReply ?? reply;
      this.nextReply = null;
      send(bytes);
    }
  }
}
