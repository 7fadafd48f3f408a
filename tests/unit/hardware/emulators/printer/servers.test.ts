// The virtual printer's control port is reachable by every local user (127.0.0.1): only a
// connection whose first line carries the printer's token may run paper-out, close-drawer...
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualPrinter } from '../../../../../hardware/emulators/virtual-printer.ts';
import { controlTokenLine } from '../../../../../hardware/emulators/printer/servers.ts';
import { sendControl } from '../../../../helpers/printer-control.ts';

const printers: VirtualPrinter[] = [];
afterEach(async () => {
  for (const p of printers.splice(0)) await p.close();
});

async function listening(): Promise<{ vp: VirtualPrinter; port: number }> {
  const vp = new VirtualPrinter({ drawerCloseAfterMs: null });
  printers.push(vp);
  return { vp, port: await vp.listenControl() };
}

/** Everything the server says on one connection until it closes it. */
function conversation(port: number, text: string): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.setEncoding('utf8');
    let reply = '';
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.once('close', () => done(reply));
    socket.once('error', fail);
  });
}

describe('the control channel', () => {
  it('refuses a connection that does not start with the token, and runs none of its commands', async () => {
    const { vp, port } = await listening();
    vp.openDrawer();
    const reply = await conversation(port, 'paper-out\nclose-drawer\n');
    expect(reply).toMatch(/^error send "token <control token>" first/);
    expect(reply).not.toMatch(/^ok /m);
    expect(vp.snapshot()).toMatchObject({ paperOut: false, drawerOpen: true });
  });

  it('refuses a wrong or partial token', async () => {
    const { vp, port } = await listening();
    for (const line of [`token ${vp.controlToken.slice(1)}`, `token ${vp.controlToken}x`, 'token', `${vp.controlToken}`]) {
      expect(await conversation(port, `${line}\npaper-out\n`)).toMatch(/^error send "token/);
    }
    expect(vp.snapshot().paperOut).toBe(false);
  });

  it('runs commands after the token line', async () => {
    const { vp, port } = await listening();
    expect(await sendControl(port, vp.controlToken, 'paper-out')).toBe('ok paper-out');
    expect(vp.snapshot().paperOut).toBe(true);
  });

  it('takes a token given by the owner, and makes a new random one otherwise', () => {
    const given = new VirtualPrinter({ controlToken: 'owner-chosen-token' });
    const other = new VirtualPrinter();
    printers.push(given, other);
    expect(given.controlToken).toBe('owner-chosen-token');
    expect(other.controlToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(controlTokenLine('token owner-chosen-token', 'owner-chosen-token')).toBe(true);
    expect(controlTokenLine('token  owner-chosen-token', 'owner-chosen-token')).toBe(true);
    expect(controlTokenLine('token owner-chosen-tokeN', 'owner-chosen-token')).toBe(false);
    expect(controlTokenLine('owner-chosen-token', 'owner-chosen-token')).toBe(false);
  });
});
