// host/scan-log.ts: refused wedge and typed scans reach the log; everything still reaches the screens.
import { expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../core/contract/events.ts';
import { withRefusedScansLogged } from '../../../host/scan-log.ts';

it('logs a refused wedge scan (a split tail) with its reason and passes every event on', () => {
  const lines: Array<[string, unknown]> = [];
  const sent: string[] = [];
  const emit = withRefusedScansLogged(<E extends EventName>(event: E, _payload: EventPayload<E>) => void sent.push(event), {
    info: (m, f) => void lines.push([m, f]),
  });
  emit('scan.received', { code: '47100299', source: 'wedge', ok: false, errorCode: 'scan.split' });
  emit('scan.received', { code: '4711037000012', source: 'wedge', ok: true });
  emit('sale.changed', null);
  expect(lines).toEqual([['scan refused: scan.split', { source: 'wedge', code: '47100299', reason: 'scan.split' }]]);
  expect(sent).toEqual(['scan.received', 'scan.received', 'sale.changed']);
});
