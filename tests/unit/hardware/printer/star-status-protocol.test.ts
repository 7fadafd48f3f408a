import { describe, expect, it } from 'vitest';
import { StarStatusProtocol } from '../../../../hardware/printer/star-status-protocol.ts';
import type { StatusLink, WrittenJob } from '../../../../hardware/printer/status-protocol.ts';
import type { PrinterStatus } from '../../../../hardware/protocols/printer-status.ts';
import { silentLog } from '../../../../hardware/device.ts';

/** A link that records what is written and what the protocol reports. */
function fakeLink(): { link: StatusLink; written: number[][] } {
  const written: number[][] = [];
  const reports: PrinterStatus[] = [];
  const link: StatusLink = {
    isConnected: () => true,
    write: async (bytes) => void written.push([...bytes]),
    reported: (status) => void reports.push(status),
    noAnswer: () => undefined,
    lastStatus: () => reports.at(-1) ?? null,
    warn: () => undefined,
  };
  return { link, written };
}

/** A 9-byte ASB (version 3) with the ETB counter `etb` and no fault. */
const asb = (etb: number): Uint8Array => Uint8Array.of(0x23, 0x06, 0, 0, 0, 0, 0, ((etb & 0x07) << 1) | ((etb & 0x18) << 2), 0);

const noFault: WrittenJob = {
  faulted: new Promise(() => undefined),
  fault: () => null,
  abandon: async () => ({ ok: false, reason: 'error' }),
};

describe('StarStatusProtocol', () => {
  it('ends a confirmed job with ETB and sends it whole', () => {
    const protocol = new StarStatusProtocol(fakeLink().link, { statusReplyMs: 50, jobTimeoutMs: 200 }, silentLog);
    expect(protocol.frame(Uint8Array.of(0x41, 0x0a), true)).toEqual([Uint8Array.of(0x41, 0x0a, 0x17)]);
    expect(protocol.frame(Uint8Array.of(0x41, 0x0a), false)).toEqual([Uint8Array.of(0x41, 0x0a)]);
  });

  it('answers a status request with the next ASB', async () => {
    const fake = fakeLink();
    const protocol = new StarStatusProtocol(fake.link, { statusReplyMs: 200, jobTimeoutMs: 200 }, silentLog);
    const status = protocol.query();
    expect(fake.written).toEqual([[0x1b, 0x06, 0x01]]);
    protocol.receive(asb(3));
    expect(await status).toMatchObject({ online: true, paperOut: false });
  });

  it('confirms a job once the ETB counter reaches its ETB', async () => {
    const protocol = new StarStatusProtocol(fakeLink().link, { statusReplyMs: 200, jobTimeoutMs: 2000 }, silentLog);
    protocol.receive(asb(4));
    protocol.jobStarting(true);
    const outcome = protocol.confirm(noFault);
    protocol.receive(asb(5));
    expect(await outcome).toEqual({ ok: true });
  });

  it('refuses to confirm when the counter jumps past what was sent', async () => {
    const protocol = new StarStatusProtocol(fakeLink().link, { statusReplyMs: 200, jobTimeoutMs: 2000 }, silentLog);
    protocol.receive(asb(4));
    protocol.jobStarting(true);
    const outcome = protocol.confirm(noFault);
    protocol.receive(asb(7));
    expect(await outcome).toMatchObject({ ok: false, reason: 'error', detail: expect.stringContaining('ETB counter jumped') });
  });
});
