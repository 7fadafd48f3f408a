import { useEffect, useEffectEvent, useId, useRef, useState, type FormEvent } from 'react';
import type { Result } from '../../core/contract/index.ts';
import { toCallFailure } from '../bridge/call-failure.ts';
import { useShortcuts } from '../app/shortcuts.ts';
import { useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { isReceiptQr } from './use-sale-scan.ts';
import { REASONS } from '../dialogs/reasons.ts';
import { NoReceiptReturn } from './no-receipt-return.tsx';
import { ReturnsFind } from './returns-find.tsx';
import { RefundSide, ReturnLinesCard } from './returns-receipt.tsx';
import { useRefundQuote } from './use-refund-quote.ts';
import type { PendingExchange } from './exchange-panel.tsx';

type Lookup = Result<'return.lookup'>;

/** Finding the receipt to return against: by its QR code (scanned, or the one the screen opened with) or its number. */
function useReceiptLookup(initialQr: string | null) {
  const { attempt, showFailure } = useTill();
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<Lookup | null>(null);
  const [qty, setQty] = useState<Record<number, number>>({});
  // Busy from the start when opened with a receipt's QR code: it is looked up at once.
  const [busy, setBusy] = useState(Boolean(initialQr));
  const [noReceipt, setNoReceipt] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const fetchReceipt = (params: { qr: string } | { receiptNo: number }) =>
    attempt('return.lookup', params)
      .then(
        (r) => {
          setNoReceipt(false);
          setFound(r);
          setQty({});
        },
        (e: unknown) => showFailure(toCallFailure(e)),
      )
      .finally(() => setBusy(false));
  const lookup = (params: { qr: string } | { receiptNo: number }) => {
    setBusy(true);
    return fetchReceipt(params);
  };

  // The QR the screen was opened with is looked up at once.
  const lookupOnOpen = useEffectEvent((qr: string | null) => {
    if (qr) void fetchReceipt({ qr });
    else inputRef.current?.focus();
  });
  useEffect(() => lookupOnOpen(initialQr), [initialQr]);

  useScanTarget(
    (scan) =>
      void lookup(
        isReceiptQr(scan.code) ? { qr: scan.code } : /^\d{1,12}$/.test(scan.code) ? { receiptNo: Number(scan.code) } : { qr: scan.code },
      ),
    'screen',
    !noReceipt,
  );
  const leaveNoReceipt = () => {
    setNoReceipt(false);
    window.requestAnimationFrame(() => inputRef.current?.focus());
  };

  const submitLookup = (e: FormEvent) => {
    e.preventDefault();
    const v = number.trim();
    if (!v) return;
    void lookup(/^\d{1,12}$/.test(v) ? { receiptNo: Number(v) } : { qr: v });
  };

  return {
    number,
    setNumber,
    found,
    setFound,
    qty,
    setQty,
    busy,
    setBusy,
    noReceipt,
    setNoReceipt,
    inputRef,
    lookup,
    leaveNoReceipt,
    submitLookup,
  };
}

/**
 * Returns against a receipt: scan the receipt's QR code (or type its number), choose what
 * comes back, and refund to the original payment or in cash. Without a receipt the items are
 * scanned or searched instead and a manager approves (NoReceiptReturn). The refund receipt is
 * owed to the customer like any other.
 */
export function ReturnsScreen({
  initialQr,
  onDone,
  onExchange,
}: {
  initialQr: string | null;
  onDone: () => void;
  /** Takes the chosen lines back in an exchange (issue #15) instead of refunding them. */
  onExchange: (exchange: PendingExchange) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const { run } = useTill();
  const ids = useId();
  const { inputRef, ...lookupState } = useReceiptLookup(initialQr);
  const { number, setNumber, found, setFound, qty, setQty, busy, setBusy, noReceipt, setNoReceipt, lookup, leaveNoReceipt, submitLookup } =
    lookupState;
  const [refundTo, setRefundTo] = useState<'original' | 'cash'>('original');
  const [reason, setReason] = useState<string>(REASONS.return[0]);

  useShortcuts([{ key: 'Escape', run: () => (noReceipt ? leaveNoReceipt() : found ? setFound(null) : onDone()) }]);

  const chosen = found ? found.lines.filter((l) => (qty[l.lineNo] ?? 0) > 0) : [];
  const quote = useRefundQuote(
    found && chosen.length
      ? {
          originalReceiptNo: found.receiptNo,
          lines: chosen.map((l) => ({ lineNo: l.lineNo, qtyMilli: qty[l.lineNo]!, ...(l.serial ? { serial: l.serial } : {}) })),
          refundTo,
        }
      : null,
  );
  // The host's figure (cash rounding, earlier returns); the line values until it answers.
  const refund = quote?.total ?? (found ? chosen.reduce((s, l) => s + Math.round((l.amount * (qty[l.lineNo] ?? 0)) / l.qtyMilli), 0) : 0);

  const complete = async () => {
    if (!found || chosen.length === 0 || !reason) return;
    setBusy(true);
    const r = await run(
      'return.complete',
      {
        originalReceiptNo: found.receiptNo,
        lines: chosen.map((l) => ({ lineNo: l.lineNo, qtyMilli: qty[l.lineNo]!, ...(l.serial ? { serial: l.serial } : {}) })),
        refundTo,
        reason,
      },
      { summary: t('approval.summary.return', { no: found.receiptNo, amount: f.money(refund) }) },
    );
    setBusy(false);
    if (r) {
      setFound(null);
      setNumber('');
      onDone();
    }
  };

  return (
    <main className="returns-screen" aria-labelledby={`${ids}-title`} data-idle-hold={chosen.length > 0 ? '' : undefined}>
      <header className="screen-header">
        <button type="button" onClick={onDone}>
          ← {t('common.back')} <kbd>Esc</kbd>
        </button>
        <h1 id={`${ids}-title`}>{t('returns.title')}</h1>
      </header>
      {noReceipt ? (
        <NoReceiptReturn onReceiptQr={(qr) => void lookup({ qr })} onBack={leaveNoReceipt} onDone={onDone} />
      ) : !found ? (
        <ReturnsFind
          ids={ids}
          inputRef={inputRef}
          number={number}
          onNumber={setNumber}
          busy={busy}
          onSubmit={submitLookup}
          onNoReceipt={() => setNoReceipt(true)}
        />
      ) : (
        <div className="returns-grid">
          <ReturnLinesCard ids={ids} found={found} qty={qty} onQty={setQty} />
          <RefundSide
            ids={ids}
            found={found}
            refundTo={refundTo}
            onRefundTo={setRefundTo}
            onReason={setReason}
            refund={refund}
            quote={quote}
            canComplete={!(busy || chosen.length === 0 || !reason)}
            onComplete={() => void complete()}
          />
          <button
            type="button"
            className="exchange-button"
            disabled={busy || chosen.length === 0 || !reason}
            onClick={() =>
              onExchange({
                originalReceiptNo: found.receiptNo,
                lines: chosen.map((l) => ({ lineNo: l.lineNo, qtyMilli: qty[l.lineNo]!, ...(l.serial ? { serial: l.serial } : {}) })),
                refundTo,
                reason,
                credit: chosen.reduce((s, l) => s + Math.round((l.amount * (qty[l.lineNo] ?? 0)) / l.qtyMilli), 0),
              })
            }
          >
            {t('returns.exchange')}
          </button>
        </div>
      )}
    </main>
  );
}
