// A printer (or drawer, or display) reached through a device file: a USB printer class device
// (/dev/usb/lp0), a parallel port (/dev/lp0), or a FIFO for tests.
//
// The file is opened non-blocking: a blocking read on a device with nothing to say would hold
// one of libuv's four pool threads forever. Reads are polled; a write the device cannot take
// yet (EAGAIN) is retried. An unplugged USB printer shows up as ENODEV/EIO on the next read
// or write, or as its device file disappearing, which is checked on every poll.
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { DeviceError, delay } from '../device.ts';
import { errorWithCode } from '../error-message.ts';
import { TransportEvents, type ByteTransport } from './transport.ts';

export interface DeviceFileOptions {
  path: string;
  /** Read replies from the same file (USB printer class devices); false for FIFOs and plain files. */
  bidirectional: boolean;
  /** How often replies are read and the file's presence checked. */
  pollMs?: number;
  /** Give up on a write the device does not take for this long. */
  writeTimeoutMs?: number;
}

const RETRY_CODES = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);
const codeOf = (e: unknown): string | undefined => (e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined);

export class DeviceFileTransport implements ByteTransport {
  readonly description: string;
  readonly duplex: boolean;
  readonly jobOriented = false;
  private readonly options: Required<DeviceFileOptions>;
  private readonly events = new TransportEvents();
  private handle: FileHandle | null = null;
  private poller: ReturnType<typeof setInterval> | null = null;
  private reading = false;

  constructor(options: DeviceFileOptions) {
    this.options = { pollMs: 25, writeTimeoutMs: 10_000, ...options };
    this.duplex = options.bidirectional;
    this.description = `device file ${options.path}`;
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.events.onData(listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    this.events.onClose(listener);
  }

  async open(): Promise<void> {
    if (this.handle) return;
    const access = this.options.bidirectional ? constants.O_RDWR : constants.O_WRONLY;
    let handle: FileHandle;
    try {
      // A FIFO without a reader refuses a non-blocking writer (ENXIO): the "printer" is off.
      handle = await open(this.options.path, access | constants.O_NONBLOCK | constants.O_APPEND | constants.O_NOCTTY);
    } catch (e) {
      throw new DeviceError('device.offline', `${this.description}: ${errorWithCode(e)}`, { cause: e });
    }
    this.handle = handle;
    this.events.armed();
    this.poller = setInterval(() => void this.poll(handle), this.options.pollMs);
    this.poller.unref?.();
  }

  private async poll(handle: FileHandle): Promise<void> {
    if (this.reading || this.handle !== handle) return;
    this.reading = true;
    try {
      await stat(this.options.path);
      if (this.options.bidirectional) {
        const buffer = new Uint8Array(256);
        for (;;) {
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          this.events.data(buffer.slice(0, bytesRead));
        }
      }
    } catch (e) {
      if (!RETRY_CODES.has(codeOf(e) ?? '')) this.lost(handle, e);
    } finally {
      this.reading = false;
    }
  }

  private lost(handle: FileHandle, error: unknown): void {
    if (this.handle !== handle) return;
    this.stopPolling();
    this.handle = null;
    void handle.close().catch(() => undefined);
    this.events.lost(new DeviceError('device.offline', `${this.description}: ${errorWithCode(error)}`, { cause: error }));
  }

  private stopPolling(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
  }

  async write(bytes: Uint8Array): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new DeviceError('device.offline', `${this.description}: not open`);
    let offset = 0;
    let wait = 1;
    const deadline = Date.now() + this.options.writeTimeoutMs;
    while (offset < bytes.length) {
      try {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
        wait = 1;
      } catch (e) {
        if (!RETRY_CODES.has(codeOf(e) ?? '')) {
          this.lost(handle, e);
          throw new DeviceError('device.offline', `${this.description}: ${errorWithCode(e)}`, { cause: e });
        }
        if (Date.now() > deadline)
          throw new DeviceError('device.timeout', `${this.description}: the device took no data for ${this.options.writeTimeoutMs} ms`);
        await delay(wait);
        wait = Math.min(wait * 2, 50);
      }
      if (this.handle !== handle) throw new DeviceError('device.offline', `${this.description}: closed during the write`);
    }
  }

  async close(): Promise<void> {
    this.stopPolling();
    const handle = this.handle;
    this.handle = null;
    this.events.disarm();
    if (handle) await handle.close().catch(() => undefined);
  }
}
