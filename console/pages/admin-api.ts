import { call } from '../api.ts';

// The console's calls for the Enrollment, Disputes, Users and Audit pages (hq/console-admin.ts).
// HQ decides what each user may see and do; these only carry the request.

export interface EnrolledTerminalView {
  terminalId: string;
  storeId: string;
  keyId: string;
  enrolledAt: string | null;
  lastSyncAt: string | null;
  headSeq: number;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface PendingCode {
  storeId: string;
  terminalId: string;
  createdAt: string | null;
  expiresAt: string | null;
}

export interface DisputeView {
  disputeId: number;
  terminalId: string;
  seq: number;
  entryHash: string;
  kind: string;
  storeId: string;
  memberId: string;
  memberName: string | null;
  salespersonIds: string[];
  cashierId: string | null;
  staffNames: Record<string, string>;
  amount: number;
  currency: string;
  businessDay: string;
  comment: string | null;
  createdAt: string;
  caseId: number | null;
  caseStatus: 'open' | 'reviewed' | 'dismissed' | null;
}

export interface EvidenceEntry {
  terminalId: string;
  seq: number;
  kind?: string;
  hash?: string;
  recordedHash: string;
  keyId?: string;
  signature?: string;
  found: boolean;
  hashValid?: boolean;
  signatureValid?: boolean;
  matchesDispute?: boolean;
  verified: boolean;
}

export interface HistorySale {
  terminalId: string;
  seq: number;
  kind: string;
  businessDay: string;
  storeId: string;
  operatorId: string | null;
  memberId: string | null;
  total: number | null;
  receiptNo: number | null;
}

export interface History {
  sales: HistorySale[];
  disputes: DisputeView[];
  cases: Array<{ caseId: number; rule: string; status: string; businessDay: string; amountAtRisk: number }>;
}

export interface HqUserView {
  username: string;
  displayName: string;
  role: 'admin' | 'auditor' | 'regional-manager';
  stores: string[];
  totp: boolean;
  disabled: boolean;
}

export interface Credentials {
  username: string;
  password: string | null;
  totpUri: string | null;
}

export interface AuditRowView {
  auditId: number;
  at: string;
  actor: string;
  action: string;
  username: string | null;
  remoteAddress: string | null;
  details: Record<string, unknown>;
}

const query = (params: Record<string, string>) => {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();
  return q ? `?${q}` : '';
};

export const adminApi = {
  enrollment: () => call<{ terminals: EnrolledTerminalView[]; pendingCodes: PendingCode[] }>('GET', '/enrollment'),
  createCode: (csrf: string, body: { storeId: string; terminalId: string; validHours: number }) =>
    call<{ storeId: string; terminalId: string; code: string; expiresAt: string }>('POST', '/enrollment/codes', { body, csrf }),
  revoke: (csrf: string, terminalId: string) =>
    call<{ terminalId: string }>('POST', `/terminals/${encodeURIComponent(terminalId)}/revoke`, { csrf }),
  disputes: () => call<{ disputes: DisputeView[] }>('GET', '/disputes'),
  evidence: (disputeId: number) => call<{ entries: EvidenceEntry[]; checkedAt: string }>('GET', `/disputes/${disputeId}/evidence`),
  history: (who: { member: string } | { staff: string }) => call<History>('GET', `/history${query(who)}`),
  users: () => call<{ users: HqUserView[] }>('GET', '/users'),
  addUser: (csrf: string, body: { username: string; displayName: string; role: HqUserView['role']; stores: string[]; totp: boolean }) =>
    call<{ user: HqUserView; credentials: Credentials }>('POST', '/users', { body, csrf }),
  setDisabled: (csrf: string, username: string, disabled: boolean) =>
    call<{ user: HqUserView }>('POST', `/users/${encodeURIComponent(username)}/${disabled ? 'disable' : 'enable'}`, { csrf }),
  reset: (csrf: string, username: string) =>
    call<{ user: HqUserView; credentials: Credentials }>('POST', `/users/${encodeURIComponent(username)}/reset`, { body: {}, csrf }),
  audit: (filters: { user: string; action: string; from: string; to: string }) =>
    call<{ rows: AuditRowView[] }>('GET', `/audit${query({ ...filters, limit: '500' })}`),
};
