// A sale under the Taiwan e-invoice profile (issue #17) is a uniform invoice: it takes the next
// number of its period's range inside its own ledger transaction, with a random code from the
// till's CSPRNG. A till with no number left refuses to start a sale (before money is taken), and
// says so ahead of time when fewer than the configured threshold remain.
import { HostError } from '../contract/errors.ts';
import { twEInvoiceConfig } from '../config/fiscal-config.ts';
import { numbersLeft, type NumbersLeft } from '../fiscal/tw-einvoice/number-ranges.ts';
import { randomCodeFrom } from '../fiscal/tw-einvoice/invoice-number.ts';
import { invoicePeriodOf, localDateIn, periodCode } from '../fiscal/tw-einvoice/roc-calendar.ts';
import type { EntryBody } from '../ledger/bodies.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { DeviceStatus } from '../contract/views.ts';

export type SaleInvoice = NonNullable<EntryBody<'sale'>['einvoice']>;

export interface InvoiceNumbersState extends NumbersLeft {
  period: string;
  /** Below the configured threshold (and the threshold is on). */
  low: boolean;
}

/** The period a sale made at `at` belongs to, in the store's time zone ("11512"). */
export function invoicePeriodAt(ctx: TerminalContext, at: Date): string {
  return periodCode(invoicePeriodOf(localDateIn(at.toISOString(), ctx.config().store.timeZone)));
}

/** Where the till stands with the numbers of the period of `at`; null without the e-invoice profile. */
export function invoiceNumbersAt(ctx: TerminalContext, at: Date): InvoiceNumbersState | null {
  const fiscal = twEInvoiceConfig(ctx.config().fiscal);
  if (!fiscal) return null;
  const book = ctx.invoiceNumbers;
  if (!book) throw new HostError('einvoice.no-numbers', 'this till cannot read its e-invoice number ranges: it cannot issue e-invoices');
  const period = invoicePeriodAt(ctx, at);
  const left = numbersLeft(book.ranges(period), book.lastIssued(period));
  return { period, ...left, low: fiscal.lowNumbersWarning > 0 && left.left < fiscal.lowNumbersWarning };
}

function noNumbers(period: string): HostError {
  return new HostError(
    'einvoice.no-numbers',
    `no e-invoice number is left for period ${period}: this till cannot sell until HQ assigns it a range (delivered by sync) or a manager adds one ("tillproof einvoice range add")`,
    { period },
  );
}

/** Refuses to start a real sale with no invoice number left for the period (training sales issue none). */
export function requireInvoiceNumber(ctx: TerminalContext, training: boolean): void {
  requireInvoiceNumberAt(ctx, ctx.now(), training);
}

/**
 * Refuses, before the sale's ledger write, a sale completing at `at` in a period with no number
 * left (a sale started before midnight of a period's last day, completed after). Checked outside
 * the write so the cashier gets this message and not a ledger error; nothing can take a number
 * between this check and the write (no await between, one writer).
 */
export function requireInvoiceNumberAt(ctx: TerminalContext, at: Date, training: boolean): void {
  if (training) return;
  const state = invoiceNumbersAt(ctx, at);
  if (state && state.next === null) throw noNumbers(state.period);
}

/**
 * The invoice a sale completing at `at` takes: call inside the sale's ledger write, so the number
 * read here and the sale entry carrying it commit together (never twice, never a gap). Null
 * without the profile or for a training sale.
 */
export function takeInvoiceNumber(ctx: TerminalContext, at: Date, training: boolean): SaleInvoice | null {
  if (training) return null;
  const state = invoiceNumbersAt(ctx, at);
  if (!state) return null;
  if (state.next === null) throw noNumbers(state.period);
  const random = ctx.randomBytes;
  if (!random) throw new HostError('einvoice.no-numbers', 'this till has no random source for the e-invoice random code');
  return { period: state.period, number: state.next, randomCode: randomCodeFrom(random) };
}

/** The e-invoice numbers as a device status for the status bar; null without the profile. */
export function invoiceNumbersStatus(ctx: TerminalContext): DeviceStatus | null {
  let state: InvoiceNumbersState | null;
  try {
    state = invoiceNumbersAt(ctx, ctx.now());
  } catch {
    return {
      device: 'einvoice',
      id: 'numbers',
      state: 'error',
      reason: 'numbers-out',
      detail: 'the e-invoice number ranges cannot be read',
    };
  }
  if (!state) return null;
  const detail = `${state.left} e-invoice number(s) left in period ${state.period}`;
  if (state.next === null) return { device: 'einvoice', id: 'numbers', state: 'error', reason: 'numbers-out', detail };
  if (state.low) return { device: 'einvoice', id: 'numbers', state: 'idle', reason: 'numbers-low', detail, flags: { numbersLow: true } };
  return { device: 'einvoice', id: 'numbers', state: 'idle', detail };
}
