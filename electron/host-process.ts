// Entry of the host process. Electron runs it as a utilityProcess (a native driver crash takes
// down this process, not the window; main restarts it); tests and debugging run it with
// child_process.fork. Control messages come on process.parentPort (Electron) or process IPC
// (fork); contract frames on the MessagePort main sends with 'connect' (Electron) or on the
// same IPC (fork). It must not import 'electron': a utility process has no main-process APIs.
import { consoleLogger } from '../host/logger.ts';
import { runHostService, type ControlLink, type FrameLink, type HostService } from './host-service.ts';
import type { HostToMain } from './host-protocol.ts';

interface PortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
}

interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): unknown;
  postMessage(message: unknown): void;
}

function isParentPort(value: unknown): value is ParentPortLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    'postMessage' in value &&
    typeof value.postMessage === 'function' &&
    'on' in value &&
    typeof value.on === 'function'
  );
}

// JSON lines on stderr: main stores them in the host log (electron/main.ts).
const log = consoleLogger({ console: 'json' });

function portLink(port: PortLike): FrameLink {
  return {
    send: (text) => port.postMessage(text),
    onFrame: (handler) => {
      port.on('message', (e) => {
        if (typeof e.data === 'string') handler(e.data);
      });
      port.start();
    },
  };
}

function electronLinks(parentPort: ParentPortLike): { control: ControlLink; frames: FrameLink | null } {
  return {
    control: {
      post: (message: HostToMain) => parentPort.postMessage(message),
      onMessage: (handler) => {
        parentPort.on('message', (e) => {
          const port = e.ports[0];
          handler(e.data, port ? portLink(port) : null);
        });
      },
    },
    frames: null,
  };
}

function forkLinks(send: (message: unknown) => boolean): { control: ControlLink; frames: FrameLink } {
  const frameHandlers: Array<(text: string) => void> = [];
  const controlHandlers: Array<(message: unknown, frames: FrameLink | null) => void> = [];
  process.on('message', (message: unknown) => {
    if (
      typeof message === 'object' &&
      message !== null &&
      'type' in message &&
      message.type === 'frame' &&
      'text' in message &&
      typeof message.text === 'string'
    ) {
      const text = message.text;
      for (const h of frameHandlers) h(text);
      return;
    }
    for (const h of controlHandlers) h(message, null);
  });
  return {
    control: { post: (message) => void send(message), onMessage: (handler) => void controlHandlers.push(handler) },
    frames: { send: (text) => void send({ type: 'frame', text }), onFrame: (handler) => void frameHandlers.push(handler) },
  };
}

function main(): void {
  const parentPort: unknown = Reflect.get(process, 'parentPort');
  const send = process.send?.bind(process);
  const links = isParentPort(parentPort) ? electronLinks(parentPort) : send ? forkLinks(send) : null;
  if (!links) {
    log.error(
      'electron/host-process runs under the Tillproof shell (or child_process.fork); use "tillproof serve" to run the host by itself.',
    );
    process.exitCode = 2;
    return;
  }
  let service: HostService | null = null;
  const exit = (code: number) => {
    // Let the last control message leave before the process ends.
    setTimeout(() => process.exit(code), 50);
  };
  service = runHostService({ control: links.control, frames: links.frames, log, exit });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void service?.shutdown(signal));
  }
  // Main went away (fork mode): close the ledger rather than linger.
  process.once('disconnect', () => void service?.shutdown('parent disconnected'));
  process.on('uncaughtException', (e) => {
    log.error('uncaught exception', { error: e.stack ?? e.message });
    // The ledger is durable (WAL, synchronous=FULL): committed entries survive this exit.
    process.exit(70);
  });
}

main();
