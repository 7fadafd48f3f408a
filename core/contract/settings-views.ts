import { z } from 'zod';
import { deviceStatusSchema, receiptDocumentSchema } from './views.ts';

// What the settings screen's Devices, Store & tax and Staff tabs show. Computed by the host
// from the configuration it actually runs with; never a PIN, a badge number or a secret.

/** Where a setting is changed: the till's provisioning config file, or HQ (published master data). */
export const settingSourceSchema = z.enum(['config', 'hq']);

export const deviceDetailSchema = deviceStatusSchema.extend({
  /** How it is connected, in the config file's terms: "tcp 192.168.1.50:9100", "serial /dev/ttyUSB0 9600 8N1". Null when not configured (built in). */
  connection: z.string().nullable(),
  /** Configured settings as config field and value (paper, encoding, sensor...). */
  settings: z.array(z.object({ key: z.string(), value: z.string() })),
  /** Counters since the till started: receiptsPrinted, paperOuts, goodOpens, scans... */
  statistics: z.record(z.string(), z.number()),
});

export const devicesViewSchema = z.object({
  devices: z.array(deviceDetailSchema),
  /** The receipt printer the test print goes to. */
  printer: z.object({ id: z.string(), columns: z.number().int(), encoding: z.string(), paperMm: z.number().int().nullable() }),
  /** The test print as it would print now: the preview shows this very document. */
  testDocument: receiptDocumentSchema,
});

export const testPrintResultSchema = z.object({
  printed: z.boolean(),
  printerId: z.string(),
  /** Why it did not print, as the printer reported it ('paper-out', 'cover-open', 'offline', 'timeout', 'error'). */
  failure: z.object({ reason: z.string(), detail: z.string().optional() }).nullable(),
  /** The document sent to the printer. */
  document: receiptDocumentSchema,
  /** The ledger entry that records the test. */
  seq: z.number().int(),
});

const taxRateView = z.object({ id: z.string(), bp: z.number().int(), label: z.string().optional() });

export const storeSettingsSchema = z.object({
  store: z.object({
    storeId: z.string(),
    name: z.string(),
    address: z.array(z.string()),
    taxNumber: z.string().nullable(),
    timeZone: z.string(),
    rolloverHour: z.number().int(),
    currency: z.string(),
    minorDigits: z.number().int(),
    locale: z.string(),
  }),
  terminalId: z.string(),
  tax: z.object({
    mode: z.enum(['inclusive', 'exclusive']),
    /** 'per-line' or 'per-receipt': where tax is rounded. */
    rounding: z.string(),
    roundingMode: z.string(),
    classes: z.array(z.object({ id: z.string(), rates: z.array(taxRateView), totalBp: z.number().int() })),
    source: settingSourceSchema,
  }),
  pricing: z.object({ tiers: z.array(z.string()), defaultTier: z.string(), roundingMode: z.string() }),
  cashRounding: z.object({ increment: z.number().int(), mode: z.string() }),
  receipt: z.object({ width: z.number().int(), header: z.array(z.string()), footer: z.array(z.string()), emailEnabled: z.boolean() }),
  approvals: z.object({
    discountPercentBp: z.number().int(),
    discountAmount: z.number().int(),
    freeReprints: z.number().int(),
    overShortThreshold: z.number().int(),
  }),
  security: z.object({ pinMaxAttempts: z.number().int(), lockoutMinutes: z.number().int() }),
  /** The HQ this till syncs with; null when it runs on its own. */
  hq: z.object({ url: z.string().nullable(), connected: z.boolean() }),
  /** Where roles (and staff) are managed. */
  rolesSource: settingSourceSchema,
});

export const staffListingSchema = z.object({
  staffId: z.string(),
  name: z.string(),
  role: z.string(),
  active: z.boolean(),
  hasPin: z.boolean(),
  hasBadge: z.boolean(),
  /** When this staff number's sign-in lockout (too many wrong PINs) ends, ISO time; null when not locked. */
  lockedUntil: z.string().nullable(),
});

export const staffViewSchema = z.object({
  /** 'hq': staff come from HQ and are read-only here; 'local': a manager may change them on this till. */
  managedBy: z.enum(['local', 'hq']),
  /** Whether the signed-in operator may change staff here (local, and holds staff.manage). */
  canEdit: z.boolean(),
  /** Whether the operator may lift sign-in lockouts (staff.manage), wherever staff are managed. */
  canUnlock: z.boolean(),
  /** When badge sign-in on this till (locked after too many unknown badges) opens again; null when open. */
  badgeLockedUntil: z.string().nullable(),
  staff: z.array(staffListingSchema),
  roles: z.array(z.object({ role: z.string(), permissions: z.array(z.string()), assignable: z.boolean() })),
});

export type DevicesView = z.infer<typeof devicesViewSchema>;
export type TestPrintResult = z.infer<typeof testPrintResultSchema>;
export type StoreSettings = z.infer<typeof storeSettingsSchema>;
export type StaffListing = z.infer<typeof staffListingSchema>;
export type StaffView = z.infer<typeof staffViewSchema>;
