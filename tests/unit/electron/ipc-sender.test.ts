import { describe, expect, it } from 'vitest';
import type { WindowRole } from '../../../electron/app-protocol.ts';
import { checkIpcSender, type IpcSenderFacts } from '../../../electron/ipc-sender.ts';

const windows = new Map<number, WindowRole>([
  [1, 'main'],
  [2, 'display'],
]);
const ours: IpcSenderFacts = { webContentsId: 1, frameUrl: 'app://tillproof/index.html', isMainFrame: true };

describe('IPC sender check', () => {
  it('accepts the top frame of our windows on our pages, with the window role', () => {
    expect(checkIpcSender(ours, windows)).toEqual({ ok: true, role: 'main' });
    expect(checkIpcSender({ ...ours, webContentsId: 2, frameUrl: 'app://tillproof/index.html#display' }, windows)).toEqual({
      ok: true,
      role: 'display',
    });
  });

  it.each<[string, IpcSenderFacts, string]>([
    ['a window that is not ours (devtools, a stray webContents)', { ...ours, webContentsId: 99 }, 'unknown-window'],
    ['a frame that navigated away or was destroyed', { ...ours, frameUrl: null }, 'frame-gone'],
    ['an iframe inside our page', { ...ours, isMainFrame: false }, 'sub-frame'],
    ['our window showing a remote page', { ...ours, frameUrl: 'https://evil.example/' }, 'foreign-origin'],
    ['our window on about:blank', { ...ours, frameUrl: 'about:blank' }, 'foreign-origin'],
    ['our window on a file:// page', { ...ours, frameUrl: 'file:///tmp/x.html' }, 'foreign-origin'],
    ['a look-alike host', { ...ours, frameUrl: 'app://tillproof.evil/index.html' }, 'foreign-origin'],
  ])('refuses %s', (_what, facts, reason) => {
    expect(checkIpcSender(facts, windows)).toEqual({ ok: false, reason });
  });
});
