// A byte link to a device: a TCP socket, a serial port, a device file, a print spooler job.
// Drivers speak bytes through this and never see which one it is.

export interface ByteTransport {
  /** For logs and status: "tcp 192.168.1.50:9100", "serial /dev/ttyUSB0". */
  readonly description: string;
  /** The device's replies come back on this link (status queries work). */
  readonly duplex: boolean;
  /** Every write() is one complete job (the spooler): write whole receipts, never chunks. */
  readonly jobOriented: boolean;
  /** Connects; rejects when the device cannot be reached. */
  open(): Promise<void>;
  /** Resolves when the bytes are handed to the OS (drained); rejects when the link is down. */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes; no close listener is called for a close the driver asked for. */
  close(): Promise<void>;
  onData(listener: (bytes: Uint8Array) => void): void;
  /** The link went down by itself (unplugged, peer closed, I/O error). Called at most once per open(). */
  onClose(listener: (error: Error | null) => void): void;
}

/** Adds the listener plumbing every transport needs. */
export class TransportEvents {
  private readonly dataListeners: Array<(bytes: Uint8Array) => void> = [];
  private readonly closeListeners: Array<(error: Error | null) => void> = [];
  private closedReported = true;

  onData(listener: (bytes: Uint8Array) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    this.closeListeners.push(listener);
  }

  /** A new connection is up: a later loss will be reported. */
  armed(): void {
    this.closedReported = false;
  }

  /** The driver closed on purpose: nothing to report. */
  disarm(): void {
    this.closedReported = true;
  }

  get isUp(): boolean {
    return !this.closedReported;
  }

  data(bytes: Uint8Array): void {
    for (const l of this.dataListeners) l(bytes);
  }

  lost(error: Error | null): void {
    if (this.closedReported) return;
    this.closedReported = true;
    for (const l of this.closeListeners) l(error);
  }
}
