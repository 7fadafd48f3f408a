// Every read of a serial or HID scanner ends in exactly one outcome, told to the screens as one
// `scan.received` event and written to the log: added to the sale (or a member code taken), a
// staff badge that signed in or unlocked the till, or a refusal with its reason. The scanner
// beeps for every good read, so silence here would let an item scanned after Pay leave unpaid.
//
// The host read the code from its own scanner, so a badge on it may sign in: through
// session.login, which keeps the badge lockout. Order of the routes, top to bottom:
//   nobody selling (no operator, or the till locked) -> a badge signs in or unlocks; a product is refused
//   a known staff badge while signed in              -> refused (it is not an item)
//   everything else                                  -> sale.scan (items, member app codes; member cards go here too)
import { parseScan, type ScanConfig } from '../core/catalog/barcode.ts';
import type { EventName, EventPayload } from '../core/contract/events.ts';
import type { SaleView } from '../core/contract/views.ts';
import type { Handlers } from '../core/terminal/create-terminal.ts';
import type { Logger } from '../core/ports/logger.ts';
import type { ScanEvent, ScanRejection, ScanSource } from '../core/ports/scanner.ts';
import type { StaffDirectory } from '../core/ports/staff-directory.ts';
import { parseMemberToken } from '../core/sales/member-token.ts';
import { errorMessage } from '../core/shared/errors.ts';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
type Outcome = NonNullable<EventPayload<'scan.received'>['outcome']>;

export interface HardwareScanRouting {
  handlers: Handlers;
  staff: Pick<StaffDirectory, 'byBadge'>;
  scanConfig: () => ScanConfig;
  emit: Emit;
  log: Pick<Logger, 'info' | 'warn'>;
  /** A read was refused while the customer watches the total (after Pay): tell them it is not on the bill. */
  onRefusedAtPayment?: (sale: SaleView) => void;
}

export interface HardwareScans {
  scan(scan: ScanEvent): Promise<Outcome>;
  rejected(rejection: ScanRejection): Promise<void>;
}

const isHardware = (source: string): source is ScanSource => source === 'serial' || source === 'hid';

/**
 * The terminal's own `scan.received` events for serial and HID scans are left out: the routing
 * below reports each of those reads once, with its outcome, whichever step refused it.
 */
export function withoutCoreHardwareScanEvents(emit: Emit): Emit {
  return (event, payload) => {
    if (event === 'scan.received' && isHardware((payload as EventPayload<'scan.received'>).source)) return;
    emit(event, payload);
  };
}

/** A code that reads as a retail barcode (not free text): a product, never a badge. */
function looksLikeProduct(code: string, config: ScanConfig): boolean {
  const parsed = parseScan(code, config);
  return parsed.ok && parsed.value.kind !== 'text';
}

/** A badge's own text: a scanner set to send the AIM symbology identifier puts ']C0' (Code 128) or the like before it. */
export function badgeText(code: string): string {
  return code.replace(/^\][A-Za-z][0-9A-Za-z]/, '');
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'internal';
}

export function createHardwareScans(routing: HardwareScanRouting): HardwareScans {
  const { handlers, staff, emit, log } = routing;

  const report = (scan: ScanEvent, outcome: Outcome, errorCode?: string, detail?: string): Outcome => {
    const code = scan.code.slice(0, 64);
    emit('scan.received', {
      code,
      source: scan.source,
      deviceId: scan.deviceId,
      ok: outcome !== 'refused',
      outcome,
      ...(errorCode ? { errorCode } : {}),
    });
    const fields = {
      scanner: scan.deviceId,
      source: scan.source,
      code,
      outcome,
      ...(errorCode ? { errorCode } : {}),
      ...(detail ? { detail } : {}),
    };
    if (outcome === 'refused') log.warn(`scan refused: ${errorCode ?? ''}${detail ? `: ${detail}` : ''}`, fields);
    else log.info(`scan ${outcome}`, fields);
    return outcome;
  };

  async function signIn(scan: ScanEvent, locked: boolean): Promise<Outcome> {
    if (looksLikeProduct(scan.code, routing.scanConfig())) {
      return report(scan, 'refused', locked ? 'scan.till-locked' : 'auth.required', 'a product scanned while nobody is selling');
    }
    try {
      await handlers['session.login']({ method: 'badge', badge: badgeText(scan.code) });
      return report(scan, locked ? 'unlocked' : 'signed-in');
    } catch (e) {
      return report(scan, 'refused', codeOf(e), errorMessage(e));
    }
  }

  async function sell(scan: ScanEvent, sale: SaleView | null): Promise<Outcome> {
    try {
      await handlers['sale.scan']({ code: scan.code, source: scan.source });
      return report(scan, parseMemberToken(scan.code) ? 'member' : 'added');
    } catch (e) {
      if (sale?.status === 'tendering') routing.onRefusedAtPayment?.(sale);
      return report(scan, 'refused', codeOf(e), errorMessage(e));
    }
  }

  async function route(scan: ScanEvent): Promise<Outcome> {
    try {
      const state = await handlers['session.state']({});
      if (!state.operator || state.locked) return await signIn(scan, state.operator !== null);
      if (staff.byBadge(badgeText(scan.code))) return report(scan, 'refused', 'scan.staff-badge', 'a staff badge is not an item');
      return await sell(scan, state.sale);
    } catch (e) {
      return report(scan, 'refused', 'internal', errorMessage(e));
    }
  }

  return {
    scan: route,
    async rejected(r) {
      const state = await handlers['session.state']({}).catch(() => null);
      // A whole read that is no barcode may be a staff badge: a known one, or any text while nobody is selling.
      if (r.code !== undefined && state) {
        const read: ScanEvent = { code: r.code, source: r.source, deviceId: r.deviceId };
        const nobodySelling = !state.operator || state.locked;
        if (staff.byBadge(badgeText(r.code))) return void (await route(read));
        if (nobodySelling && !/^\d+$/.test(r.code)) return void (await signIn(read, state.operator !== null));
      }
      if (state?.sale?.status === 'tendering') routing.onRefusedAtPayment?.(state.sale);
      const read: ScanEvent = { code: r.code ?? '', source: r.source, deviceId: r.deviceId };
      report(read, 'refused', r.reason, r.detail);
    },
  };
}
