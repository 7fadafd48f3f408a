import { describe, expect, it } from 'vitest';
import { createReplyParser, decodePaperSensor } from '../../../../../hardware/protocols/escpos/status-replies.ts';

describe('createReplyParser', () => {
  // DLE EOT 1 reply (drawer high), an ASB (paper out, offline), a GS r 1 reply (paper end), DLE EOT 4 reply.
  const stream = Uint8Array.of(0x16, 0x18, 0x00, 0x0c, 0x00, 0x0c, 0x72);

  it('tells DLE EOT replies, ASB messages and in-order GS r replies apart, however the bytes are split', () => {
    for (let split = 0; split <= stream.length; split++) {
      const parser = createReplyParser();
      const replies = [...parser.push(stream.subarray(0, split)), ...parser.push(stream.subarray(split))];
      expect(replies.map((r) => r.kind)).toEqual(['realtime', 'asb', 'processed', 'realtime']);
      const asb = replies[1];
      expect(asb?.kind === 'asb' && asb.status).toMatchObject({ online: false, paperOut: true, coverOpen: false, drawerOpen: false });
    }
  });

  it('reports a byte that fits no reply, and an ASB whose later bytes break the pattern, without guessing', () => {
    const parser = createReplyParser();
    expect(parser.push(Uint8Array.of(0x93))).toMatchObject([{ kind: 'unexpected', bytes: [0x93] }]);
    expect(parser.push(Uint8Array.of(0x10, 0x00, 0x90, 0x00))).toMatchObject([{ kind: 'unexpected', bytes: [0x10, 0x00, 0x90, 0x00] }]);
  });

  it('decodes GS r 1 paper sensor replies', () => {
    expect(decodePaperSensor(0x00)).toEqual({ paperNearEnd: false, paperOut: false });
    expect(decodePaperSensor(0x03)).toEqual({ paperNearEnd: true, paperOut: false });
    expect(decodePaperSensor(0x0c)).toEqual({ paperNearEnd: false, paperOut: true });
  });
});
