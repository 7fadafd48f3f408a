import { describe, expect, it } from 'vitest';
import { chunkEscPosJob } from '../../../../../hardware/protocols/escpos/job-chunks.ts';

describe('chunkEscPosJob', () => {
  it('refuses to chunk a malformed job (our own bug must not reach the printer)', () => {
    expect(() => chunkEscPosJob(Uint8Array.of(0x1b, 0x40, 0x1b, 0x7e), 64, 'gb18030')).toThrow(/unknown command/);
  });
});
