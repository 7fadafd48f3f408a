// The console's calls to HQ's /console/api (hq/console-api.ts). Same origin, the session in an
// HttpOnly cookie HQ sets; every state-changing call carries the session's CSRF token. HQ checks
// every role and store itself: this page only shows what HQ gives it.

export interface Me {
  username: string;
  displayName: string;
  role: 'admin' | 'auditor' | 'regional-manager';
  stores: string[];
  csrfToken: string;
}

export interface StoreSummary {
  storeId: string;
  terminals: number;
  lastSyncAt: string | null;
  /** The store's day at a glance (today in the time zone asked for); absent when none was. */
  today?: StoreDay | null;
}

export interface StoreDay {
  day: string;
  /** Net sales per currency, minor units. */
  net: { currency: string; amount: number }[];
  receipts: number;
  openCases: number;
}

/** What a till last reported about itself with a batch (HQ keeps the latest). */
export interface TerminalReport {
  softwareVersion: string;
  devices: { kind: string; id: string; state: string; reason?: string }[];
  /** Entries the till held that it had not sent yet, when it reported. */
  backlog: number;
}

export interface TerminalSummary {
  terminalId: string;
  storeId: string;
  enrolledAt: string | null;
  lastSyncAt: string | null;
  headSeq: number;
  /** How far HQ verified the chain (hash links and signatures): it stores only verified entries. */
  verifiedSeq: number;
  /** Chain incidents recorded for this terminal, by kind (absent: none). */
  incidents: Partial<Record<ChainIncidentKind, number>>;
  /** Null: the till has not reported (a version before reports). */
  report: TerminalReport | null;
  reportedAt: string | null;
}

export const CHAIN_INCIDENT_KINDS = [
  'fork',
  'gap',
  'tampered-entry',
  'chain-broken',
  'malformed-batch',
  'replayed-request',
  'member-code-reused',
  'giftcard-overspent',
  'z-report-mismatch',
] as const;
export type ChainIncidentKind = (typeof CHAIN_INCIDENT_KINDS)[number];

export type CaseStatus = 'open' | 'reviewed' | 'dismissed';
export type ReviewOutcome = 'confirmed' | 'false-alarm' | 'dismissed' | 'fine';
/** A review made at a till (a `loss-review` ledger entry HQ received). */
export type TillReviewOutcome = 'fraud' | 'error' | 'fine';

export interface LossCaseView {
  caseId: number;
  rule: string;
  score: number;
  staffIds: string[];
  memberId: string | null;
  storeIds: string[];
  terminalId: string;
  businessDay: string;
  amountAtRisk: number;
  /** Worded by HQ in the language the page asked for. */
  explanation: string;
  evidence: { terminalId: string; seq: number; hash: string }[];
  status: CaseStatus;
  reviews: {
    outcome: ReviewOutcome | TillReviewOutcome | 'reopened';
    note: string;
    by: string;
    at: string;
    /** The till's review entry, for a review made at a till. */
    from: { terminalId: string; seq: number } | null;
  }[];
  /** An open case of a pattern reviewed fine (at HQ or a till) within 28 days: listed last. */
  acceptedBy: {
    by: string;
    at: string;
    note: string;
    day: string;
    caseId: number | null;
    from: { terminalId: string; seq: number } | null;
  } | null;
}

/** A refusal from HQ (its error code, message and details), or 'network' when HQ did not answer. */
export class ConsoleApiError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ConsoleApiError';
    this.code = code;
    this.details = details;
  }
}

const API = '/console/api';

export async function call<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { body?: unknown; csrf?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  let res: Response;
  try {
    res = await fetch(`${API}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch (e) {
    throw new ConsoleApiError('network', e instanceof Error ? e.message : String(e));
  }
  // A proxy's error page is not JSON: the status then says what happened.
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw refusalOf(res, json);
  return json as T;
}

function refusalOf(res: Response, json: unknown): ConsoleApiError {
  const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  return new ConsoleApiError(
    typeof error?.code === 'string' ? error.code : 'internal',
    typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`,
    typeof error?.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {},
  );
}

/** A file HQ makes (the sales PDF), as a Blob; a refusal as a ConsoleApiError like any call's. */
export async function fetchFile(path: string): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(`${API}${path}`, { credentials: 'same-origin' });
  } catch (e) {
    throw new ConsoleApiError('network', e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) throw refusalOf(res, await res.json().catch(() => null));
  return res.blob();
}

// Master data (hq/console-master-data.ts).

export interface ProductView {
  productId: string;
  sku: string;
  name: string;
  barcodes: string[];
  /** Minor units per price tier. */
  prices: Record<string, number>;
  active: boolean;
}

export interface ProductPage {
  products: ProductView[];
  total: number;
  offset: number;
  limit: number;
  tiers: string[];
  currency: string;
  minorDigits: number;
  version: number;
}

export interface CatalogLineError {
  line: number;
  column: string | null;
  code: string;
  message: string;
}

export interface CatalogImportStatus {
  jobId: string;
  fileName: string;
  state: 'receiving' | 'publishing' | 'published' | 'rejected' | 'failed';
  size: number;
  received: number;
  records: number;
  rejected: number;
  errors: CatalogLineError[];
  errorsTruncated: boolean;
  refusal: string | null;
  version: number | null;
  changed: number;
  deactivated: number;
}

export type StaffRole = 'cashier' | 'supervisor' | 'manager' | 'admin';

export interface StaffView {
  staffId: string;
  name: string;
  role: StaffRole;
  active: boolean;
  /** '*': every store. */
  stores: string[];
  hasPin: boolean;
  hasBadge: boolean;
}

/** A staff change; `pin` is the new PIN, shown once, when HQ made one. */
export interface StaffChange {
  staff: StaffView;
  pin?: string | null;
  version: number | null;
}

export const consoleApi = {
  me: () => call<Me>('GET', '/me'),
  signIn: (body: { username: string; password: string; totp?: string }) => call<Me>('POST', '/session', { body }),
  signOut: (csrf: string) => call<{ signedOut: true }>('DELETE', '/session', { csrf }),
  /** With a time zone, each store's day at a glance comes too (today there). */
  stores: (timeZone?: string) =>
    call<{ stores: StoreSummary[] }>('GET', `/stores${timeZone ? `?${new URLSearchParams({ tz: timeZone }).toString()}` : ''}`),
  terminals: (storeId: string) =>
    call<{ storeId: string; terminals: TerminalSummary[] }>('GET', `/stores/${encodeURIComponent(storeId)}/terminals`),
  lossCases: (lang: string, status: CaseStatus | '') =>
    call<{ cases: LossCaseView[] }>('GET', `/loss-cases?${new URLSearchParams({ lang, ...(status ? { status } : {}) }).toString()}`),
  reviewLossCase: (csrf: string, caseId: number, lang: string, body: { outcome: ReviewOutcome; note: string }) =>
    call<{ case: LossCaseView }>('POST', `/loss-cases/${caseId}/review?lang=${encodeURIComponent(lang)}`, { body, csrf }),
  products: (q: string, offset: number, limit: number) =>
    call<ProductPage>('GET', `/products?${new URLSearchParams({ q, offset: String(offset), limit: String(limit) }).toString()}`),
  setPrice: (csrf: string, productId: string, body: { tier: string; price: string }) =>
    call<{ product: ProductView | null; version: number | null }>('POST', `/products/${encodeURIComponent(productId)}/price`, {
      body,
      csrf,
    }),
  startCatalogImport: (csrf: string, body: { fileName: string; size: number; replace: boolean }) =>
    call<CatalogImportStatus>('POST', '/catalog-imports', { body, csrf }),
  sendCatalogChunk: (csrf: string, jobId: string, body: { at: number; text: string; last: boolean }) =>
    call<CatalogImportStatus>('POST', `/catalog-imports/${encodeURIComponent(jobId)}/chunk`, { body, csrf }),
  staff: (store: string) =>
    call<{ staff: StaffView[]; mayChangeRoles: StaffRole[] }>('GET', `/staff?${new URLSearchParams(store ? { store } : {}).toString()}`),
  addStaff: (csrf: string, body: { staffId: string; name: string; role: StaffRole; stores: string[] }) =>
    call<StaffChange>('POST', '/staff', { body, csrf }),
  deactivateStaff: (csrf: string, staffId: string) =>
    call<StaffChange>('POST', `/staff/${encodeURIComponent(staffId)}/deactivate`, { csrf }),
  resetStaffPin: (csrf: string, staffId: string) => call<StaffChange>('POST', `/staff/${encodeURIComponent(staffId)}/pin-reset`, { csrf }),
  catalogImport: (jobId: string) => call<CatalogImportStatus>('GET', `/catalog-imports/${encodeURIComponent(jobId)}`),
};
