import { describe, expect, it } from 'vitest';
import type { CallEnvelope } from '../../../electron/call-envelope.ts';
import { HostRelay } from '../../../electron/host-relay.ts';
import { ManualTimers } from './manual-timers.ts';

function setup(callTimeoutMs = 1000) {
  const timers = new ManualTimers();
  const events: Array<[string, unknown]> = [];
  const warnings: string[] = [];
  const relay = new HostRelay({ timers, callTimeoutMs, onEvent: (e, p) => events.push([e, p]), log: { warn: (m) => warnings.push(m) } });
  const sent: Array<{ type: string; id: number; method: string; params: unknown }> = [];
  const attach = () => relay.attach((text) => sent.push(JSON.parse(text) as (typeof sent)[number]));
  return { timers, relay, events, warnings, sent, attach };
}

const answer = (id: number, result: unknown) => JSON.stringify({ type: 'result', id, ok: true, result });

describe('host relay', () => {
  it('answers at once while no host is serving, saying why', async () => {
    const { relay } = setup();
    expect(await relay.call('session.state', {})).toMatchObject({
      ok: false,
      error: { messageKey: 'error.shell.host-restarting', details: { retryable: true } },
    });
    relay.detach('failed');
    expect(await relay.call('session.state', {})).toMatchObject({ ok: false, error: { messageKey: 'error.shell.host-failed' } });
    relay.detach('stopping');
    expect(await relay.call('session.state', {})).toMatchObject({ ok: false, error: { messageKey: 'error.shell.stopping' } });
  });

  it('numbers calls and matches answers, in any order', async () => {
    const { relay, sent, attach } = setup();
    attach();
    const a = relay.call('session.state', {});
    const b = relay.call('receipt.get', { receiptNo: 3 });
    expect(sent.map((s) => [s.type, s.method])).toEqual([
      ['call', 'session.state'],
      ['call', 'receipt.get'],
    ]);
    relay.receive(answer(sent[1]!.id, 'b'));
    relay.receive(answer(sent[0]!.id, 'a'));
    expect(await a).toEqual({ ok: true, result: 'a' });
    expect(await b).toEqual({ ok: true, result: 'b' });
    expect(relay.inFlight()).toBe(0);
  });

  it("passes the host's typed errors through unchanged", async () => {
    const { relay, sent, attach } = setup();
    attach();
    const p = relay.call('sale.complete', {});
    const error = { code: 'sale.underpaid', messageKey: 'error.sale.underpaid', message: 'short', details: { due: 5 } };
    relay.receive(JSON.stringify({ type: 'result', id: sent[0]!.id, ok: false, error }));
    expect(await p).toEqual({ ok: false, error });
  });

  it('fails the calls in flight when the host dies: the step may or may not have happened', async () => {
    const { relay, attach } = setup();
    attach();
    const p = relay.call('sale.complete', {});
    relay.detach('restarting');
    expect(await p).toMatchObject({ ok: false, error: { messageKey: 'error.shell.host-lost', details: { retryable: false } } });
  });

  it('times a call out, and ignores its late answer', async () => {
    const { relay, sent, attach, timers, warnings } = setup(1000);
    attach();
    const p = relay.call('receipt.print', { receiptNo: 1 });
    timers.advance(1000);
    expect(await p).toMatchObject({ ok: false, error: { messageKey: 'error.shell.host-timeout' } });
    relay.receive(answer(sent[0]!.id, 'late'));
    expect(warnings).toContain('the host answered a call nobody is waiting for');
  });

  it('hands known events on and drops unknown or malformed frames', () => {
    const { relay, events, warnings } = setup();
    relay.receive(JSON.stringify({ type: 'event', event: 'sale.changed', payload: null }));
    relay.receive(JSON.stringify({ type: 'event', event: 'shell.pwned', payload: {} }));
    relay.receive('not json');
    relay.receive(JSON.stringify({ type: 'result', id: 'x' }));
    expect(events).toEqual([['sale.changed', null]]);
    expect(warnings).toHaveLength(2);
  });

  it("holds pages' calls during an update but lets main ask, and reports when idle", async () => {
    const { relay, sent, attach } = setup();
    attach();
    const inFlight = relay.call('sale.scan', { code: '1', source: 'manual' });
    relay.pause();
    expect(await relay.call('session.state', {})).toMatchObject({ ok: false, error: { messageKey: 'error.shell.updating' } });
    let idle = false;
    const whenIdle = relay.whenIdle().then(() => (idle = true));
    const own = relay.callAsShell('session.state', {});
    relay.receive(answer(sent[0]!.id, 'scanned'));
    await Promise.resolve();
    expect(idle).toBe(false);
    relay.receive(answer(sent[1]!.id, { sale: null, obligation: null }));
    await whenIdle;
    expect(await inFlight).toEqual({ ok: true, result: 'scanned' });
    expect(await own).toEqual({ ok: true, result: { sale: null, obligation: null } });
    relay.resume();
    void relay.call('session.state', {});
    expect(sent).toHaveLength(3);
  });

  it('answers when the link throws on send', async () => {
    const { relay } = setup();
    relay.attach(() => {
      throw new Error('port closed');
    });
    const r: CallEnvelope = await relay.call('session.state', {});
    expect(r.ok).toBe(false);
    expect(relay.inFlight()).toBe(0);
  });
});
