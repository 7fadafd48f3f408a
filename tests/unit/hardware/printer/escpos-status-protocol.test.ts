import { describe, expect, it } from 'vitest';
import { EscPosStatusProtocol } from '../../../../hardware/printer/escpos-status-protocol.ts';
import type { StatusLink } from '../../../../hardware/printer/status-protocol.ts';
import type { PrinterStatus } from '../../../../hardware/protocols/printer-status.ts';

/** A link that records what is written and what the protocol reports. */
function fakeLink(): { link: StatusLink; written: number[][]; reports: PrinterStatus[]; silent: () => number } {
  const written: number[][] = [];
  const reports: PrinterStatus[] = [];
  let silent = 0;
  const link: StatusLink = {
    isConnected: () => true,
    write: async (bytes) => void written.push([...bytes]),
    reported: (status) => void reports.push(status),
    noAnswer: () => void silent++,
    lastStatus: () => reports.at(-1) ?? null,
    warn: () => undefined,
  };
  return { link, written, reports, silent: () => silent };
}

const options = { statusReplyMs: 50, jobTimeoutMs: 200, encoding: 'big5' as const, chunkBytes: 4, jobOriented: false };

describe('EscPosStatusProtocol', () => {
  it('asks with DLE EOT 1, 2 and 4 and makes one status of the three replies', async () => {
    const fake = fakeLink();
    const protocol = new EscPosStatusProtocol(fake.link, options);
    const status = protocol.query();
    expect(fake.written).toEqual([[0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]]);
    // Online, cover open, paper near end.
    protocol.receive(Uint8Array.of(0x12, 0x16, 0x1e));
    expect(await status).toEqual({ online: true, coverOpen: true, paperNearEnd: true, paperOut: false, drawerOpen: false, error: false });
    expect(fake.reports).toHaveLength(1);
  });

  it('counts a query nobody answers as the printer not answering', async () => {
    const fake = fakeLink();
    await expect(new EscPosStatusProtocol(fake.link, options).query()).rejects.toThrow(/no reply to DLE EOT within 50 ms/);
    expect(fake.silent()).toBe(1);
  });

  it('cuts a job into chunks on command boundaries, unless the transport takes whole jobs', () => {
    const job = Uint8Array.of(0x1b, 0x40, 0x41, 0x42, 0x43, 0x0a, 0x1d, 0x56, 0x01);
    expect(new EscPosStatusProtocol(fakeLink().link, options).frame(job).map((c) => c.length)).toEqual([2, 4, 3]);
    expect(new EscPosStatusProtocol(fakeLink().link, { ...options, jobOriented: true }).frame(job)).toEqual([job]);
  });

  it('reports an ASB message as a status', () => {
    const fake = fakeLink();
    new EscPosStatusProtocol(fake.link, options).receive(Uint8Array.of(0x18, 0x00, 0x0c, 0x00));
    expect(fake.reports).toEqual([
      { online: false, coverOpen: false, paperNearEnd: false, paperOut: true, drawerOpen: false, error: false },
    ]);
  });
});
