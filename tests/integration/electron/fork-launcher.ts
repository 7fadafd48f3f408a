import { fork, type ChildProcess } from 'node:child_process';
import { hostToMainSchema, type HostToMain } from '../../../electron/host-protocol.ts';
import type { HostChild, HostLauncher } from '../../../electron/host-supervisor.ts';

// The host process under plain Node: child_process.fork of electron/host-process.ts (or its
// built .js), the same entry Electron runs as a utilityProcess. Frames ride the fork's IPC.

export interface ForkLauncher extends HostLauncher {
  readonly children: ChildProcess[];
  readonly output: string[];
}

export function forkHostLauncher(entry: string): ForkLauncher {
  const children: ChildProcess[] = [];
  const output: string[] = [];
  return {
    children,
    output,
    launch(): HostChild {
      const child = fork(entry, [], { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
      children.push(child);
      child.stdout?.on('data', (d: Buffer) => output.push(d.toString('utf8')));
      child.stderr?.on('data', (d: Buffer) => output.push(d.toString('utf8')));
      return {
        send(message) {
          if (child.connected) child.send(message, () => undefined);
        },
        onMessage(handler) {
          child.on('message', (raw) => {
            const parsed = hostToMainSchema.safeParse(raw);
            if (parsed.success) handler(parsed.data satisfies HostToMain);
          });
        },
        onExit(handler) {
          child.once('exit', (code) => handler(code));
        },
        kill(force) {
          child.kill(force ? 'SIGKILL' : 'SIGTERM');
        },
      };
    },
  };
}
