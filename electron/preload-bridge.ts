import type { EventName, EventPayload, MethodName, ParamsInput, Result, TillproofBridge } from '../core/contract/index.ts';
import { isCallEnvelope } from './call-envelope.ts';
import { IPC } from './ipc-channels.ts';
import type { HostStatus } from './host-status.ts';

// What the preload exposes, built over a two-function IPC port so it runs under plain Node in
// tests. Only type imports from core/contract: the preload bundle carries no zod.

/** The two things the preload may do with ipcRenderer. `on` hands listeners the arguments only, never the IPC event. */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (...args: unknown[]) => void): () => void;
}

/** The desktop shell's own bridge, `window.tillproofShell`: the host's state for the "devices restarting" screen. */
export interface TillproofShellBridge {
  readonly hostStatus: () => Promise<HostStatus>;
  readonly onHostStatus: (listener: (status: HostStatus) => void) => () => void;
  readonly retryHost: () => Promise<void>;
}

const malformed = {
  code: 'internal',
  messageKey: 'error.shell.malformed-reply',
  message: 'the till sent a reply the screen cannot read',
} as const;

async function invokeMethod(ipc: PreloadIpc, method: MethodName, params: unknown): Promise<unknown> {
  const envelope = await ipc.invoke(IPC.call, method, params);
  if (!isCallEnvelope(envelope)) return Promise.reject({ ...malformed });
  return envelope.ok ? envelope.result : Promise.reject(envelope.error);
}

type AnyListener = (payload: unknown) => void;

/** One IPC listener for all contract events, fanned out by name (no listener leak per subscription). */
function eventHub(ipc: PreloadIpc): TillproofBridge['on'] {
  const listeners = new Map<string, Set<AnyListener>>();
  let unsubscribeIpc: (() => void) | null = null;
  const dispatch = (...args: unknown[]) => {
    const [event, payload] = args;
    if (typeof event !== 'string') return;
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (e) {
        console.error('[tillproof] an event listener failed', event, e);
      }
    }
  };
  return <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener as AnyListener);
    unsubscribeIpc ??= ipc.on(IPC.event, dispatch);
    return () => {
      set.delete(listener as AnyListener);
      if (set.size === 0) listeners.delete(event);
      if (listeners.size === 0 && unsubscribeIpc) {
        unsubscribeIpc();
        unsubscribeIpc = null;
      }
    };
  };
}

/** `window.tillproof`: one function per contract method plus `on`. A contract method missing here fails the typecheck. */
export function createContractBridge(ipc: PreloadIpc): TillproofBridge {
  const call =
    <M extends MethodName>(method: M) =>
    (params: ParamsInput<M>): Promise<Result<M>> =>
      invokeMethod(ipc, method, params) as Promise<Result<M>>;
  return {
    'session.state': call('session.state'),
    'session.login': call('session.login'),
    'session.lock': call('session.lock'),
    'session.logout': call('session.logout'),
    'catalog.search': call('catalog.search'),
    'sale.scan': call('sale.scan'),
    'sale.addItem': call('sale.addItem'),
    'sale.setQuantity': call('sale.setQuantity'),
    'sale.weigh': call('sale.weigh'),
    'scale.read': call('scale.read'),
    'sale.voidLine': call('sale.voidLine'),
    'sale.attachMember': call('sale.attachMember'),
    'sale.setSerial': call('sale.setSerial'),
    'sale.detachMember': call('sale.detachMember'),
    'member.search': call('member.search'),
    'member.view': call('member.view'),
    'member.create': call('member.create'),
    'sale.applyDiscount': call('sale.applyDiscount'),
    'sale.overridePrice': call('sale.overridePrice'),
    'sale.present': call('sale.present'),
    'sale.reopen': call('sale.reopen'),
    'sale.addTender': call('sale.addTender'),
    'sale.removeTender': call('sale.removeTender'),
    'sale.setSalespersons': call('sale.setSalespersons'),
    'sale.salespersonChoices': call('sale.salespersonChoices'),
    'sale.setInvoiceBuyer': call('sale.setInvoiceBuyer'),
    'sale.complete': call('sale.complete'),
    'sale.cancel': call('sale.cancel'),
    'sale.postVoid': call('sale.postVoid'),
    'sale.park': call('sale.park'),
    'sale.parked': call('sale.parked'),
    'sale.recall': call('sale.recall'),
    'receipt.print': call('receipt.print'),
    'receipt.electronic': call('receipt.electronic'),
    'receipt.reprint': call('receipt.reprint'),
    'receipt.get': call('receipt.get'),
    'return.lookup': call('return.lookup'),
    'return.quote': call('return.quote'),
    'return.complete': call('return.complete'),
    'exchange.quote': call('exchange.quote'),
    'exchange.complete': call('exchange.complete'),
    'drawer.noSale': call('drawer.noSale'),
    'devices.status': call('devices.status'),
    'ledger.integrity': call('ledger.integrity'),
    'devices.details': call('devices.details'),
    'devices.testPrint': call('devices.testPrint'),
    'settings.store': call('settings.store'),
    'staff.list': call('staff.list'),
    'staff.add': call('staff.add'),
    'staff.update': call('staff.update'),
    'staff.clearLockout': call('staff.clearLockout'),
    'staff.createFirstAdmin': call('staff.createFirstAdmin'),
    'till.status': call('till.status'),
    'till.openDrawer': call('till.openDrawer'),
    'till.cashMovement': call('till.cashMovement'),
    'till.closeDrawer': call('till.closeDrawer'),
    'till.cosign': call('till.cosign'),
    'till.cardBatch': call('till.cardBatch'),
    'till.cosignCardBatch': call('till.cosignCardBatch'),
    'loss.cases': call('loss.cases'),
    'loss.review': call('loss.review'),
    'giftcard.balance': call('giftcard.balance'),
    'giftcard.sell': call('giftcard.sell'),
    'report.x': call('report.x'),
    'report.printX': call('report.printX'),
    'report.z': call('report.z'),
    'report.period': call('report.period'),
    on: eventHub(ipc),
  } satisfies TillproofBridge;
}

/** `window.tillproofShell`. */
export function createShellBridge(ipc: PreloadIpc): TillproofShellBridge {
  return {
    hostStatus: () => ipc.invoke(IPC.hostStatus) as Promise<HostStatus>,
    onHostStatus: (listener) =>
      ipc.on(IPC.hostStatusChanged, (status) => {
        listener(status as HostStatus);
      }),
    retryHost: async () => {
      await ipc.invoke(IPC.hostRetry);
    },
  } satisfies TillproofShellBridge;
}
