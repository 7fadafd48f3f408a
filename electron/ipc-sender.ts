import { isAppUrl, type WindowRole } from './app-protocol.ts';

// Who may talk to main over IPC: the top frame of one of our own windows, showing one of our
// own pages. Modelled on VS Code's validatedIpcMain, stricter: an unknown window, a frame that
// is gone (senderFrame null after a navigation), about:blank, a sub-frame or a foreign origin
// are all refused.

/** What the IPC event says about its sender, taken out of Electron's objects (ipc-main.ts). */
export interface IpcSenderFacts {
  webContentsId: number;
  /** The sending frame's URL; null when the frame navigated away or was destroyed. */
  frameUrl: string | null;
  /** The frame is its webContents' main frame (not an iframe, not a fenced frame). */
  isMainFrame: boolean;
}

export type SenderCheck =
  { ok: true; role: WindowRole } | { ok: false; reason: 'unknown-window' | 'frame-gone' | 'sub-frame' | 'foreign-origin' };

export function checkIpcSender(facts: IpcSenderFacts, windows: ReadonlyMap<number, WindowRole>): SenderCheck {
  const role = windows.get(facts.webContentsId);
  if (role === undefined) return { ok: false, reason: 'unknown-window' };
  if (facts.frameUrl === null) return { ok: false, reason: 'frame-gone' };
  if (!facts.isMainFrame) return { ok: false, reason: 'sub-frame' };
  if (!isAppUrl(facts.frameUrl)) return { ok: false, reason: 'foreign-origin' };
  return { ok: true, role };
}
