// `tillproof serve` as a child process, exactly as IT or a trainer starts it, for the e2e tests
// and the UI benchmark: the host runs in its own process (as in Electron's utility process), not
// in the test's, so the test's own work is not timed as the till's.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'cli', 'main.ts');

export interface Served {
  child: ChildProcess;
  pairingUrl: string;
  /** The customer display's address (its own token). */
  displayUrl: string;
  /** The printer emulator's control port, its token (read from the owner-only file serve names) and receipts folder (embedded defaults only). */
  controlPort: number;
  controlToken: string;
  receiptsDir: string;
  output: string[];
}

/** What `npm run build:renderer` produces: `serve` ships renderer/dist. */
export async function buildServedRenderer(): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: join(ROOT, 'renderer'),
      configFile: join(ROOT, 'renderer', 'vite.config.ts'),
      mode: 'production',
      logLevel: 'error',
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/**
 * Starts `tillproof serve` (on the embedded defaults, or a config file with no devices) and reads the addresses it prints.
 * `port`: the --port given (default 0, a free one); 'remembered' gives none, as a restart by IT does.
 */
export async function startServe(dataDir: string, options: { config?: string; port?: number | 'remembered' } = {}): Promise<Served> {
  const config = options.config ? ['--config', options.config] : [];
  const port = options.port === 'remembered' ? [] : ['--port', String(options.port ?? 0)];
  const child = spawn(process.execPath, [CLI, 'serve', ...config, '--data-dir', dataDir, ...port], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', TILLPROOF_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return await new Promise<Served>((done, fail) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`tillproof serve printed no pairing URL in 60 s:\n${text}${output.join('')}`)), 60_000);
    child.on('exit', (code) => fail(new Error(`tillproof serve exited with ${code}:\n${text}${output.join('')}`)));
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      output.push(d.toString());
      const url = /^\s+(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/m.exec(text)?.[1];
      const displayUrl = /^\s+(http:\/\/127\.0\.0\.1:\d+\/#display&token=\S+)$/m.exec(text)?.[1];
      const control = /send "token <the token in (\S+)>".* to 127\.0\.0\.1:(\d+)/.exec(text);
      const receipts = /receipts are rendered to (\S+)$/m.exec(text)?.[1];
      if (url && displayUrl && control && receipts) {
        clearTimeout(timer);
        const controlToken = readFileSync(control[1]!, 'utf8').trim();
        done({ child, pairingUrl: url, displayUrl, controlPort: Number(control[2]), controlToken, receiptsDir: receipts, output });
      }
    });
  });
}

/** SIGKILL: the host dies as in a crash or a power cut, closing nothing. */
export async function killServe(served: Served): Promise<void> {
  if (served.child.exitCode !== null || served.child.signalCode !== null) return;
  const exited = new Promise((done) => served.child.once('exit', done));
  served.child.kill('SIGKILL');
  await exited;
}

/** SIGTERM, as an IT script or systemd stops it; resolves when the ledger is closed. */
export async function stopServe(served: Served | undefined): Promise<void> {
  if (!served || served.child.exitCode !== null || served.child.signalCode !== null) return;
  const exited = new Promise((done) => served.child.once('exit', done));
  served.child.kill('SIGTERM');
  await exited;
}
