import { MessageChannelMain, utilityProcess } from 'electron';
import { hostToMainSchema, type HostToMain } from './host-protocol.ts';
import type { HostChild, HostLauncher } from './host-supervisor.ts';

// Launches the host (electron/host-process.ts, built to JS) as an Electron utilityProcess.
// Control messages go over the process's parentPort; contract frames over a MessagePort pair
// created here, one end kept by main, the other transferred to the host with 'connect'.

export function utilityHostLauncher(entry: string, output: (stream: 'stdout' | 'stderr', text: string) => void): HostLauncher {
  return {
    launch(): HostChild {
      const proc = utilityProcess.fork(entry, [], { serviceName: 'Tillproof host', stdio: 'pipe' });
      const { port1, port2 } = new MessageChannelMain();
      const handlers: Array<(message: HostToMain) => void> = [];
      const deliver = (message: HostToMain) => {
        for (const h of handlers) h(message);
      };
      proc.stdout?.on('data', (chunk: Buffer) => output('stdout', chunk.toString('utf8')));
      proc.stderr?.on('data', (chunk: Buffer) => output('stderr', chunk.toString('utf8')));
      proc.on('message', (raw: unknown) => {
        const parsed = hostToMainSchema.safeParse(raw);
        if (parsed.success) deliver(parsed.data);
        else output('stderr', '[shell] ignored a malformed control message from the host\n');
      });
      port1.on('message', (event) => {
        if (typeof event.data === 'string') deliver({ type: 'frame', text: event.data });
      });
      port1.start();
      proc.postMessage({ type: 'connect' }, [port2]);
      return {
        send(message) {
          if (message.type === 'frame') port1.postMessage(message.text);
          else proc.postMessage(message);
        },
        onMessage(handler) {
          handlers.push(handler);
        },
        onExit(handler) {
          proc.once('exit', (code) => {
            port1.close();
            handler(code);
          });
        },
        kill(force) {
          const pid = proc.pid;
          if (force && pid !== undefined) {
            try {
              process.kill(pid, 'SIGKILL');
              return;
            } catch {
              // already gone, or not ours to kill: fall back to a normal kill
            }
          }
          proc.kill();
        },
      };
    },
  };
}
