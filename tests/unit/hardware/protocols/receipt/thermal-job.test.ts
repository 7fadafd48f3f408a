import { describe, expect, it } from 'vitest';
import { ThermalJob } from '../../../../../hardware/protocols/receipt/thermal-job.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('ThermalJob (node-thermal-printer for styles, line feeds and cuts)', () => {
  it('writes ESC/POS styles only when they change, and ESC @ after each cut', () => {
    const job = new ThermalJob('escpos', 48);
    job.start();
    job.setAlign('left');
    job.setBold(false);
    job.setAlign('center');
    job.setAlign('center');
    job.setBold(true);
    job.setDouble(true);
    job.line(Uint8Array.of(0x41));
    job.cut(true);
    // After the cut the printer is back at its defaults: nothing to switch off.
    job.setAlign('left');
    job.setBold(false);
    job.setDouble(false);
    expect(hex(job.finish())).toBe('1b6101' + '1b4501' + '1d2111' + '410a' + '1d5601' + '1b40');
  });

  it('writes the Star Line Mode forms of the same styles and cut', () => {
    const job = new ThermalJob('star', 48);
    job.start();
    job.setAlign('right');
    job.setBold(true);
    job.setDouble(true);
    job.setDouble(false);
    job.cut(false);
    expect(hex(job.finish())).toBe('1b1d6102' + '1b45' + '1b690101' + '1b690000' + '1b6402' + '1b40');
  });

  it('starts each job empty', () => {
    const job = new ThermalJob('escpos', 32);
    job.start();
    job.bytes(Uint8Array.of(1, 2, 3));
    job.start();
    job.bytes(Uint8Array.of(4));
    expect([...job.finish()]).toEqual([4]);
  });
});
