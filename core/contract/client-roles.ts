import type { EventName } from './events.ts';
import type { MethodName } from './methods.ts';

/**
 * Who is on the other end of a connection: the cashier's screens, or the customer display,
 * which only shows the sale (it reads, it never sells). Electron's second window and browser
 * mode's display address both get the display role.
 */
export type ClientRole = 'main' | 'display';

export const DISPLAY_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(['session.state', 'receipt.get']);
/** And it hears only what it shows. */
export const DISPLAY_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['sale.changed', 'receipt.changed', 'session.changed']);

export function mayCall(role: ClientRole, method: MethodName): boolean {
  return role === 'main' || DISPLAY_METHODS.has(method);
}

export function mayReceive(role: ClientRole, event: EventName): boolean {
  return role === 'main' || DISPLAY_EVENTS.has(event);
}
