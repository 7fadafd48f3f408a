import { z } from 'zod';
import { deviceStatusSchema, receiptViewSchema, saleViewSchema } from './views.ts';

/** Host -> UI notifications. */
export const events = {
  'device.status': deviceStatusSchema,
  /** A scan and what became of it; for a serial or HID scanner the host sends exactly one per read. */
  'scan.received': z.object({
    code: z.string(),
    source: z.enum(['hid', 'serial', 'wedge', 'manual']),
    ok: z.boolean(),
    errorCode: z.string().optional(),
    /** Serial and HID scans: the scanner that read it. */
    deviceId: z.string().optional(),
    /**
     * Serial and HID scans (one event per read): what became of it. 'added' to the sale, a member
     * code taken, a badge that 'signed-in' or 'unlocked' the till, or 'refused' (errorCode says why).
     */
    outcome: z.enum(['added', 'member', 'signed-in', 'unlocked', 'refused']).optional(),
  }),
  'sale.changed': saleViewSchema.nullable(),
  'receipt.changed': receiptViewSchema,
  'drawer.alarm': z.object({ open: z.boolean(), openSeconds: z.number().int() }),
  'session.changed': z.object({ operatorId: z.string().nullable() }),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];
