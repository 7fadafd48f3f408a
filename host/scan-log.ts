// Refused keyboard-wedge and typed scans in the host's log, as serial and HID reads are logged by
// host/hardware-scans.ts: a scan refused as the possible tail of a split one (scan.split), a label
// that makes no sense, an unknown code. The screen shows the refusal; the log keeps it for IT.
import type { EventName, EventPayload } from '../core/contract/events.ts';
import type { Logger } from '../core/ports/logger.ts';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** `emit`, with every refused wedge or typed scan also written to `log`. */
export function withRefusedScansLogged(emit: Emit, log: Pick<Logger, 'info'>): Emit {
  return (event, payload) => {
    if (event === 'scan.received') {
      const scan = payload as EventPayload<'scan.received'>;
      if (!scan.ok && (scan.source === 'wedge' || scan.source === 'manual')) {
        log.info(`scan refused: ${scan.errorCode ?? 'unknown reason'}`, { source: scan.source, code: scan.code, reason: scan.errorCode });
      }
    }
    emit(event, payload);
  };
}
