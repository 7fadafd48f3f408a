// The fixed lists the whole program shares (host, HQ, database adapters and the screens alike):
// each is spelled out once here, and the types and zod enums are derived from it.

/** Staff roles, from least to most trusted. Permissions per role come from the config. */
export const STAFF_ROLES = ['cashier', 'supervisor', 'manager', 'admin'] as const;
export type Role = (typeof STAFF_ROLES)[number];

/** The kinds of device a till reports on (the status bar shows one chip per kind). */
/** 'einvoice': the till's e-invoice numbers (fiscal profile tw-einvoice), reported as a device so the status bar warns before they run out. */
export const DEVICE_KINDS = ['printer', 'drawer', 'scanner', 'display', 'scale', 'sync', 'einvoice'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** The sections of master data HQ publishes and a till may import locally. */
export const MASTER_DATA_SECTIONS = ['catalog', 'staff', 'members'] as const;
export type MasterDataSection = (typeof MASTER_DATA_SECTIONS)[number];
