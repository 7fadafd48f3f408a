// Puts the sale on the customer (pole) display as it happens: the host's own events (sale.changed,
// receipt.changed, session.changed, a refused scan after Pay) become display content (core/sales/customer-display-content.ts).
// Writes go out one after another, in the order of the events; the display keeps the latest
// content and paints it again after a power cycle or a reconnection (hardware/display).
import type { EventName, EventPayload } from '../core/contract/events.ts';
import type { SaleView } from '../core/contract/views.ts';
import type { CustomerDisplay, CustomerDisplayContent } from '../core/ports/customer-display.ts';
import type { Logger } from '../core/ports/logger.ts';
import {
  idleDisplay,
  notAddedDisplay,
  receiptDisplay,
  saleDisplay,
  type DisplayTextRules,
} from '../core/sales/customer-display-content.ts';
import { errorMessage } from '../core/shared/errors.ts';

export interface CustomerDisplayFeed {
  /** A host event; the display follows the sale and the receipt. */
  event(event: EventName, payload: unknown): void;
  /** A scan was refused after Pay: the customer sees it is not on the bill. */
  notAdded(sale: SaleView): void;
  /** Resolves once every write asked for so far has been made (tests, shutdown). */
  settled(): Promise<void>;
}

export function feedCustomerDisplay(
  display: CustomerDisplay,
  rules: () => DisplayTextRules,
  log: Pick<Logger, 'warn'>,
): CustomerDisplayFeed {
  let queue: Promise<void> = Promise.resolve();
  let lastOutcomeOk = true;
  let current: SaleView | null = null;
  /** The sale as last painted, and whether a "not added" has replaced it since. */
  let paintedSale: string | null = null;
  let notAddedUp = false;
  const show = (content: CustomerDisplayContent): void => {
    notAddedUp = false;
    queue = queue.then(async () => {
      try {
        const outcome = await display.show(content);
        // One line when the display goes away, not one per item (it shows the sale again when back).
        if (!outcome.ok && lastOutcomeOk) log.warn(`customer display ${display.id} not updated: ${outcome.reason} ${outcome.detail ?? ''}`);
        lastOutcomeOk = outcome.ok;
      } catch (e) {
        log.warn(`customer display ${display.id} not updated: ${errorMessage(e)}`);
      }
    });
  };
  const showNotAdded = (sale: SaleView): void => {
    show(notAddedDisplay(sale, rules()));
    notAddedUp = true;
  };
  show(idleDisplay(rules()));
  return {
    event(event, payload) {
      if (event === 'sale.changed') {
        const sale = payload as EventPayload<'sale.changed'>;
        const before = current;
        current = sale;
        if (sale) {
          const content = saleDisplay(sale, rules());
          const key = JSON.stringify(content);
          // A refused step puts the same sale back: the "not added" the customer is reading stays up.
          if (notAddedUp && key === paintedSale) return;
          paintedSale = key;
          show(content);
          return;
        }
        paintedSale = null;
        // A paid sale shows its receipt next (receipt.changed) and keeps the change up until then; a cancelled one, the welcome.
        if (!(before?.status === 'tendering' && before.due === 0)) show(idleDisplay(rules()));
        return;
      }
      if (event === 'receipt.changed') {
        const receipt = payload as EventPayload<'receipt.changed'>;
        if (receipt.kind === 'sale' || receipt.kind === 'return') show(receiptDisplay(receipt, rules()));
        return;
      }
      if (event === 'scan.received') {
        // A screen's scan (wedge, typed) refused after Pay: the customer sees it is not on the bill.
        // Serial and HID reads come through notAdded from the scanner routing instead.
        const scan = payload as EventPayload<'scan.received'>;
        if (!scan.ok && (scan.source === 'wedge' || scan.source === 'manual') && current?.status === 'tendering') {
          showNotAdded(current);
        }
        return;
      }
      if (event === 'session.changed' && (payload as EventPayload<'session.changed'>).operatorId === null) show(idleDisplay(rules()));
    },
    notAdded: showNotAdded,
    settled: () => queue,
  };
}
