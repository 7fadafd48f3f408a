import type { MethodName, ParamsInput, Result } from './methods.ts';
import type { EventName, EventPayload } from './events.ts';
import type { HostErrorShape } from './errors.ts';
import { TillproofError } from '../shared/errors.ts';
import { serverMessageSchema } from './wire.ts';

/** A failed call as the UI sees it: the host's typed error. */
export class ContractCallError extends TillproofError<HostErrorShape['code']> {
  readonly messageKey: string;
  declare readonly details: Record<string, unknown> | undefined;
  constructor(shape: HostErrorShape) {
    super(shape.code, shape.message, shape.details === undefined ? {} : { details: shape.details });
    this.name = 'ContractCallError';
    this.messageKey = shape.messageKey;
  }
}

export interface TextTransport {
  send(text: string): void;
  onMessage(handler: (text: string) => void): void;
  /** The handler gets the close code when the transport has one (a WebSocket's). */
  onClose(handler: (code?: number) => void): void;
  close(): void;
}

type Listener = (payload: unknown) => void;

/** Calls contract methods over a transport and dispatches host events to subscribers. */
export class ContractClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly transport: TextTransport;
  closed = false;
  /** How the host closed the connection (PAIRING_REFUSED_CLOSE: the token is not valid); null while open. */
  closeCode: number | null = null;

  constructor(transport: TextTransport) {
    this.transport = transport;
    transport.onMessage((text) => this.receive(text));
    transport.onClose((code) => {
      this.closed = true;
      this.closeCode = code ?? 0;
      for (const p of this.pending.values())
        p.reject(
          new ContractCallError({ code: 'internal', messageKey: 'error.connection-lost', message: 'the connection to the host was lost' }),
        );
      this.pending.clear();
    });
  }

  private receive(text: string): void {
    let parsed;
    try {
      parsed = serverMessageSchema.safeParse(JSON.parse(text));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'event') {
      for (const l of this.listeners.get(msg.event) ?? []) l(msg.payload);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new ContractCallError(msg.error));
  }

  call<M extends MethodName>(method: M, params: ParamsInput<M>): Promise<Result<M>> {
    if (this.closed)
      return Promise.reject(
        new ContractCallError({ code: 'internal', messageKey: 'error.connection-lost', message: 'the connection to the host is closed' }),
      );
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.transport.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  close(): void {
    this.transport.close();
  }
}

/** Opens a WebSocket (browser or Node 22+ global) to a host's /api with its pairing token. */
export function connectWebSocket(baseUrl: string, token: string): Promise<ContractClient> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api?token=${encodeURIComponent(token)}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const transport: TextTransport = {
      send: (t) => ws.send(t),
      onMessage: (h) => ws.addEventListener('message', (e) => h(typeof e.data === 'string' ? e.data : '')),
      onClose: (h) => ws.addEventListener('close', (e) => h(e.code)),
      close: () => ws.close(),
    };
    ws.addEventListener('open', () => resolve(new ContractClient(transport)), { once: true });
    ws.addEventListener('error', () => reject(new Error(`cannot connect to ${baseUrl}`)), { once: true });
  });
}
