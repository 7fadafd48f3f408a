// Serial ports (RS-232, USB-serial adapters, USB CDC devices) through serialport.
import type * as SerialPortModule from 'serialport';
import type { SerialPort } from 'serialport';
import type { SerialTransportConfig } from '../../core/config/devices.ts';
import { stat } from 'node:fs/promises';
import { DeviceError } from '../device.ts';
import { errorWithCode } from '../error-message.ts';
import { TransportEvents, type ByteTransport } from './transport.ts';

export type SerialOptions = Omit<SerialTransportConfig, 'kind'>;

const PRESENCE_CHECK_MS = 250;
const OPEN_TIMEOUT_MS = 5000;

// Loaded on first use: a machine where the native binding does not load still starts the
// till (the serial devices report offline with the reason).
let serialPortModule: Promise<typeof SerialPortModule> | null = null;
function loadSerialPort(): Promise<typeof SerialPortModule> {
  serialPortModule ??= import('serialport');
  return serialPortModule;
}

export class SerialTransport implements ByteTransport {
  readonly description: string;
  readonly duplex = true;
  readonly jobOriented = false;
  private readonly options: SerialOptions;
  private readonly events = new TransportEvents();
  private port: SerialPort | null = null;
  private presence: ReturnType<typeof setInterval> | null = null;

  constructor(options: SerialOptions) {
    this.options = options;
    this.description = `serial ${options.path}`;
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.events.onData(listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    this.events.onClose(listener);
  }

  async open(): Promise<void> {
    if (this.port) return;
    let SerialPortClass: typeof SerialPort;
    try {
      SerialPortClass = (await loadSerialPort()).SerialPort;
    } catch (e) {
      throw new DeviceError('device.unsupported', `serial ports are not available here: ${errorWithCode(e)}`, { cause: e });
    }
    const o = this.options;
    const port = new SerialPortClass({
      path: o.path,
      baudRate: o.baudRate,
      dataBits: o.dataBits,
      parity: o.parity,
      stopBits: o.stopBits,
      rtscts: o.flowControl === 'rts-cts',
      xon: o.flowControl === 'xon-xoff',
      xoff: o.flowControl === 'xon-xoff',
      autoOpen: false,
    });
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        reject(new DeviceError('device.timeout', `${this.description}: the port did not open within ${OPEN_TIMEOUT_MS} ms`));
      }, OPEN_TIMEOUT_MS);
      timer.unref?.();
      port.open((error) => {
        clearTimeout(timer);
        if (timedOut) {
          if (!error) port.close(() => undefined);
          return;
        }
        if (error) {
          reject(new DeviceError('device.offline', `${this.description}: ${error.message}`, { cause: error }));
          return;
        }
        this.port = port;
        this.events.armed();
        port.on('data', (chunk: Buffer) => this.events.data(new Uint8Array(chunk)));
        port.on('error', (e: Error) => this.lost(port, e));
        // Unplugging a USB adapter (or the other end of a pty going away) closes the port with `disconnected`.
        port.on('close', (e: (Error & { disconnected?: boolean }) | null) =>
          this.lost(port, e ?? new DeviceError('device.offline', `${this.description}: the port closed`)),
        );
        // The read poller does not always see a hang-up (a pty whose other end went away); an
        // unplugged USB adapter also takes its device node with it. Check the node is there.
        this.presence = setInterval(() => {
          stat(o.path).catch(() =>
            this.lost(port, new DeviceError('device.offline', `${this.description}: the device is gone (unplugged)`)),
          );
        }, PRESENCE_CHECK_MS);
        this.presence.unref?.();
        resolve();
      });
    });
  }

  private lost(port: SerialPort, error: Error): void {
    if (this.port !== port) return;
    this.port = null;
    this.stopPresence();
    if (port.isOpen) port.close(() => undefined);
    this.events.lost(new DeviceError('device.offline', `${this.description}: ${error.message}`, { cause: error }));
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port) return Promise.reject(new DeviceError('device.offline', `${this.description}: not open`));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (error) => {
        if (error) return reject(error);
        port.drain((e) => (e ? reject(e) : resolve()));
      });
    });
  }

  private stopPresence(): void {
    if (this.presence) clearInterval(this.presence);
    this.presence = null;
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    this.stopPresence();
    this.events.disarm();
    if (!port || !port.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
