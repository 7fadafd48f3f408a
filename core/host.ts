// Composes the selling services from ports into the handler map the contract describes. Pure:
// no Node, no SQLite, no devices; host/ gives it real adapters, tests give it real SQLite.
import type { CashDrawer } from './ports/cash-drawer.ts';
import type { Catalog } from './ports/catalog.ts';
import type { Clock } from './ports/clock.ts';
import type { Hmac } from './ports/crypto.ts';
import type { LedgerStore } from './ports/ledger-store.ts';
import type { MemberDirectory } from './ports/member-directory.ts';
import type { ReceiptPrinter } from './ports/receipt-printer.ts';
import type { StaffDirectory, StaffRoster } from './ports/staff-directory.ts';
import type { StaffMember } from './auth/staff-member.ts';
import type { Product } from './catalog/product.ts';
import type { ReceiptRecord } from './receipts/receipt-record.ts';
import type { DeviceInventory } from './ports/device-status.ts';
import { createSettingsHandlers } from './settings/settings-handlers.ts';
import type { LedgerCrypto, Signer } from './ports/crypto.ts';
import type { EntryDraft } from './ledger/entry.ts';
import type { EntryBody, SaleBody } from './ledger/bodies.ts';
import { DEFAULT_IDLE_LOCK_SECONDS, type TerminalConfig } from './config/terminal-config.ts';
import type { Permission } from './config/permissions.ts';
import { HostError } from './contract/errors.ts';
import type { Approval, MethodName, Params, Result } from './contract/methods.ts';
import type { EventName, EventPayload } from './contract/events.ts';
import type { DeviceStatus, OperatorView, ReceiptView, ProductView, SaleView } from './contract/views.ts';
import { defaultDenominations, countTotal, type DenominationCount } from './till/denominations.ts';
import { expectedCash } from './till/drawer-session.ts';
import { zTotals } from './till/z-report.ts';
import { periodReport } from './till/period-report.ts';
import { previousPerpetual, xReportView, zReportView } from './till/report-view.ts';
import { Sale, overDiscountLimit, type PricingRules } from './sales/sale.ts';
import { checkMemberCode, parseMemberToken } from './sales/member-token.ts';
import { parseScan, scanGtin14 } from './catalog/barcode.ts';
import { minorDigitsOf } from './money/currency.ts';
import { lineAmount } from './money/quantity.ts';
import { allocate } from './money/allocate.ts';
import { computeTax } from './money/tax.ts';
import { businessDayOf } from './till/business-day.ts';
import { badgeFailures, entriesSince, lockedStaff, pinFailures, type SignInFailures } from './loss/sign-in-lockout.ts';
import { signReceiptQr, verifyReceiptQr } from './receipts/receipt-qr.ts';
import { buildReturnReceipt, buildSaleReceipt, type ReceiptContext } from './receipts/receipt-document.ts';
import { planRefund } from './sales/refund.ts';

export interface HostDeps {
  config: TerminalConfig;
  store: LedgerStore;
  catalog: Catalog;
  staff: StaffDirectory;
  members: MemberDirectory;
  /** The primary receipt printer: every receipt goes here first. */
  printer: ReceiptPrinter;
  /** Other receipt printers of this till, offered when a receipt fails on one ("Print on ..."). */
  alternatePrinters?: readonly ReceiptPrinter[];
  drawer: CashDrawer;
  signer: Signer;
  crypto: LedgerCrypto & Hmac;
  clock: Clock;
  newId: () => string;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  devices?: () => DeviceStatus[];
  /** Device counters and the printer's setup, for the settings screen. */
  inventory?: DeviceInventory;
  /** The till's staff list for the settings screen (changed there only when it is not HQ's). */
  roster?: StaffRoster;
}

export type Handlers = { [M in MethodName]: (params: Params<M>) => Promise<Result<M>> };

interface ReceiptRuntime {
  printing: boolean;
  failure: { reason: string; detail?: string; printerId: string } | null;
}

/** The selling host: one per terminal, holding the operator session and the sale in progress. */
export function createHost(deps: HostDeps): {
  handlers: Handlers;
  state: { readonly operator: StaffMember | null; readonly sale: Sale | null };
  /** Switches to a new configuration (tax classes, tiers, roles from HQ) for the next sale and the next action; the sale in progress keeps the rules it started with. */
  reconfigure(next: TerminalConfig): void;
} {
  const { store, catalog, staff, members, printer, drawer, signer, crypto, clock, emit } = deps;
  const printers: readonly ReceiptPrinter[] = [printer, ...(deps.alternatePrinters ?? []).filter((p) => p.id !== printer.id)];
  let config = deps.config;
  const minorDigits = minorDigitsOf(config.store.currency, { TWD: 0 });
  const rulesOf = (c: TerminalConfig): PricingRules => ({
    currency: c.store.currency,
    tax: c.tax,
    cashRounding: c.cashRounding,
    defaultTier: c.pricing.defaultTier,
    roundingMode: c.pricing.roundingMode,
    memberPriceTiers: Object.fromEntries(Object.entries(c.pricing.memberTiers).map(([tier, m]) => [tier, m.priceTier])),
  });
  // A Sale keeps the rules object it was created with: replacing this one never reaches a sale in progress.
  let rules = rulesOf(config);
  const receiptContext: ReceiptContext = {
    storeName: config.store.name,
    address: config.store.address,
    ...(config.store.taxNumber ? { taxNumber: config.store.taxNumber } : {}),
    terminalId: config.terminal.terminalId,
    timeZone: config.store.timeZone,
    locale: config.store.locale,
    width: config.receipt.width,
    minorDigits,
    header: config.receipt.header,
    footer: config.receipt.footer,
  };

  let operator: StaffMember | null = null;
  let locked = false;
  let training = false;
  let sale: Sale | null = null;
  const receiptRuntime = new Map<number, ReceiptRuntime>();

  const now = () => clock.now();
  const nextDay = (d: string) => {
    const x = new Date(`${d}T00:00:00Z`);
    x.setUTCDate(x.getUTCDate() + 1);
    return x.toISOString().slice(0, 10);
  };
  /** The business day for a new entry: after an early Z, the store is already on the next day. */
  const day = (at = now()) => {
    let d = businessDayOf(at, config.store.timeZone, config.store.rolloverHour);
    while (store.isDaySealed(d)) d = nextDay(d);
    return d;
  };
  const denominations = config.till.denominations.length ? config.till.denominations : defaultDenominations(config.store.currency);
  const openSession = () => store.drawerSessions({ open: true })[0];
  const draft = (kind: string, body: unknown, startedAt?: string): EntryDraft => {
    const at = now();
    return { kind, businessDay: day(at), startedAt: startedAt ?? at.toISOString(), endedAt: at.toISOString(), operatorId: operator?.staffId ?? null, body };
  };
  const permissionsOf = (m: StaffMember): Permission[] => config.roles[m.role] ?? [];
  const operatorView = (m: StaffMember): OperatorView => ({ staffId: m.staffId, name: m.name, role: m.role, permissions: permissionsOf(m) });

  function requireOperator(): StaffMember {
    if (!operator) throw new HostError('auth.required', 'log in first');
    return operator;
  }

  function requireNoObligation(): void {
    const open = store.openObligations()[0];
    if (open) {
      throw new HostError('sale.obligation-open', `receipt ${open.receiptNo} has not been given to the customer yet: print it or issue it electronically first`, { receiptNo: open.receiptNo });
    }
  }

  function requireSale(): Sale {
    requireOperator();
    if (!sale) throw new HostError('sale.none-open', 'there is no sale in progress');
    return sale;
  }

  function ensureSale(): Sale {
    const op = requireOperator();
    if (!permissionsOf(op).includes('sale.sell')) throw new HostError('permission.denied', `${op.name} may not sell`);
    if (sale) return sale;
    requireNoObligation();
    sale = new Sale(deps.newId(), now().toISOString(), rules, training);
    return sale;
  }

  // ---- PINs, badges and approvals ---------------------------------------------------------

  // Lockouts are read from the ledger's login-failed entries (issue #3), so a restart keeps them.
  const lockoutRules = () => ({ maxAttempts: config.security.pinMaxAttempts, windowMs: config.security.lockoutMinutes * 60_000 });
  const recentEntries = () => entriesSince(store, now().getTime() - lockoutRules().windowMs);

  function checkLockout(state: SignInFailures, scope: 'staff' | 'badge', who: string): void {
    if (!state.lockedUntil) return;
    const until = new Date(state.lockedUntil).toISOString();
    throw new HostError('auth.locked-out', `too many failed sign-ins ${who}; try again after ${until}`, { until, scope });
  }

  function recordFailure(method: 'pin' | 'badge', state: SignInFailures, staffId?: string): boolean {
    const attempts = state.failures + 1;
    const lockedOut = attempts >= config.security.pinMaxAttempts;
    store.write((tx) => tx.append({ ...draft('login-failed', { method, ...(staffId ? { staffId } : {}), attempts, lockedOut }), operatorId: operator?.staffId ?? null }));
    return lockedOut;
  }

  function authenticate(credentials: Approval | Params<'session.login'>): StaffMember {
    const entries = recentEntries();
    if (credentials.method === 'pin') {
      const state = pinFailures(entries, credentials.staffId, lockoutRules(), now().getTime());
      checkLockout(state, 'staff', `for ${credentials.staffId}`);
      const member = staff.verifyPin(credentials.staffId, credentials.pin);
      if (!member || !member.active) {
        if (recordFailure('pin', state, credentials.staffId)) throw new HostError('auth.locked-out', `too many wrong PINs: ${credentials.staffId} is locked for ${config.security.lockoutMinutes} minutes`, { scope: 'staff' });
        throw new HostError('auth.bad-credentials', 'wrong staff number or PIN');
      }
      return member;
    }
    const state = badgeFailures(entries, lockoutRules(), now().getTime());
    checkLockout(state, 'badge', 'by badge on this till');
    const member = staff.byBadge(credentials.badge);
    if (!member || !member.active) {
      if (recordFailure('badge', state)) throw new HostError('auth.locked-out', `too many unknown badges: badge sign-in on this till is locked for ${config.security.lockoutMinutes} minutes (PINs still work)`, { scope: 'badge' });
      throw new HostError('auth.bad-credentials', 'this badge is not known or not active');
    }
    return member;
  }

  /**
   * Checks that the operator may do `permission`; if not, that `approval` names someone who
   * may. Returns the approval entry draft to append with the action (both operators recorded).
   */
  function authorize(permission: Permission, action: string, approval: Approval | undefined, subject: Record<string, unknown>): EntryDraft | null {
    const op = requireOperator();
    if (permissionsOf(op).includes(permission)) return null;
    if (!approval) throw new HostError('approval.required', `${action} needs a manager's approval`, { permission, action });
    const approver = authenticateApprover(approval, permission, action);
    // The action is the permission's stable id (what loss-prevention reports group by); the sentence is the reason.
    return draft('approval', { action: permission, approverId: approver.staffId, requesterId: op.staffId, method: approval.method, reason: action, subject });
  }

  /** Like authorize, but the approver must be someone other than `notStaffId` (a co-sign). */
  function authorizeSecondPerson(permission: Permission, action: string, approval: Approval | undefined, notStaffId: string | null, subject: Record<string, unknown>, reason: string): EntryDraft {
    const op = requireOperator();
    if (permissionsOf(op).includes(permission) && op.staffId !== notStaffId) {
      return draft('approval', { action, approverId: op.staffId, requesterId: op.staffId, method: 'pin', reason, subject });
    }
    if (!approval) throw new HostError('approval.required', `${action} needs a second person's approval`, { permission, action });
    const approver = authenticateApprover(approval, permission, action);
    if (approver.staffId === notStaffId) throw new HostError('approval.denied', 'the co-sign must come from someone other than the cashier who counted', { permission, action });
    return draft('approval', { action, approverId: approver.staffId, requesterId: op.staffId, method: approval.method, reason, subject });
  }

  function authenticateApprover(approval: Approval, permission: Permission, action: string): StaffMember {
    let approver: StaffMember;
    try {
      approver = authenticate(approval);
    } catch (e) {
      if (e instanceof HostError && (e.code === 'auth.bad-credentials' || e.code === 'auth.locked-out')) throw new HostError('approval.denied', e.message, { permission, action });
      throw e;
    }
    if (!permissionsOf(approver).includes(permission)) {
      throw new HostError('approval.denied', `${approver.name} (${approver.role}) may not approve ${action}`, { permission, action });
    }
    return approver;
  }

  /** Appends an approval (if any) and the action's entries in one transaction. */
  function writeApproved(approvalDraft: EntryDraft | null, build: (approvalSeq: number | undefined) => EntryDraft[]): number | undefined {
    return store.write((tx) => {
      const approvalSeq = approvalDraft ? tx.append(approvalDraft).seq : undefined;
      for (const d of build(approvalSeq)) tx.append(d);
      return approvalSeq;
    });
  }

  /**
   * The store's discount limit holds for the sale as it ends up, not only when a discount is
   * given: a change to a line (more of a line with a percentage off, voiding the lines without
   * one, a lower price) that takes the sale's discounts above both the limit and what was
   * approved needs 'sale.discount.large' too. Checked before anything changes; `commit` records
   * the approval (if one was needed) once the change is made.
   */
  function coverDiscounts(s: Sale, lineNo: number, change: Parameters<Sale['discountLevelAfter']>[1], approval: Approval | undefined, what: string): { commit: () => void } {
    const before = s.discountLevel();
    const after = s.discountLevelAfter(lineNo, change);
    const kinds = s.discountKinds();
    const limits = { percentBp: config.approvals.discountPercentBp, amount: config.approvals.discountAmount };
    const over =
      (kinds.percent && after.shareBp > before.shareBp + 1e-6 && overDiscountLimit('percent', after, limits, s.discountApproved)) ||
      (kinds.amount && after.amount > before.amount && overDiscountLimit('amount', after, limits, s.discountApproved));
    if (!over) return { commit: () => {} };
    const saleDiscount = { amount: after.amount, percentBp: Math.round(after.shareBp) };
    const cover = authorize('sale.discount.large', `${what} that takes the discounts above the limit`, approval, { lineNo, ...change, saleId: s.saleId, saleDiscount });
    return {
      commit: () => {
        s.approveDiscountLevel(after);
        if (cover) s.noteApproval(store.write((tx) => tx.append(cover).seq));
      },
    };
  }

  // ---- Receipts -----------------------------------------------------------------------------

  function bodyOf<K extends 'sale' | 'return'>(record: ReceiptRecord): EntryBody<K> {
    const entry = store.entry(record.seq);
    if (!entry) throw new HostError('receipt.not-found', `receipt ${record.receiptNo} has no ledger entry`);
    return entry.body as unknown as EntryBody<K>;
  }

  function receiptView(receiptNo: number, copyNo = 0): ReceiptView {
    const record = store.receipt(receiptNo);
    if (!record) throw new HostError('receipt.not-found', `there is no receipt ${receiptNo} on this terminal`, { receiptNo });
    const runtime = receiptRuntime.get(receiptNo);
    const operatorName = record.operatorId ? (staff.byId(record.operatorId)?.name ?? record.operatorId) : null;
    let document;
    let qr: string;
    let change = 0;
    let memberEmail = false;
    if (record.kind === 'sale') {
      const body = bodyOf<'sale'>(record);
      qr = body.receiptQr ?? '';
      const member = body.member ? members.byId(body.member.memberId) : undefined;
      memberEmail = Boolean(member?.email) && config.receipt.emailEnabled;
      document = buildSaleReceipt(body, { endedAt: record.endedAt, operatorName, qr, copyNo, postVoided: record.status === 'post-voided', ...(member ? { memberName: member.name } : {}) }, receiptContext);
      change = body.tenders.reduce((s, t) => s + (t.change ?? 0), 0);
    } else {
      const body = bodyOf<'return'>(record);
      qr = body.receiptQr ?? '';
      document = buildReturnReceipt(body, { endedAt: record.endedAt, operatorName, qr, copyNo }, receiptContext);
    }
    const status: ReceiptView['status'] = record.dischargedSeq !== null ? (record.channel === 'electronic' ? 'electronic' : 'printed') : runtime?.printing ? 'printing' : runtime?.failure || record.printFailures > 0 ? 'failed' : 'pending';
    return {
      receiptNo,
      documentId: record.documentId,
      kind: record.kind,
      status,
      failure: status === 'failed' ? (runtime?.failure ?? { reason: 'error', detail: 'the last print attempt failed before a restart' }) : null,
      printers: printers.map((p) => p.id),
      qr,
      total: record.total,
      change,
      document,
      memberEmail,
    };
  }

  /** The printer a cashier chose by id; the primary when none is named. */
  function printerFor(printerId: string | undefined): ReceiptPrinter {
    if (printerId === undefined) return printer;
    const chosen = printers.find((p) => p.id === printerId);
    if (!chosen) throw new HostError('receipt.unknown-printer', `this till has no receipt printer "${printerId}"`, { printerId, printers: printers.map((p) => p.id) });
    return chosen;
  }

  /** Prints a receipt that still owes the customer (on the primary unless told otherwise): discharges the obligation only on success. */
  async function printObligation(receiptNo: number, target: ReceiptPrinter = printer): Promise<ReceiptView> {
    const runtime = receiptRuntime.get(receiptNo) ?? { printing: false, failure: null };
    if (runtime.printing) return receiptView(receiptNo);
    runtime.printing = true;
    runtime.failure = null;
    receiptRuntime.set(receiptNo, runtime);
    const view = receiptView(receiptNo);
    emit('receipt.changed', view);
    let outcome;
    try {
      outcome = await target.print(view.document);
    } catch (e) {
      outcome = { ok: false as const, reason: 'error' as const, detail: e instanceof Error ? e.message : String(e) };
    } finally {
      runtime.printing = false;
    }
    if (outcome.ok) {
      store.write((tx) => tx.append(draft('receipt-issued', { saleId: view.documentId, receiptNo, channel: 'printed', printerId: target.id, copyNo: 0, forEntry: view.kind })));
      receiptRuntime.delete(receiptNo);
    } else {
      runtime.failure = { reason: outcome.reason, ...(outcome.detail ? { detail: outcome.detail } : {}), printerId: target.id };
      store.write((tx) => tx.append(draft('receipt-print-failed', { saleId: view.documentId, receiptNo, printerId: target.id, reason: outcome.reason, ...(outcome.detail ? { detail: outcome.detail.slice(0, 500) } : {}) })));
    }
    const after = receiptView(receiptNo);
    emit('receipt.changed', after);
    return after;
  }

  async function openDrawerLogged(): Promise<void> {
    const outcome = await drawer.open().catch((e: unknown) => ({ ok: false as const, reason: 'error' as const, detail: e instanceof Error ? e.message : String(e) }));
    if (!outcome.ok) {
      store.write((tx) => tx.append(draft('device-fault', { device: `drawer:${drawer.id}`, code: outcome.reason, message: outcome.detail ?? 'the drawer did not open' })));
    }
  }

  function productView(p: Product): ProductView {
    return { productId: p.productId, sku: p.sku, name: p.name, names: p.names, barcodes: p.barcodes, unit: p.unit, department: p.department, price: p.prices[config.pricing.defaultTier] ?? 0, prices: p.prices };
  }

  /** Tells every screen about the sale; the view is computed once for the event and the reply. */
  function saleChanged(): null;
  function saleChanged(current: Sale): SaleView;
  function saleChanged(current?: Sale): SaleView | null {
    const view = current ? current.view() : null;
    emit('sale.changed', view);
    return view;
  }

  /** What earlier returns of a receipt refunded, read from their ledger entries (so it holds across restarts). */
  /**
   * What a return would give back, to which tender, with cash rounding: the same computation
   * for return.quote (what the screen shows before the cashier confirms) and return.complete.
   * Checks the receipt and quantities; writes nothing and asks no approval.
   */
  function planReturn(p: { originalReceiptNo?: number | undefined; lines: Params<'return.complete'>['lines']; refundTo: 'original' | 'cash' }) {
    const lines: EntryBody<'return'>['lines'] = [];
    let original: SaleBody | undefined;
    let earlier: Array<EntryBody<'return'>> = [];
    if (p.originalReceiptNo !== undefined) {
      const record = store.receipt(p.originalReceiptNo);
      if (!record || record.kind !== 'sale') throw new HostError('return.not-found', `there is no sale receipt ${p.originalReceiptNo}`);
      if (record.status === 'post-voided') throw new HostError('return.invalid', `receipt ${p.originalReceiptNo} was voided`);
      original = bodyOf<'sale'>(record);
      const returned = store.returnedQuantities(p.originalReceiptNo);
      earlier = earlierReturns(p.originalReceiptNo, returned);
      const returnedLines = earlier.flatMap((e) => e.lines);
      for (const want of p.lines) {
        const line = original.lines.find((l) => l.lineNo === want.lineNo);
        if (!line) throw new HostError('return.invalid', `line ${want.lineNo ?? '?'} is not on receipt ${p.originalReceiptNo}`);
        const left = line.qtyMilli - (returned.get(line.lineNo) ?? 0) - lines.filter((x) => x.lineNo === line.lineNo).reduce((s, x) => s + x.qtyMilli, 0);
        if (want.qtyMilli > left) throw new HostError('return.exceeds-sold', `only ${left / 1000} of ${line.name} can still be returned`, { lineNo: line.lineNo, returnableMilli: left });
        // The customer gets back what they paid for that share of the line, discounts included;
        // the last of a line gets what its earlier shares left, so the shares add up to the line.
        const before = [...returnedLines, ...lines].filter((x) => x.lineNo === line.lineNo);
        const last = want.qtyMilli === left;
        // A return line's amount is what the customer paid for it, tax included (as without a
        // receipt and as the day totals read it): under tax-exclusive pricing that is amount + tax.
        const paid = original.taxMode === 'exclusive' ? line.amount + line.tax : line.amount;
        const amount = last ? paid - before.reduce((s, x) => s + x.amount, 0) : Math.round((paid * want.qtyMilli) / line.qtyMilli);
        const tax = last ? line.tax - before.reduce((s, x) => s + x.tax, 0) : Math.round((line.tax * want.qtyMilli) / line.qtyMilli);
        lines.push({ lineNo: line.lineNo, productId: line.productId, sku: line.sku, name: line.name, qtyMilli: want.qtyMilli, amount, tax, taxRateBp: line.taxRateBp, ...(line.department ? { department: line.department } : {}) });
      }
    } else {
      let lineNo = 1;
      const amounts: number[] = [];
      const products: Product[] = [];
      for (const want of p.lines) {
        const product = want.productId ? catalog.byId(want.productId) : undefined;
        if (!product) throw new HostError('return.invalid', 'a return without a receipt names each product');
        products.push(product);
        amounts.push(lineAmount(product.prices[config.pricing.defaultTier] ?? 0, want.qtyMilli, config.pricing.roundingMode));
      }
      const tax = computeTax(config.store.currency, amounts.map((amount, i) => ({ amount, taxClass: products[i]!.taxClass })), config.tax);
      p.lines.forEach((want, i) => {
        const product = products[i]!;
        const bp = config.tax.classes.find((c) => c.id === product.taxClass)?.rates.reduce((s, r) => s + r.bp, 0) ?? 0;
        lines.push({ lineNo: lineNo++, productId: product.productId, sku: product.sku, name: product.name, qtyMilli: want.qtyMilli, amount: tax.lines[i]!.gross, tax: tax.lines[i]!.tax, taxRateBp: bp, department: product.department });
      });
    }
    const value = lines.reduce((s, l) => s + l.amount, 0);
    const tax = lines.reduce((s, l) => s + l.tax, 0);
    const { refunds, rounding, total } = planRefund({ value, original: original?.tenders, earlier, refundTo: p.refundTo, cashRounding: config.cashRounding });
    return { original, earlier, lines, tax, refunds, rounding, total };
  }

  function earlierReturns(originalReceiptNo: number, returned: ReadonlyMap<number, number>): Array<EntryBody<'return'>> {
    if (returned.size === 0) return [];
    return store.returnsAgainst(originalReceiptNo).map((e) => e.body as unknown as EntryBody<'return'>);
  }

  function requireCashSession(what: string) {
    const session = openSession();
    if (!session && config.till.requireSession) throw new HostError('till.no-session', `open the drawer with a counted float before ${what}`);
    return session;
  }

  function checkCounts(counts: DenominationCount[]): number {
    const { total, unknown } = countTotal(counts, denominations);
    if (unknown.length) throw new HostError('till.bad-count', `this store does not use ${unknown.join(', ')} as a note or coin`, { unknown });
    return total;
  }

  const settingsHandlers = createSettingsHandlers({
    config: () => config,
    receiptContext: () => receiptContext,
    minorDigits,
    store,
    printer,
    devices: () => deps.devices?.() ?? [],
    inventory: deps.inventory,
    roster: deps.roster,
    now,
    requirePermission(permission, what) {
      const op = requireOperator();
      if (!permissionsOf(op).includes(permission)) throw new HostError('permission.denied', `${op.name} may not ${what}`, { permission });
      return op;
    },
    permissionsOf,
    draft: (kind, body) => draft(kind, body),
    lockouts() {
      const entries = recentEntries();
      const at = now().getTime();
      return { staff: lockedStaff(entries, lockoutRules(), at), badgeUntil: badgeFailures(entries, lockoutRules(), at).lockedUntil };
    },
  });

  const handlers: Handlers = {
    ...settingsHandlers,

    async 'session.state'() {
      const open = store.openObligations()[0];
      return {
        terminal: { terminalId: config.terminal.terminalId, storeId: config.store.storeId, storeName: config.store.name, currency: config.store.currency, minorDigits, locale: config.store.locale, timeZone: config.store.timeZone, receiptWidth: config.receipt.width, idleLockSeconds: config.session?.idleLockSeconds ?? DEFAULT_IDLE_LOCK_SECONDS },
        operator: operator ? operatorView(operator) : null,
        locked,
        training,
        sale: sale ? sale.view() : null,
        obligation: open ? receiptView(open.receiptNo) : null,
        devices: deps.devices?.() ?? [],
        businessDay: day(),
      };
    },

    async 'session.login'(p) {
      const member = authenticate(p);
      if (p.training && !permissionsOf(member).includes('training')) throw new HostError('permission.denied', `${member.name} may not use training mode`);
      if (sale && operator && operator.staffId !== member.staffId) throw new HostError('sale.locked', 'finish or cancel the sale in progress before another operator logs in');
      operator = member;
      locked = false;
      training = p.training ?? false;
      store.write((tx) => tx.append(draft('login', { method: p.method, role: member.role })));
      emit('session.changed', { operatorId: member.staffId });
      return operatorView(member);
    },

    async 'session.lock'() {
      requireOperator();
      locked = true;
      emit('session.changed', { operatorId: operator!.staffId });
      return { ok: true };
    },

    async 'session.logout'(p) {
      const op = requireOperator();
      if (sale) throw new HostError('sale.locked', 'finish or cancel the sale in progress before logging out');
      store.write((tx) => tx.append(draft('logout', { reason: p.reason })));
      operator = null;
      locked = false;
      training = false;
      emit('session.changed', { operatorId: null });
      void op;
      return { ok: true };
    },

    async 'catalog.search'(p) {
      requireOperator();
      return catalog.search(p.query, p.limit).map((h) => productView(h.product));
    },

    async 'sale.scan'(p) {
      requireOperator();
      const memberToken = parseMemberToken(p.code);
      if (memberToken) return handlers['sale.attachMember']({ method: 'token', token: p.code });
      const parsed = parseScan(p.code, config.scan);
      if (!parsed.ok) {
        emit('scan.received', { code: p.code.slice(0, 64), source: p.source, ok: false, errorCode: parsed.error.code });
        throw new HostError('scan.invalid-barcode', parsed.error.message, { reason: parsed.error.code });
      }
      const scan = parsed.value;
      let product: Product | undefined;
      let qtyMilli = 1000;
      let fixedPrice: number | undefined;
      if (scan.kind === 'variable-measure') {
        product = catalog.byItemCode(scan.item.itemCode);
        if (scan.item.measure === 'weight') qtyMilli = scan.item.weightGrams;
        else fixedPrice = scan.item.priceMinor;
      } else {
        const gtin = scanGtin14(scan);
        product = gtin ? catalog.byGtin(gtin) : undefined;
        if (!product && scan.kind === 'text') product = catalog.bySku(scan.text);
      }
      if (!product || !product.active) {
        emit('scan.received', { code: p.code.slice(0, 64), source: p.source, ok: false, errorCode: 'scan.unknown-product' });
        throw new HostError('scan.unknown-product', `no product for ${p.code.slice(0, 64)}`, { code: p.code.slice(0, 64) });
      }
      const s = ensureSale();
      if (scan.kind === 'product' && scan.product.alternate && catalog.byGtin(scan.product.alternate.gtin14)) {
        throw new HostError('scan.invalid-barcode', 'this 8-digit code matches two products (EAN-8 and UPC-E): scan it again with the symbology identifier on, or key the item', { code: p.code.slice(0, 64) });
      }
      s.addProduct(product, qtyMilli, scan.kind === 'product' || scan.kind === 'variable-measure' ? scan.product.digits : undefined, fixedPrice);
      emit('scan.received', { code: p.code.slice(0, 64), source: p.source, ok: true });
      return saleChanged(s);
    },

    async 'sale.addItem'(p) {
      requireOperator();
      const product = catalog.byId(p.productId);
      if (!product || !product.active) throw new HostError('catalog.not-found', `no product ${p.productId}`);
      const qty = p.qtyMilli ?? 1000;
      if (product.unit === 'each' && qty % 1000 !== 0) throw new HostError('payload.invalid', 'items sold by the piece take whole quantities');
      const s = ensureSale();
      s.addProduct(product, qty);
      return saleChanged(s);
    },

    async 'sale.setQuantity'(p) {
      const s = requireSale();
      const line = s.view().lines.find((l) => l.lineNo === p.lineNo);
      if (!line) throw new HostError('sale.line-not-found', `line ${p.lineNo} is not on this sale`);
      if (line.unit === 'each' && p.qtyMilli % 1000 !== 0) throw new HostError('payload.invalid', 'items sold by the piece take whole quantities');
      // Taking items off a sale is a (partial) line void: permission checked and logged.
      const reducing = p.qtyMilli < line.qtyMilli;
      const approval = reducing ? authorize('sale.void-line', 'reduce a quantity', p.approval, { lineNo: p.lineNo, from: line.qtyMilli, to: p.qtyMilli }) : null;
      const cover = coverDiscounts(s, p.lineNo, { qtyMilli: p.qtyMilli }, p.approval, 'a quantity change');
      const removed = line.amount - Math.round((line.amount * p.qtyMilli) / line.qtyMilli);
      s.setQuantity(p.lineNo, p.qtyMilli);
      if (reducing) writeApproved(approval, (approvalSeq) => [draft('void', { scope: 'line', saleId: s.saleId, lineNo: p.lineNo, amount: removed, reason: `quantity ${line.qtyMilli / 1000} -> ${p.qtyMilli / 1000}`, ...(approvalSeq ? { approvalSeq } : {}) }, s.startedAt)]);
      cover.commit();
      return saleChanged(s);
    },

    async 'sale.voidLine'(p) {
      const s = requireSale();
      const approval = authorize('sale.void-line', 'void a line', p.approval, { lineNo: p.lineNo });
      const cover = coverDiscounts(s, p.lineNo, { voided: true }, p.approval, 'voiding a line');
      const { amount } = s.voidLine(p.lineNo);
      writeApproved(approval, (approvalSeq) => [draft('void', { scope: 'line', saleId: s.saleId, lineNo: p.lineNo, amount, reason: p.reason, ...(approvalSeq ? { approvalSeq } : {}) }, s.startedAt)]);
      cover.commit();
      return saleChanged(s);
    },

    async 'sale.attachMember'(p) {
      requireOperator();
      let found;
      let verification: 'token' | 'card' | 'manual';
      let approvalSeq: number | undefined;
      if (p.method === 'token') {
        const token = parseMemberToken(p.token);
        if (!token) throw new HostError('member.token-invalid', 'this is not a member code');
        found = members.byId(token.memberId);
        if (!found || !found.active) throw new HostError('member.not-found', 'no active member for this code');
        const check = checkMemberCode(crypto, found.tokenSecret, token.code, now(), { stepSeconds: config.members.tokenStepSeconds, skewSteps: config.members.tokenSkewSteps, expiredLookbackSteps: config.members.expiredLookbackSteps });
        if (check === 'expired') throw new HostError('member.token-expired', 'this member code has expired: ask the customer to refresh the app');
        if (check === 'invalid') throw new HostError('member.token-invalid', 'this member code is not valid');
        verification = 'token';
      } else if (p.method === 'card') {
        found = members.byCard(p.card);
        if (!found || !found.active) throw new HostError('member.not-found', 'no active member for this card');
        verification = 'card';
      } else {
        found = members.byId(p.memberId);
        if (!found || !found.active) throw new HostError('member.not-found', `no active member ${p.memberId}`);
        const s0 = ensureSale();
        if (s0.status !== 'open') throw new HostError('sale.locked', 'the customer and price tier were locked when the total was presented; void the sale to change them');
        const approval = authorize('member.manual', 'look up a member by hand', p.approval, { memberId: found.memberId, saleId: s0.saleId });
        // Manual entry is always recorded, approved or done by someone allowed to: it is how tier prices get abused.
        approvalSeq = store.write((tx) => tx.append(approval ?? draft('approval', { action: 'member.manual', approverId: operator!.staffId, requesterId: operator!.staffId, method: 'pin', reason: 'operator holds member.manual', subject: { memberId: found!.memberId, saleId: s0.saleId } })).seq);
        verification = 'manual';
      }
      const s = ensureSale();
      const tierName = config.pricing.memberTiers[found.tier]?.name;
      s.attachMember({ memberId: found.memberId, name: found.name, tier: found.tier, ...(tierName ? { tierName } : {}), verification, ...(approvalSeq ? { approvalSeq } : {}) });
      if (approvalSeq) s.noteApproval(approvalSeq);
      return saleChanged(s);
    },

    async 'sale.applyDiscount'(p) {
      const s = requireSale();
      if (p.scope === 'line' && p.lineNo === undefined) throw new HostError('payload.invalid', 'a line discount names the line');
      if (p.kind === 'percent' && p.value > 10_000) throw new HostError('discount.invalid', 'a percentage discount is at most 100 %');
      const discount = p.kind === 'amount' ? ({ kind: 'amount', minor: p.value } as const) : ({ kind: 'percent', bp: p.value } as const);
      // The limit is on the sale's discounts together (issue #3): validated here, before any approval is logged.
      const level = s.discountLevelWith(p.scope, p.lineNo, discount, p.reason);
      const large = overDiscountLimit(p.kind, level, { percentBp: config.approvals.discountPercentBp, amount: config.approvals.discountAmount }, s.discountApproved);
      const saleDiscount = { amount: level.amount, percentBp: Math.round(level.shareBp) };
      const approval = authorize(large ? 'sale.discount.large' : 'sale.discount', large ? 'a discount above the limit' : 'a discount', p.approval, { scope: p.scope, kind: p.kind, value: p.value, saleId: s.saleId, saleDiscount });
      if (p.scope === 'line') s.setLineDiscount(p.lineNo!, discount, p.reason);
      else s.setOrderDiscount(discount, p.reason);
      // The approval (or the operator's own permission) covers the sale's resulting total discount.
      if (large) s.approveDiscountLevel(level);
      if (approval) {
        const seq = writeApproved(approval, () => []);
        if (seq) {
          s.noteApproval(seq);
          if (p.scope === 'line') s.setLineDiscount(p.lineNo!, discount, p.reason, seq);
          else s.setOrderDiscount(discount, p.reason, seq);
        }
      }
      return saleChanged(s);
    },

    async 'sale.overridePrice'(p) {
      const s = requireSale();
      const approval = authorize('sale.price-override', 'a price override', p.approval, { lineNo: p.lineNo, unitPrice: p.unitPrice, saleId: s.saleId });
      const cover = coverDiscounts(s, p.lineNo, { unitPrice: p.unitPrice }, p.approval, 'a price override');
      const seq = approval ? writeApproved(approval, () => []) : undefined;
      s.overridePrice(p.lineNo, p.unitPrice, p.reason, seq);
      if (seq) s.noteApproval(seq);
      cover.commit();
      return saleChanged(s);
    },

    async 'sale.present'() {
      const s = requireSale();
      s.present();
      return saleChanged(s);
    },

    async 'sale.reopen'(p) {
      const s = requireSale();
      const approval = authorize('sale.reopen', 'reopen a presented sale', p.approval, { saleId: s.saleId });
      s.reopen();
      if (approval) s.noteApproval(writeApproved(approval, () => [])!);
      return saleChanged(s);
    },

    async 'sale.addTender'(p) {
      const s = requireSale();
      s.addTender(p.type === 'card' ? { type: 'card', amount: p.amount, reference: p.reference, last4: p.last4 } : { type: 'cash', amount: p.amount });
      return saleChanged(s);
    },

    async 'sale.removeTender'(p) {
      const s = requireSale();
      s.removeTender(p.index);
      return saleChanged(s);
    },

    async 'sale.complete'() {
      const s = requireSale();
      requireNoObligation();
      if (s.status !== 'tendering') throw new HostError('sale.not-locked', 'present the total and take payment first');
      const settlement = s.settle();
      const session = settlement.tenders.some((t) => t.type === 'cash') ? requireCashSession('taking cash') : openSession();
      const endedAt = now();
      const receiptNo = store.write((tx) => {
        const no = tx.nextReceiptNo();
        const receiptQr = signReceiptQr(signer, { terminalId: config.terminal.terminalId, receiptNo: no, kind: 'sale', issuedAt: endedAt.toISOString(), total: settlement.total, currency: config.store.currency, keyId: signer.keyId });
        const body = { ...s.toBody(no, settlement, session?.sessionId), receiptQr };
        tx.append({ kind: 'sale', businessDay: day(endedAt), startedAt: s.startedAt, endedAt: endedAt.toISOString(), operatorId: operator!.staffId, body });
        return no;
      });
      sale = null;
      saleChanged();
      if (settlement.tenders.some((t) => t.type === 'cash')) await openDrawerLogged();
      return printObligation(receiptNo);
    },

    async 'sale.cancel'(p) {
      const s = requireSale();
      if (s.hasTenders) throw new HostError('sale.has-tenders', 'remove the tenders (refund any card payment on the card terminal) before cancelling');
      const approval = authorize('sale.cancel', 'cancel a sale', p.approval, { saleId: s.saleId });
      const amount = s.totals().total;
      writeApproved(approval, (approvalSeq) => [draft('void', { scope: 'sale', saleId: s.saleId, amount, reason: p.reason, ...(approvalSeq ? { approvalSeq } : {}) }, s.startedAt)]);
      sale = null;
      saleChanged();
      return { ok: true };
    },

    async 'sale.postVoid'(p) {
      requireOperator();
      const record = store.receipt(p.receiptNo);
      if (!record || record.kind !== 'sale') throw new HostError('receipt.not-found', `there is no sale receipt ${p.receiptNo}`);
      if (record.status === 'post-voided') throw new HostError('void.invalid', `receipt ${p.receiptNo} is already voided`);
      if (record.returnedTotal > 0) throw new HostError('void.invalid', `receipt ${p.receiptNo} has returns against it: use a return instead`);
      if (record.dischargedSeq === null) throw new HostError('void.invalid', `give the customer receipt ${p.receiptNo} first`);
      const body = bodyOf<'sale'>(record);
      const paysCash = body.tenders.some((t) => t.type === 'cash');
      // The cash goes back from the drawer open now, not the sale's own (which may be counted and closed).
      const session = paysCash ? requireCashSession('paying back a voided sale in cash') : openSession();
      const approval = authorize('sale.post-void', 'void a completed sale', p.approval, { receiptNo: p.receiptNo });
      writeApproved(approval, (approvalSeq) => [draft('void', { scope: 'post-void', saleId: record.documentId, receiptNo: p.receiptNo, amount: record.total, reason: p.reason, ...(approvalSeq ? { approvalSeq } : {}), drawerSessionId: session?.sessionId ?? null })]);
      if (paysCash) await openDrawerLogged();
      return receiptView(p.receiptNo);
    },

    async 'receipt.print'(p) {
      requireOperator();
      const open = store.openObligations().find((o) => o.receiptNo === p.receiptNo);
      if (!open) throw new HostError('receipt.no-obligation', `receipt ${p.receiptNo} was already given to the customer: use reprint for a copy`);
      return printObligation(p.receiptNo, printerFor(p.printerId));
    },

    async 'receipt.electronic'(p) {
      requireOperator();
      const open = store.openObligations().find((o) => o.receiptNo === p.receiptNo);
      if (!open) throw new HostError('receipt.no-obligation', `receipt ${p.receiptNo} was already given to the customer`);
      const view = receiptView(p.receiptNo);
      if (view.status === 'printing') throw new HostError('receipt.print-failed', 'the receipt is printing right now; wait for the printer to answer');
      let destination = 'screen-qr';
      if (p.sendTo === 'member-email') {
        const record = store.receipt(p.receiptNo)!;
        const body = record.kind === 'sale' ? bodyOf<'sale'>(record) : null;
        const member = body?.member ? members.byId(body.member.memberId) : undefined;
        if (!config.receipt.emailEnabled || !member?.email) throw new HostError('receipt.no-obligation', 'no e-mail on file for this sale: show the receipt QR on screen instead');
        destination = `member-email:${member.memberId}`;
      }
      store.write((tx) => tx.append(draft('receipt-issued', { saleId: view.documentId, receiptNo: p.receiptNo, channel: 'electronic', electronicReason: p.reason, destination, copyNo: 0, forEntry: view.kind })));
      receiptRuntime.delete(p.receiptNo);
      const after = receiptView(p.receiptNo);
      emit('receipt.changed', after);
      return after;
    },

    async 'receipt.reprint'(p) {
      requireOperator();
      const record = store.receipt(p.receiptNo);
      if (!record) throw new HostError('receipt.not-found', `there is no receipt ${p.receiptNo}`);
      if (record.dischargedSeq === null) throw new HostError('receipt.no-obligation', `receipt ${p.receiptNo} has not been issued yet: print it first`);
      const target = printerFor(p.printerId);
      const copyNo = record.copies + 1;
      const approval = copyNo > config.approvals.freeReprints ? authorize('receipt.reprint', `copy ${copyNo} of a receipt`, p.approval, { receiptNo: p.receiptNo, copyNo }) : null;
      const view = receiptView(p.receiptNo, copyNo);
      const outcome = await target.print(view.document).catch((e: unknown) => ({ ok: false as const, reason: 'error' as const, detail: e instanceof Error ? e.message : String(e) }));
      if (!outcome.ok) throw new HostError('receipt.print-failed', `the copy did not print: ${outcome.reason}`, { reason: outcome.reason, printerId: target.id });
      writeApproved(approval, (approvalSeq) => [draft('receipt-reprinted', { saleId: record.documentId, receiptNo: p.receiptNo, copyNo, printerId: target.id, ...(approvalSeq ? { approvalSeq } : {}) })]);
      return view;
    },

    async 'receipt.get'(p) {
      requireOperator();
      return receiptView(p.receiptNo);
    },

    async 'return.lookup'(p) {
      requireOperator();
      let receiptNo: number;
      if ('qr' in p) {
        const check = verifyReceiptQr(crypto, signer.publicKey, null, p.qr);
        if (!check.ok) throw new HostError('return.not-found', check.message, { reason: check.reason });
        if (check.claim.terminalId !== config.terminal.terminalId) throw new HostError('return.not-found', `receipt from terminal ${check.claim.terminalId}: return it there, or without a receipt`);
        receiptNo = check.claim.receiptNo;
      } else {
        receiptNo = p.receiptNo;
      }
      const record = store.receipt(receiptNo);
      if (!record || record.kind !== 'sale') throw new HostError('return.not-found', `there is no sale receipt ${receiptNo}`);
      const body = bodyOf<'sale'>(record);
      if ('qr' in p && body.receiptQr !== p.qr.trim()) throw new HostError('return.not-found', 'this receipt code does not match the sale on record');
      const returned = store.returnedQuantities(receiptNo);
      return {
        receiptNo,
        saleId: record.documentId,
        endedAt: record.endedAt,
        currency: body.currency,
        total: body.total,
        status: record.status,
        lines: body.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, name: l.name, qtyMilli: l.qtyMilli, returnableMilli: record.status === 'post-voided' ? 0 : l.qtyMilli - (returned.get(l.lineNo) ?? 0), amount: l.amount, unit: catalog.byId(l.productId)?.unit ?? 'each' })),
        tenders: body.tenders.map((t) => ({ type: t.type, amount: t.amount })),
      };
    },

    async 'return.quote'(p) {
      requireOperator();
      const { refunds, rounding, total } = planReturn(p);
      return { total, rounding: rounding ?? 0, refunds: refunds.map((r) => ({ type: r.type, amount: r.amount, ...(r.last4 ? { last4: r.last4 } : {}) })) };
    },

    async 'return.complete'(p) {
      requireOperator();
      requireNoObligation();
      if (sale) throw new HostError('sale.locked', 'finish or cancel the sale in progress first');
      const { original, lines, tax, refunds, rounding, total } = planReturn(p);
      const approval =
        p.originalReceiptNo !== undefined
          ? authorize('return.with-receipt', 'a return', p.approval, { originalReceiptNo: p.originalReceiptNo })
          : authorize('return.without-receipt', 'a return without a receipt', p.approval, { lines: p.lines.length });
      const session = refunds.some((r) => r.type === 'cash') ? requireCashSession('paying a refund in cash') : openSession();
      const endedAt = now();
      const returnId = deps.newId();
      const receiptNo = store.write((tx) => {
        const approvalSeq = approval ? tx.append(approval).seq : undefined;
        const no = tx.nextReceiptNo();
        const receiptQr = signReceiptQr(signer, { terminalId: config.terminal.terminalId, receiptNo: no, kind: 'return', issuedAt: endedAt.toISOString(), total, currency: config.store.currency, keyId: signer.keyId });
        const body: EntryBody<'return'> = {
          returnId,
          receiptNo: no,
          currency: config.store.currency,
          ...(original ? { originalSaleId: original.saleId, originalReceiptNo: original.receiptNo } : {}),
          lines,
          refunds,
          ...(rounding ? { rounding } : {}),
          total,
          tax,
          reason: p.reason,
          withReceipt: original !== undefined,
          training,
          ...(approvalSeq ? { approvalSeq } : {}),
          ...(session ? { drawerSessionId: session.sessionId } : {}),
          receiptQr,
        };
        tx.append({ kind: 'return', businessDay: day(endedAt), startedAt: endedAt.toISOString(), endedAt: endedAt.toISOString(), operatorId: operator!.staffId, body });
        return no;
      });
      if (refunds.some((r) => r.type === 'cash')) await openDrawerLogged();
      return printObligation(receiptNo);
    },

    async 'drawer.noSale'(p) {
      requireOperator();
      if (sale) throw new HostError('sale.locked', 'the drawer opens with the sale; finish or cancel it first');
      const approval = authorize('drawer.no-sale', 'open the drawer without a sale', p.approval, { reason: p.reason });
      const session = openSession();
      writeApproved(approval, (approvalSeq) => [draft('no-sale', { reason: p.reason, ...(approvalSeq ? { approvalSeq } : {}), ...(session ? { drawerSessionId: session.sessionId } : {}) })]);
      await openDrawerLogged();
      return { ok: true };
    },

    async 'devices.status'() {
      return deps.devices?.() ?? [];
    },

    async 'till.status'() {
      requireOperator();
      const session = openSession();
      const unsealed = store.unsealedDays();
      const awaiting = unsealed.flatMap((d) => store.drawerSessions({ businessDay: d.businessDay, open: false }))
        .filter((x) => x.overShort !== null && Math.abs(x.overShort) > config.till.overShortThreshold && x.cosignSeq === null)
        .map((x) => ({ sessionId: x.sessionId, overShort: x.overShort! }));
      return {
        session: session ? { sessionId: session.sessionId, operatorId: session.operatorId, float: session.float, openedSeq: session.openedSeq } : null,
        denominations,
        businessDay: day(),
        unsealedDays: unsealed.map((d) => d.businessDay),
        awaitingCosign: awaiting,
      };
    },

    async 'till.openDrawer'(p) {
      const op = requireOperator();
      if (!permissionsOf(op).includes('sale.sell')) throw new HostError('permission.denied', `${op.name} may not open a drawer`);
      const open = openSession();
      if (open) throw new HostError('till.session-open', 'this drawer is already open: count and close it first', { sessionId: open.sessionId });
      const total = checkCounts(p.counts);
      const sessionId = deps.newId();
      store.write((tx) => tx.append(draft('count', { drawerSessionId: sessionId, currency: config.store.currency, purpose: 'opening-float', denominations: p.counts, total })));
      await openDrawerLogged();
      return { sessionId, float: total };
    },

    async 'till.cashMovement'(p) {
      requireOperator();
      const session = openSession();
      if (!session) throw new HostError('till.no-session', 'open the drawer with a counted float first');
      const permission = p.kind === 'cash-in' ? 'drawer.cash-in' : 'drawer.cash-out';
      const approval = authorize(permission, p.kind === 'cash-in' ? 'put cash into the drawer' : p.kind === 'pickup' ? 'take a pickup to the safe' : 'pay out cash', p.approval, { kind: p.kind, amount: p.amount });
      writeApproved(approval, (approvalSeq) => [
        p.kind === 'cash-in'
          ? draft('cash-in', { amount: p.amount, currency: config.store.currency, reason: p.reason, drawerSessionId: session.sessionId, ...(approvalSeq ? { approvalSeq } : {}) })
          : draft('cash-out', { amount: p.amount, currency: config.store.currency, reason: p.reason, purpose: p.kind, drawerSessionId: session.sessionId, ...(approvalSeq ? { approvalSeq } : {}) }),
      ]);
      await openDrawerLogged();
      return { ok: true };
    },

    async 'till.closeDrawer'(p) {
      requireOperator();
      if (sale) throw new HostError('sale.locked', 'finish or cancel the sale in progress first');
      const session = openSession();
      if (!session) throw new HostError('till.no-session', 'there is no open drawer to count');
      const counted = checkCounts(p.counts);
      // Blind count: the count is recorded before anyone sees what was expected.
      const expected = expectedCash(session);
      const overShort = counted - expected;
      store.write((tx) => tx.append(draft('count', { drawerSessionId: session.sessionId, currency: config.store.currency, purpose: 'closing', denominations: p.counts, total: counted, expected, overShort })));
      return { sessionId: session.sessionId, counted, expected, overShort, needsCosign: Math.abs(overShort) > config.till.overShortThreshold };
    },

    async 'till.cosign'(p) {
      requireOperator();
      const session = store.drawerSessions({}).find((x) => x.sessionId === p.sessionId);
      if (!session || session.closedSeq === null) throw new HostError('till.no-session', 'that drawer has not been counted yet');
      if (session.cosignSeq !== null) return { ok: true };
      const approval = authorizeSecondPerson('till.cosign', 'till.cosign', p.approval, session.operatorId, { drawerSessionId: session.sessionId, overShort: session.overShort ?? 0 }, p.reason);
      store.write((tx) => tx.append(approval));
      return { ok: true };
    },

    async 'report.x'() {
      const op = requireOperator();
      if (!permissionsOf(op).includes('report.x')) throw new HostError('permission.denied', `${op.name} may not read the X report`);
      const businessDay = day();
      const view = xReportView(store, config, minorDigits, businessDay);
      // Taking an X is recorded (not sealed): who looked at the day's figures, and when.
      store.write((tx) => tx.append(draft('x-report', { businessDay, lastSeq: store.head().seq, totals: { net: view.grand.period, sales: view.keys.sales?.amount ?? 0 } })));
      return view;
    },

    async 'report.z'(p) {
      requireOperator();
      const approval = authorize('report.z', 'close the business day (Z report)', p.approval, { businessDay: p.businessDay ?? null });
      if (sale) throw new HostError('sale.locked', 'finish or cancel the sale in progress first');
      const open = store.openObligations()[0];
      if (open) throw new HostError('sale.obligation-open', `receipt ${open.receiptNo} has not been given to the customer yet: print it or issue it electronically before closing`, { receiptNo: open.receiptNo });
      const target = p.businessDay ?? store.unsealedDays()[0]?.businessDay;
      if (!target || !store.businessDay(target) || store.isDaySealed(target)) throw new HostError('report.nothing-to-close', target ? `${target} has nothing to close` : 'every business day is already closed');
      const older = store.unsealedDays().find((d) => d.businessDay < target);
      if (older) throw new HostError('till.not-ready', `close ${older.businessDay} first: Z reports go in order`, { businessDay: older.businessDay });
      const drawers = store.drawerSessions({ businessDay: target });
      const stillOpen = drawers.filter((d) => d.closedSeq === null);
      if (stillOpen.length) throw new HostError('till.session-open', `count and close the drawer first (${stillOpen.map((d) => d.sessionId.slice(0, 8)).join(', ')})`, { sessions: stillOpen.map((d) => d.sessionId) });
      const uncosigned = drawers.filter((d) => d.overShort !== null && Math.abs(d.overShort) > config.till.overShortThreshold && d.cosignSeq === null);
      if (uncosigned.length) throw new HostError('till.not-ready', `a manager must co-sign the over/short of ${uncosigned.map((d) => d.sessionId.slice(0, 8)).join(', ')}`, { sessions: uncosigned.map((d) => d.sessionId) });
      const perpetualBefore = previousPerpetual(store);
      const zNo = ((store.lastZReport()?.body as { zNo?: number } | undefined)?.zNo ?? 0) + 1;
      const at = now();
      const body = store.write((tx) => {
        if (approval) tx.append({ ...approval, businessDay: target });
        // Read after the approval so the Z covers every entry of the day, itself excepted.
        const record = store.businessDay(target)!;
        const t = zTotals(config.store.currency, store.dayTotals(target), store.drawerSessions({ businessDay: target }), perpetualBefore);
        const last = store.entry(record.lastSeq)!;
        const zBody = { zNo, businessDay: target, firstSeq: record.firstSeq, lastSeq: record.lastSeq, lastHash: last.hash, totals: t as unknown as Record<string, unknown> };
        tx.append({ kind: 'z-report', businessDay: target, startedAt: at.toISOString(), endedAt: at.toISOString(), operatorId: operator!.staffId, body: zBody });
        return zBody;
      });
      const view = zReportView(store, config, minorDigits, body);
      const outcome = await printer.print(view.document).catch((e: unknown) => ({ ok: false as const, reason: 'error' as const, detail: e instanceof Error ? e.message : String(e) }));
      if (!outcome.ok) store.write((tx) => tx.append(draft('device-fault', { device: `printer:${printer.id}`, code: outcome.reason, message: `Z ${zNo} did not print` })));
      return { ...view, printed: outcome.ok };
    },

    async 'report.period'(p) {
      const op = requireOperator();
      if (!permissionsOf(op).includes('report.z')) throw new HostError('permission.denied', `${op.name} may not read period reports`);
      // The same roll-up as `tillproof report period`.
      return periodReport(store.zReports(p.from, p.to), p.from, p.to, config.store.currency);
    },
  };

  // A locked till answers only these until a PIN or badge unlocks it (session.login).
  const whileLocked = new Set<MethodName>(['session.state', 'session.login', 'session.lock', 'devices.status']);
  const guarded = Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      (params: never) => {
        if (locked && !whileLocked.has(name as MethodName)) return Promise.reject(new HostError('auth.required', 'the till is locked: unlock it with a PIN or badge'));
        return (handler as (p: never) => Promise<unknown>)(params);
      },
    ]),
  ) as Handlers;

  return {
    handlers: guarded,
    state: {
      get operator() {
        return operator;
      },
      get sale() {
        return sale;
      },
    },
    reconfigure(next) {
      // Store, terminal and currency are who the ledger belongs to: they never change under a running host.
      if (next.store.storeId !== config.store.storeId || next.terminal.terminalId !== config.terminal.terminalId || next.store.currency !== config.store.currency) {
        throw new Error('a running terminal cannot change its store, terminal id or currency');
      }
      config = next;
      rules = rulesOf(next);
      // Screens re-read the operator's permissions.
      if (operator) emit('session.changed', { operatorId: operator.staffId });
    },
  };
}

/** Splits a refund total over lines by their amounts (exact, largest remainder). */
export function splitByWeights(total: number, weights: number[]): number[] {
  return allocate(total, weights);
}
