import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceInventory } from '../core/ports/device-status.ts';
import type { ReceiptPrinter } from '../core/ports/receipt-printer.ts';
import type { StaffRoster } from '../core/ports/staff-directory.ts';
import { PAPER_DEFAULTS } from '../core/config/devices.ts';
import type { TerminalDevices } from '../hardware/create-devices.ts';
import { SqliteStaffRoster } from '../db/staff-roster.ts';
import { ENROLLMENT_FILE } from './sync-runner.ts';

/**
 * Staff are HQ's when this till syncs with an HQ (an HQ address in the config or on the
 * command line) or has enrolled with one: then the settings screen only reads them.
 */
export function staffManagedBy(dataDir: string, hqUrl: string | undefined): 'local' | 'hq' {
  return hqUrl || existsSync(join(dataDir, ENROLLMENT_FILE)) ? 'hq' : 'local';
}

/** The settings screen's ports: the staff list (db/) and what the devices know about themselves (hardware/). */
export function settingsPorts(options: {
  db: ConstructorParameters<typeof SqliteStaffRoster>[0];
  dataDir: string;
  hqUrl: string | undefined;
  hardware: TerminalDevices;
  printer: ReceiptPrinter;
}): { roster: StaffRoster; inventory: DeviceInventory } {
  const { hardware, printer } = options;
  return {
    roster: new SqliteStaffRoster(options.db, { managedBy: staffManagedBy(options.dataDir, options.hqUrl) }),
    inventory: {
      statistics: () => hardware.statistics(),
      printerSetup() {
        // Only when the host prints on the configured device (tests and the built-in default pass their own).
        const device = hardware.printer;
        if (!device || device !== printer) return null;
        return {
          encoding: device.encoding,
          paperMm: device.config.paper.widthMm,
          columns: device.config.paper.columns ?? PAPER_DEFAULTS[device.config.paper.widthMm].columns,
        };
      },
    },
  };
}
