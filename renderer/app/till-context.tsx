import { createContext, useCallback, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Approval, MethodName, ParamsInput, ReceiptView, Result, SaleView, TillproofBridge } from '../../core/contract/index.ts';
import { ApprovalCancelled, approvalDeniedKey, runWithApproval, withApproval, type ApprovalRequest } from '../approval/approval-retry.ts';
import { ApprovalDialog } from '../approval/approval-dialog.tsx';
import { toCallFailure, type CallFailure } from '../bridge/call-failure.ts';
import { methodOf } from '../bridge/method-table.ts';
import { errorKey, hasMessage, type MessageKey, type MessageParams } from '../i18n/i18n.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { TillSnapshot, TillStore } from '../state/till-store.ts';
import { useNotices } from './use-notices.ts';
import { useHardwareScanRefusals } from '../scan/hardware-scan-refusals.ts';

export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'info' | 'success';
  readonly text: string;
  readonly hint?: string;
}

export interface RunOptions {
  /** Shown in the manager dialog: what exactly is being approved, in the UI's words. */
  readonly summary?: string;
  /** Do not show a failure as a notice (the caller shows it). */
  readonly quiet?: boolean;
}

interface PendingApproval {
  readonly request: ApprovalRequest;
  readonly summary: string;
  readonly previous: CallFailure | null;
  readonly resolve: (a: Approval | null) => void;
}

export interface TillValue {
  readonly bridge: TillproofBridge;
  readonly store: TillStore;
  /** Calls a method (asking a manager when the host wants approval); throws CallFailure or ApprovalCancelled. */
  attempt<M extends MethodName>(method: M, params: ParamsInput<M>, options?: RunOptions): Promise<Result<M>>;
  /** Like attempt, but a failure is shown as a notice and comes back as null. */
  run<M extends MethodName>(method: M, params: ParamsInput<M>, options?: RunOptions): Promise<Result<M> | null>;
  notify(kind: Notice['kind'], text: string, hint?: string): void;
  showFailure(failure: CallFailure): void;
  failureText(failure: CallFailure): { text: string; hint?: string };
  dismissNotice(id: number): void;
  /** Drops the error notices (their problem was just solved). */
  clearErrors(): void;
  readonly notices: readonly Notice[];
}

const TillContext = createContext<TillValue | null>(null);

const SALE_RESULTS = new Set<MethodName>([
  'sale.scan',
  'sale.addItem',
  'sale.setQuantity',
  'sale.voidLine',
  'sale.attachMember',
  'sale.detachMember',
  'sale.setSalespersons',
  'sale.setSerial',
  'sale.applyDiscount',
  'sale.overridePrice',
  'sale.present',
  'sale.reopen',
  'sale.addTender',
  'sale.removeTender',
]);
const RECEIPT_RESULTS = new Set<MethodName>([
  'sale.complete',
  'receipt.print',
  'receipt.electronic',
  'return.complete',
  'exchange.complete',
]);

export function TillProvider({ bridge, store, children }: { bridge: TillproofBridge; store: TillStore; children: ReactNode }) {
  const { t } = useI18n();
  const { notices, notify, dismissNotice, clearErrors } = useNotices();
  const failureText = useFailureText();
  const { approval, attempt } = useApprovedCalls(bridge, store);

  const showFailure = useCallback(
    (f: CallFailure) => {
      const { text, hint } = failureText(f);
      notify('error', text, hint);
    },
    [failureText, notify],
  );
  useScanRefusalNotices(bridge, notify);

  const run = useCallback(
    async <M extends MethodName>(method: M, params: ParamsInput<M>, options: RunOptions = {}): Promise<Result<M> | null> => {
      try {
        return await attempt(method, params, options);
      } catch (e) {
        if (e instanceof ApprovalCancelled) {
          notify('info', t('approval.cancelled'));
          return null;
        }
        const f = toCallFailure(e);
        if (f.code === 'internal' && f.messageKey !== 'error.connection-lost') console.error(`[tillproof] ${method} failed`, f.message);
        if (!options.quiet) showFailure(f);
        return null;
      }
    },
    [attempt, notify, showFailure, t],
  );

  const value = useMemo<TillValue>(
    () => ({ bridge, store, attempt, run, notify, showFailure, failureText, dismissNotice, clearErrors, notices }),
    [bridge, store, attempt, run, notify, showFailure, failureText, dismissNotice, clearErrors, notices],
  );

  return (
    <TillContext.Provider value={value}>
      {children}
      {approval && (
        <ApprovalDialog
          request={approval.request}
          summary={approval.summary}
          previous={approval.previous}
          requester={store.get().operator}
          onApprove={(a) => approval.resolve(a)}
          onCancel={() => approval.resolve(null)}
          failureText={failureText}
        />
      )}
    </TillContext.Provider>
  );
}

/** Calls that ask a manager when the host wants approval, and the snapshot updated with the sale or receipt they return. */
function useApprovedCalls(bridge: TillproofBridge, store: TillStore) {
  const [approval, setApproval] = useState<PendingApproval | null>(null);

  const askApproval = useCallback(
    (request: ApprovalRequest, previous: CallFailure | null, summary: string) =>
      new Promise<Approval | null>((resolve) => {
        setApproval({ request, previous, summary, resolve });
      }),
    [],
  );

  const attempt = useCallback(
    async <M extends MethodName>(method: M, params: ParamsInput<M>, options: RunOptions = {}): Promise<Result<M>> => {
      const fn = methodOf(bridge, method);
      const call = (a: Approval | undefined) => fn(withApproval(params, a));
      try {
        const result = await runWithApproval(call, (request, previous) => askApproval(request, previous, options.summary ?? ''));
        if (SALE_RESULTS.has(method)) store.setSale(result as SaleView);
        if (RECEIPT_RESULTS.has(method)) store.showReceipt(result as ReceiptView);
        if (method === 'sale.cancel') store.setSale(null);
        return result;
      } finally {
        setApproval(null);
      }
    },
    [bridge, store, askApproval],
  );

  return { approval, attempt };
}

/** A hardware scan the host refused shows as an error notice, with the scanned code when there was one. */
function useScanRefusalNotices(bridge: TillproofBridge, notify: (kind: Notice['kind'], text: string) => void) {
  const { t } = useI18n();
  const showScanRefusal = useCallback(
    (reason: MessageKey, code: string) =>
      notify('error', code ? t('scan.refused', { code, reason: t(reason) }) : t('scan.refused.nocode', { reason: t(reason) })),
    [notify, t],
  );
  useHardwareScanRefusals(bridge, showScanRefusal);
}

/** A failure in the UI's words: the host's message key when the UI knows it, and for a failed print why, as a hint. */
function useFailureText() {
  const { t } = useI18n();
  return useCallback(
    (f: CallFailure): { text: string; hint?: string } => {
      // The host's key when the UI knows it (the shell adds its own, e.g. error.shell.host-restarting), else the code's.
      const denied = f.code === 'approval.denied' ? approvalDeniedKey(f.details.reason) : null;
      const key: MessageKey = denied ?? (f.messageKey.startsWith('error.') && hasMessage(f.messageKey) ? f.messageKey : errorKey(f.code));
      const params: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(f.details)) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
      const reason = typeof f.details.reason === 'string' ? f.details.reason : null;
      const hint = reason && f.code === 'receipt.print-failed' ? t(printerReasonKey(reason)) : undefined;
      return { text: t(key, params as MessageParams), ...(hint ? { hint } : {}) };
    },
    [t],
  );
}

export function useTill(): TillValue {
  const v = useContext(TillContext);
  if (!v) throw new Error('useTill outside TillProvider');
  return v;
}

export function useSnapshot(): TillSnapshot {
  const { store } = useTill();
  return useSyncExternalStore(store.subscribe, store.get);
}

/**
 * One value from the snapshot; the component re-renders only when that value changes (the
 * selector must return a primitive or an object already in the snapshot).
 */
export function useTillState<T>(selector: (s: TillSnapshot) => T): T {
  const { store } = useTill();
  return useSyncExternalStore(store.subscribe, () => selector(store.get()));
}

const PRINTER_REASONS = ['paper-out', 'cover-open', 'offline', 'timeout', 'error'] as const;

export function printerReasonKey(reason: string): MessageKey {
  return (PRINTER_REASONS as readonly string[]).includes(reason) ? (`printer.reason.${reason}` as MessageKey) : 'printer.reason.error';
}
