import { useEffect, useEffectEvent, useId, useRef, useState, type FormEvent } from 'react';
import type { Result } from '../../core/contract/index.ts';
import { toCallFailure } from '../bridge/call-failure.ts';
import { useShortcuts } from '../app/shortcuts.ts';
import { useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { ReasonPicker } from '../dialogs/reason-picker.tsx';
import { REASONS } from '../dialogs/reasons.ts';
import { NoReceiptReturn } from './no-receipt-return.tsx';
import { RefundSplit } from './refund-split.tsx';
import { useRefundQuote } from './use-refund-quote.ts';

type Lookup = Result<'return.lookup'>;

/**
 * Returns against a receipt: scan the receipt's QR code (or type its number), choose what
 * comes back, and refund to the original payment or in cash. Without a receipt the items are
 * scanned or searched instead and a manager approves (NoReceiptReturn). The refund receipt is
 * owed to the customer like any other.
 */
export function ReturnsScreen({ initialQr, onDone }: { initialQr: string | null; onDone: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { attempt, run, showFailure } = useTill();
  const ids = useId();
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<Lookup | null>(null);
  const [qty, setQty] = useState<Record<number, number>>({});
  const [refundTo, setRefundTo] = useState<'original' | 'cash'>('original');
  const [reason, setReason] = useState<string>(REASONS.return[0]);
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
        scan.code.startsWith('TPR1;')
          ? { qr: scan.code }
          : /^\d{1,12}$/.test(scan.code)
            ? { receiptNo: Number(scan.code) }
            : { qr: scan.code },
      ),
    'screen',
    !noReceipt,
  );
  const leaveNoReceipt = () => {
    setNoReceipt(false);
    window.requestAnimationFrame(() => inputRef.current?.focus());
  };
  useShortcuts([{ key: 'Escape', run: () => (noReceipt ? leaveNoReceipt() : found ? setFound(null) : onDone()) }]);

  const submitLookup = (e: FormEvent) => {
    e.preventDefault();
    const v = number.trim();
    if (!v) return;
    void lookup(/^\d{1,12}$/.test(v) ? { receiptNo: Number(v) } : { qr: v });
  };

  const chosen = found ? found.lines.filter((l) => (qty[l.lineNo] ?? 0) > 0) : [];
  const quote = useRefundQuote(
    found && chosen.length
      ? { originalReceiptNo: found.receiptNo, lines: chosen.map((l) => ({ lineNo: l.lineNo, qtyMilli: qty[l.lineNo]! })), refundTo }
      : null,
  );
  // The host's figure (cash rounding, earlier returns); the line values until it answers.
  const refund = quote?.total ?? (found ? chosen.reduce((s, l) => s + Math.round((l.amount * (qty[l.lineNo] ?? 0)) / l.qtyMilli), 0) : 0);
  const step = (unit: 'each' | 'kg', returnable: number) => (unit === 'each' ? 1000 : returnable);

  const complete = async () => {
    if (!found || chosen.length === 0 || !reason) return;
    setBusy(true);
    const r = await run(
      'return.complete',
      { originalReceiptNo: found.receiptNo, lines: chosen.map((l) => ({ lineNo: l.lineNo, qtyMilli: qty[l.lineNo]! })), refundTo, reason },
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
        <section className="card returns-find">
          <div className="scan-prompt" aria-hidden="true">
            ▦
          </div>
          <p>{t('returns.scanPrompt')}</p>
          <form onSubmit={submitLookup} className="inline-form">
            <div className="field">
              <label htmlFor={`${ids}-no`}>{t('returns.receiptNo')}</label>
              <input id={`${ids}-no`} ref={inputRef} value={number} onChange={(e) => setNumber(e.target.value)} autoComplete="off" />
            </div>
            <button type="submit" className="primary" disabled={busy}>
              {t('returns.find')}
            </button>
          </form>
          <div className="returns-no-receipt-entry">
            <p className="muted">{t('returns.noReceiptHint')}</p>
            <button type="button" onClick={() => setNoReceipt(true)}>
              {t('returns.noReceipt')}
            </button>
          </div>
        </section>
      ) : (
        <div className="returns-grid">
          <section className="card">
            <h2 id={`${ids}-receipt`}>{t('returns.receiptHeading', { no: found.receiptNo })}</h2>
            <p className="muted">
              {f.dateTime(found.endedAt)} · {t('returns.paid', { amount: f.money(found.total) })}
              {found.status !== 'completed' && <span className="badge warn"> {t('returns.voided')}</span>}
            </p>
            <table className="return-lines" aria-labelledby={`${ids}-receipt`}>
              <thead>
                <tr>
                  <th scope="col">{t('returns.item')}</th>
                  <th scope="col">{t('returns.sold')}</th>
                  <th scope="col">{t('returns.returnable')}</th>
                  <th scope="col">{t('returns.returning')}</th>
                  <th scope="col" className="num">
                    {t('returns.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {found.lines.map((l) => {
                  const q = qty[l.lineNo] ?? 0;
                  const s = step(l.unit, l.returnableMilli);
                  return (
                    <tr key={l.lineNo}>
                      <th scope="row">
                        {l.name}
                        <span className="muted"> {l.sku}</span>
                      </th>
                      <td>{f.qty(l.qtyMilli, l.unit)}</td>
                      <td>{f.qty(l.returnableMilli, l.unit)}</td>
                      <td>
                        <div className="stepper">
                          <button
                            type="button"
                            className="icon"
                            aria-label={t('returns.less', { name: l.name })}
                            disabled={q <= 0}
                            onClick={() => setQty({ ...qty, [l.lineNo]: Math.max(q - s, 0) })}
                          >
                            −
                          </button>
                          <output className="stepper-value" aria-label={t('returns.returning')}>
                            {f.qty(q, l.unit)}
                          </output>
                          <button
                            type="button"
                            className="icon"
                            aria-label={t('returns.more', { name: l.name })}
                            disabled={q + s > l.returnableMilli || s === 0}
                            onClick={() => setQty({ ...qty, [l.lineNo]: Math.min(q + s, l.returnableMilli) })}
                          >
                            +
                          </button>
                        </div>
                      </td>
                      <td className="num">{f.money(Math.round((l.amount * q) / l.qtyMilli))}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <button
              type="button"
              className="link"
              onClick={() => setQty(Object.fromEntries(found.lines.map((l) => [l.lineNo, l.returnableMilli])))}
            >
              {t('returns.all')}
            </button>
          </section>
          <section className="card returns-side">
            <fieldset className="segmented">
              <legend>{t('returns.refundTo')}</legend>
              <label className="radio">
                <input type="radio" name={`${ids}-to`} checked={refundTo === 'original'} onChange={() => setRefundTo('original')} />
                {t('returns.toOriginal', {
                  methods: found.tenders
                    .map((x) => t(`tender.type.${x.type === 'card' || x.type === 'voucher' || x.type === 'cash' ? x.type : 'other'}`))
                    .join(' + '),
                })}
              </label>
              <label className="radio">
                <input type="radio" name={`${ids}-to`} checked={refundTo === 'cash'} onChange={() => setRefundTo('cash')} />
                {t('returns.toCash')}
              </label>
            </fieldset>
            <ReasonPicker group="return" onChange={setReason} />
            <div className="refund-total">
              <span id={`${ids}-refund`}>{t('returns.refundTotal')}</span>
              <output aria-labelledby={`${ids}-refund`}>
                <strong>{f.money(refund)}</strong>
              </output>
            </div>
            <RefundSplit quote={quote} />
            <button type="button" className="primary big" disabled={busy || chosen.length === 0 || !reason} onClick={() => void complete()}>
              {t('returns.complete')}
            </button>
          </section>
        </div>
      )}
    </main>
  );
}
