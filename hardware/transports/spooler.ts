// The operating system's print spooler in RAW mode: each receipt is one job, passed through
// untouched (no driver, no filter). The spooler only says it accepted the job; it cannot
// report paper-out, so printers behind it are 'write-only'.
//
// Linux and macOS (CUPS): lp -d QUEUE -o raw -t TITLE, the job on standard input.
// Windows: no built-in command sends RAW data to a queue. Share the printer (Generic / Text
// Only driver or the vendor's) and copy the job to the share in binary mode:
//   copy /b receipt.bin \\localhost\ReceiptPrinter
// or use the printer's own port instead (TCP 9100 or its COM port), which also gives status.
// docs/it-devices.md has the steps.
import { spawn } from 'node:child_process';
import { DeviceError } from '../device.ts';
import { TransportEvents, type ByteTransport } from './transport.ts';

export interface SpoolerOptions {
  queue: string;
  /** The lp program; tests and unusual installs may name another. */
  command?: string;
  jobTitle?: string;
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

export class SpoolerTransport implements ByteTransport {
  readonly description: string;
  readonly duplex = false;
  readonly jobOriented = true;
  private readonly options: SpoolerOptions;
  private readonly events = new TransportEvents();
  private opened = false;

  constructor(options: SpoolerOptions) {
    this.options = options;
    this.description = `spooler queue ${options.queue}`;
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.events.onData(listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    this.events.onClose(listener);
  }

  async open(): Promise<void> {
    if ((this.options.platform ?? process.platform) === 'win32') {
      throw new DeviceError(
        'device.unsupported',
        'RAW printing through the Windows spooler is not built in: share the printer and use "copy /b", or connect to the printer over TCP or its COM port (see docs/it-devices.md)',
      );
    }
    this.opened = true;
    this.events.armed();
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.opened) return Promise.reject(new DeviceError('device.offline', `${this.description}: not open`));
    const command = this.options.command ?? 'lp';
    const args = ['-d', this.options.queue, '-o', 'raw', '-t', this.options.jobTitle ?? 'Tillproof receipt', '-'];
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      const timer = setTimeout(() => {
        child.kill();
        reject(
          new DeviceError('device.timeout', `${this.description}: ${command} did not finish within ${this.options.timeoutMs ?? 30_000} ms`),
        );
      }, this.options.timeoutMs ?? 30_000);
      timer.unref?.();
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (d: string) => {
        if (stderr.length < 2000) stderr += d;
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new DeviceError('device.offline', `${this.description}: cannot run ${command}: ${e.message}`, { cause: e }));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new DeviceError('device.io', `${this.description}: ${command} exited with ${code}: ${stderr.trim() || 'no message'}`));
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(bytes);
    });
  }

  async close(): Promise<void> {
    this.opened = false;
    this.events.disarm();
  }
}
