import { describe, expect, it } from 'vitest';
import { createHidPosAssembler, parseHidPosReport } from '../../../../../hardware/protocols/hid-pos/hid-pos-report.ts';
import { hidPosReports } from '../../../../../hardware/emulators/hid-report-feeder.ts';

/** A report as captured from a scanner in HID POS mode (hex), EAN-13 4006381333931 with ]E0. */
const RECORDED_EAN13 = Buffer.from(
  '020d5d45303430303633383133333339333100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
  'hex',
);

describe('parseHidPosReport', () => {
  it('reads length, AIM symbology identifier, data and the continuation bit', () => {
    expect(RECORDED_EAN13).toHaveLength(64);
    const r = parseHidPosReport(RECORDED_EAN13);
    expect(r.ok && r.report).toEqual({ aim: ']E0', data: Uint8Array.from(Buffer.from('4006381333931')), continued: false });
  });

  it('skips reports that are not scans and refuses broken ones', () => {
    const other = Uint8Array.from(RECORDED_EAN13);
    other[0] = 4;
    expect(parseHidPosReport(other)).toMatchObject({ ok: false, ignore: true });
    const tooLong = Uint8Array.from(RECORDED_EAN13);
    tooLong[1] = 57;
    expect(parseHidPosReport(tooLong)).toMatchObject({ ok: false, ignore: false });
    expect(parseHidPosReport(RECORDED_EAN13.subarray(0, 40))).toMatchObject({ ok: false, ignore: false });
    const badAim = Uint8Array.from(RECORDED_EAN13);
    badAim[2] = 0x41;
    expect(parseHidPosReport(badAim)).toMatchObject({ ok: false, ignore: false });
  });
});

describe('createHidPosAssembler', () => {
  const assembler = () => createHidPosAssembler({ continuationTimeoutMs: 100, maxLength: 512 });
  const gs1 = '0104012345678901' + '\x1d' + '21' + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz' + '\x1d' + '10LOT42';

  it('joins continued reports into one scan with its symbology identifier', () => {
    const reports = hidPosReports(gs1, ']d2');
    expect(reports).toHaveLength(2);
    expect(reports[0]![63]).toBe(1);
    const a = assembler();
    expect(a.push(reports[0]!, 0)).toEqual([]);
    expect(a.deadline()).toBe(100);
    expect(a.push(reports[1]!, 5)).toEqual([{ ok: true, code: `]d2${gs1}` }]);
    expect(a.deadline()).toBeNull();
  });

  it('discards a read whose continuation never comes, or comes with another symbology', () => {
    const reports = hidPosReports(gs1, ']d2');
    const a = assembler();
    a.push(reports[0]!, 0);
    expect(a.expire(100)).toMatchObject([{ ok: false, reason: 'scan.partial' }]);
    a.push(reports[0]!, 200);
    const mixed = hidPosReports('12345', ']E0')[0]!;
    expect(a.push(mixed, 210)).toMatchObject([{ ok: false, reason: 'scan.partial' }]);
    a.push(reports[0]!, 300);
    expect(a.reset()).toMatchObject([{ ok: false, reason: 'scan.partial' }]);
  });

  it('refuses control characters in the data and a malformed report mid-read', () => {
    const a = assembler();
    expect(a.push(hidPosReports('4006\x1b381333931')[0]!, 0)).toMatchObject([{ ok: false, reason: 'scan.noise' }]);
    const reports = hidPosReports(gs1);
    a.push(reports[0]!, 0);
    const broken = Uint8Array.from(reports[1]!);
    broken[1] = 200;
    expect(a.push(broken, 1)).toMatchObject([{ ok: false, reason: 'scan.malformed-report' }]);
  });

  it('reads scans without a symbology identifier', () => {
    expect(assembler().push(hidPosReports('4006381333931', null)[0]!, 0)).toEqual([{ ok: true, code: '4006381333931' }]);
  });
});
