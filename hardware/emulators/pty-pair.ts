// A pair of connected pseudo-terminals from socat, as a null-modem cable: what is written to
// one end comes out of the other. The emulator opens one end, the driver under test the
// other, both as serial ports. Paths are symlinks we choose (socat's link=), so after the
// pair is killed ("cable pulled") a new pair can be made at the same paths ("plugged in").
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceError } from '../device.ts';

export interface PtyPairPaths {
  /** The device's end (the emulator opens this). */
  devicePath: string;
  /** The host's end (the driver opens this, like /dev/ttyUSB0). */
  hostPath: string;
  /** The directory holding both links. */
  dir: string;
}

export function ptyPairPaths(dir = mkdtempSync(join(tmpdir(), 'tillproof-pty-')), name = 'device'): PtyPairPaths {
  return { devicePath: join(dir, `${name}-emulator`), hostPath: join(dir, `${name}-host`), dir };
}

/** Removes the links' directory once no pair will be made there again. */
export function removePtyPaths(paths: PtyPairPaths): void {
  rmSync(paths.dir, { recursive: true, force: true });
}

export class PtyPair {
  readonly paths: PtyPairPaths;
  readonly devicePath: string;
  readonly hostPath: string;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  /** Where socat made the host's link while it is held back (see open's holdHost). */
  private heldHostPath: string | null;
  private renamed = false;

  private constructor(paths: PtyPairPaths, child: ChildProcess, heldHostPath: string | null) {
    this.paths = paths;
    this.heldHostPath = heldHostPath;
    this.devicePath = paths.devicePath;
    this.hostPath = paths.hostPath;
    this.child = child;
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }

  /**
   * Starts socat and resolves when both ends exist. Needs socat (apt-get install socat).
   * `holdHost`: the host's link appears only at publishHost(), so a driver retrying the path
   * cannot open its end before the emulator has opened the device end (opening a pty flushes
   * it, which would drop the driver's first bytes, as a real device that is still booting).
   */
  static open(paths: PtyPairPaths = ptyPairPaths(), timeoutMs = 5000, options: { holdHost?: boolean } = {}): Promise<PtyPair> {
    const held = options.holdHost ? `${paths.hostPath}.plugging` : null;
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${paths.devicePath}`, `pty,raw,echo=0,link=${held ?? paths.hostPath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new DeviceError('device.timeout', `socat did not start within ${timeoutMs} ms: ${log.trim()}`));
      }, timeoutMs);
      timer.unref?.();
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new DeviceError('device.unsupported', `cannot run socat (apt-get install socat): ${e.message}`, { cause: e }));
      });
      child.stderr!.setEncoding('utf8');
      const onLog = (chunk: string): void => {
        log += chunk;
        if (log.includes('starting data transfer loop')) {
          clearTimeout(timer);
          child.stderr!.off('data', onLog);
          child.stderr!.resume();
          resolve(new PtyPair(paths, child, held));
        }
      };
      child.stderr!.on('data', onLog);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new DeviceError('device.io', `socat exited (${code}) before the ptys were ready: ${log.trim()}`));
      });
    });
  }

  /** Makes the host's end appear at hostPath (after open with holdHost). */
  publishHost(): void {
    if (!this.heldHostPath) return;
    renameSync(this.heldHostPath, this.hostPath);
    this.heldHostPath = null;
    this.renamed = true;
  }

  /** Kills socat: both ends hang up, as if the cable were pulled. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
      timer.unref?.();
      await this.exited;
      clearTimeout(timer);
    }
    // socat removes the links it made; the one we renamed is ours to remove.
    if (this.renamed) rmSync(this.hostPath, { force: true });
  }
}
