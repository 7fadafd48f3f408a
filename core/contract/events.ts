import { z } from 'zod';
import { deviceStatusSchema, receiptViewSchema, saleViewSchema } from './views.ts';

/** Host -> UI notifications. */
export const events = {
  'device.status': deviceStatusSchema,
  /** A scan from a hardware scanner (serial/HID) the host has already handled. */
  'scan.received': z.object({
    code: z.string(),
    source: z.enum(['hid', 'serial', 'wedge', 'manual']),
    ok: z.boolean(),
    errorCode: z.string().optional(),
  }),
  'sale.changed': saleViewSchema.nullable(),
  'receipt.changed': receiptViewSchema,
  'drawer.alarm': z.object({ open: z.boolean(), openSeconds: z.number().int() }),
  'session.changed': z.object({ operatorId: z.string().nullable() }),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];
