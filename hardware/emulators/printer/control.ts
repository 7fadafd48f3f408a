// The virtual printer's control channel: one command per line, answered "ok ..." or "error ...".
// IT training and tests use it to play the faults a real printer has.
import type { PrinterModel } from './printer-model.ts';

export interface ControlTarget {
  readonly model: PrinterModel;
  clearError(): void;
  dropConnections(): void;
  /** What the "status" command shows. */
  status(): Record<string, unknown>;
}

const COMMANDS = new Map<string, (target: ControlTarget) => void>([
  ['paper-out', (t) => t.model.setPaperOut(true)],
  ['paper-ok', (t) => t.model.setPaperOut(false)],
  ['paper-near-end', (t) => t.model.setPaperNearEnd(true)],
  ['cover-open', (t) => t.model.setCoverOpen(true)],
  ['cover-close', (t) => t.model.setCoverOpen(false)],
  ['offline', (t) => t.model.setOffline(true)],
  ['online', (t) => t.model.setOffline(false)],
  ['open-drawer', (t) => t.model.openDrawer()],
  ['close-drawer', (t) => t.model.closeDrawer()],
  ['clear-error', (t) => t.clearError()],
  ['unplug', (t) => t.dropConnections()],
]);

const COMMAND_LIST =
  'paper-out, paper-ok, paper-near-end, paper-lines N, cover-open, cover-close, offline, online, open-drawer, close-drawer, clear-error, unplug, status';

/** Runs one control command; returns the reply line. */
export function runControlCommand(target: ControlTarget, line: string): string {
  const [command, arg] = line.split(/\s+/);
  if (command === 'status') return `ok ${JSON.stringify(target.status())}`;
  if (command === 'paper-lines') {
    const n = arg === 'none' ? null : Number(arg);
    if (n !== null && (!Number.isInteger(n) || n < 0)) return 'error paper-lines takes a whole number or "none"';
    target.model.setPaperLines(n);
    return `ok ${command}`;
  }
  const run = command === undefined ? undefined : COMMANDS.get(command);
  if (!run) return `error unknown command "${command ?? ''}" (${COMMAND_LIST})`;
  run(target);
  return `ok ${command}`;
}
