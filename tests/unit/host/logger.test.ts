import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLogger } from '../../../host/logger.ts';

describe('shell log', () => {
  it('writes JSON lines and rotates at the size limit, keeping a few files', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tp-log-')), 'logs');
    const log = await openLogger({
      file: { dir, name: 'main', maxBytes: 200, keep: 2 },
      console: false,
      env: {},
      now: () => new Date('2026-01-02T03:04:05Z'),
    });
    for (let i = 0; i < 20; i++) {
      log.info('host status', { state: 'running', i });
      // Rotation happens between writes, as it does between a running app's log lines.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await vi.waitFor(() => expect(readdirSync(dir)).toHaveLength(3));
    await log.close();
    // main.<n>.log, the highest n being the current file (pino-roll's naming).
    const generation = (file: string) => Number(/^main\.(\d+)\.log$/.exec(file)?.[1]);
    const files = readdirSync(dir).sort((a, b) => generation(a) - generation(b));
    expect(files.map((f) => f.replace(/\.\d+\./, '.N.'))).toEqual(['main.N.log', 'main.N.log', 'main.N.log']);
    const last = files
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
      .filter(Boolean)
      .at(-1)!;
    expect(JSON.parse(last)).toEqual({ at: '2026-01-02T03:04:05.000Z', level: 'info', message: 'host status', state: 'running', i: 19 });
  });
});
