// Raw TCP printing (port 9100, "JetDirect"/AppSocket): the bytes go straight to the printer,
// the printer's status replies come back on the same socket.
import { Socket } from 'node:net';
import { DeviceError } from '../device.ts';
import { TransportEvents, type ByteTransport } from './transport.ts';

export interface TcpTransportOptions {
  host: string;
  port: number;
  connectTimeoutMs: number;
}

export class TcpTransport implements ByteTransport {
  readonly description: string;
  readonly duplex = true;
  readonly jobOriented = false;
  private readonly options: TcpTransportOptions;
  private readonly events = new TransportEvents();
  private socket: Socket | null = null;

  constructor(options: TcpTransportOptions) {
    this.options = options;
    this.description = `tcp ${options.host}:${options.port}`;
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.events.onData(listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    this.events.onClose(listener);
  }

  open(): Promise<void> {
    if (this.socket) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      const timer = setTimeout(
        () => fail(new DeviceError('device.timeout', `${this.description}: no connection within ${this.options.connectTimeoutMs} ms`)),
        this.options.connectTimeoutMs,
      );
      timer.unref?.();
      const fail = (error: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      socket.once('error', fail);
      socket.connect({ host: this.options.host, port: this.options.port }, () => {
        clearTimeout(timer);
        socket.off('error', fail);
        socket.setNoDelay(true);
        // Keep-alive notices a printer that vanished while idle (power cut, cable pulled).
        socket.setKeepAlive(true, 5000);
        this.socket = socket;
        this.events.armed();
        socket.on('data', (chunk: Buffer) => this.events.data(new Uint8Array(chunk)));
        socket.on('error', (error) => this.lost(socket, error));
        socket.on('close', () =>
          this.lost(socket, new DeviceError('device.offline', `${this.description}: the printer closed the connection`)),
        );
        resolve();
      });
    });
  }

  private lost(socket: Socket, error: Error): void {
    if (this.socket !== socket) return;
    this.socket = null;
    socket.destroy();
    this.events.lost(error);
  }

  write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.reject(new DeviceError('device.offline', `${this.description}: not connected`));
    return new Promise((resolve, reject) => {
      socket.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    this.events.disarm();
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      const timer = setTimeout(() => {
        socket.destroy();
        resolve();
      }, 500);
      timer.unref?.();
    });
  }
}
