import { z } from 'zod';
import { TillproofError } from '../shared/errors.ts';

// The devices of one terminal: receipt printers, cash drawer, scanners, customer display and scale,
// keyed by a device id of the IT person's choosing ("receipt", "drawer", "scanner-1").
//
//   "devices": {
//     "receipt": { "type": "printer", "transport": { "kind": "tcp", "host": "192.168.1.50" }, "paper": { "widthMm": 80 } },
//     "drawer":  { "type": "drawer", "connection": { "kind": "printer", "printer": "receipt" }, "sensor": { "polarity": "high-is-open" } },
//     "scanner": { "type": "scanner", "transport": { "kind": "serial", "path": "/dev/ttyUSB0", "baudRate": 9600 }, "suffix": "cr" },
//     "pole":    { "type": "display", "transport": { "kind": "serial", "path": "/dev/ttyUSB1" } },
//     "scale":   { "type": "scale", "transport": { "kind": "serial", "path": "/dev/ttyUSB2" } }
//   }
//
// A mistake is reported with the path of the field ("devices.receipt.transport.port"), so IT
// can fix the file without reading code. hardware/create-devices.ts builds the devices.

const DEVICE_ID = /^[a-z0-9][a-z0-9._-]{0,31}$/;
const deviceId = z.string().regex(DEVICE_ID, 'a device id is lower-case letters, digits, ".", "_" and "-", up to 32');

/** A filesystem path of a device (/dev/ttyUSB0, COM3, /dev/usb/lp0, a FIFO): no control characters. */
const devicePath = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (p) => ![...p].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'a device path cannot contain control characters',
  );

const hostName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|[0-9A-Fa-f:.]+)$/, 'a host name or an IP address');

const tcpPort = z.int().min(1).max(65535);

/** USB vendor/product id: a number, or a hex string as lsusb prints it ("0x04b8" or "04b8"). */
const usbId = z.union([
  z.int().min(0).max(0xffff),
  z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{4}$/, 'four hex digits, e.g. "04b8"')
    .transform((s) => Number.parseInt(s.replace(/^0x/, ''), 16)),
]);

/** Bytes written as hex ("07", "1b 70 00"): for standalone drawers with their own commands. */
const hexBytes = z
  .string()
  .regex(/^\s*[0-9a-fA-F]{2}(\s*[0-9a-fA-F]{2}){0,15}\s*$/, 'hex bytes, e.g. "07" or "1b 70 00 19 fa"')
  .transform((s) =>
    s
      .replace(/\s+/g, '')
      .match(/../g)!
      .map((h) => Number.parseInt(h, 16)),
  );

export const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

const reconnectSchema = z
  .strictObject({
    /** First retry after a lost connection; doubles on every failure up to maxMs. */
    initialMs: z.int().min(10).max(60_000).default(500),
    maxMs: z.int().min(10).max(600_000).default(30_000),
  })
  .refine((r) => r.maxMs >= r.initialMs, { message: 'maxMs must be at least initialMs', path: ['maxMs'] })
  .prefault({});

export const tcpTransportSchema = z.strictObject({
  kind: z.literal('tcp'),
  host: hostName,
  /** Raw printing port ("JetDirect", AppSocket). */
  port: tcpPort.default(9100),
  connectTimeoutMs: z.int().min(100).max(60_000).default(3000),
});

export const serialTransportSchema = z.strictObject({
  kind: z.literal('serial'),
  path: devicePath,
  baudRate: z.literal(BAUD_RATES).default(9600),
  dataBits: z.literal([7, 8]).default(8),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
  stopBits: z.literal([1, 2]).default(1),
  /** Hardware (RTS/CTS) flow control is what most printers ship with; 'none' for scanners and displays. */
  flowControl: z.enum(['none', 'rts-cts', 'xon-xoff']).default('none'),
});

export const deviceFileTransportSchema = z.strictObject({
  kind: z.literal('device-file'),
  /** A USB printer class device (/dev/usb/lp0), a parallel port (/dev/lp0) or a FIFO. */
  path: devicePath,
  /** The device answers status queries on the same file (USB printer class devices do; FIFOs and plain files do not). */
  bidirectional: z.boolean().default(false),
});

export const spoolerTransportSchema = z.strictObject({
  kind: z.literal('spooler'),
  /** The OS print queue, printed in RAW mode (CUPS: lp -d QUEUE -o raw). */
  queue: z.string().regex(/^[A-Za-z0-9_.-]{1,127}$/, 'a print queue name (letters, digits, "_", "." and "-")'),
});

export const hidTransportSchema = z.strictObject({
  kind: z.literal('hid'),
  vendorId: usbId,
  productId: usbId,
  /** The hidraw path when two identical scanners are attached. */
  path: devicePath.optional(),
});

export type TcpTransportConfig = z.output<typeof tcpTransportSchema>;
export type SerialTransportConfig = z.output<typeof serialTransportSchema>;
export type DeviceFileTransportConfig = z.output<typeof deviceFileTransportSchema>;
export type SpoolerTransportConfig = z.output<typeof spoolerTransportSchema>;
export type HidTransportConfig = z.output<typeof hidTransportSchema>;
export type TransportConfig =
  TcpTransportConfig | SerialTransportConfig | DeviceFileTransportConfig | SpoolerTransportConfig | HidTransportConfig;

/** Text encodings of printers and displays: double-byte Kanji fonts, or plain ASCII. */
export const DEVICE_ENCODINGS = ['gb18030', 'big5', 'shift_jis', 'ascii'] as const;
export type DeviceEncoding = (typeof DEVICE_ENCODINGS)[number];

/** Characters per line of Font A, and printable dots, for each paper width. */
export const PAPER_DEFAULTS = { 58: { columns: 32, dots: 384 }, 80: { columns: 48, dots: 576 } } as const;

const pulseSchema = z
  .strictObject({
    /** Drawer kick-out connector pin: 2 (drawer 1) or 5 (drawer 2). */
    pin: z.literal([2, 5]).default(2),
    onMs: z.int().min(2).max(510).default(50),
    offMs: z.int().min(2).max(510).default(500),
  })
  .superRefine((p, ctx) => {
    if (p.onMs % 2 !== 0) ctx.addIssue({ code: 'custom', path: ['onMs'], message: 'the pulse is set in 2 ms steps: use an even number' });
    if (p.offMs % 2 !== 0) ctx.addIssue({ code: 'custom', path: ['offMs'], message: 'the pulse is set in 2 ms steps: use an even number' });
    if (p.offMs < p.onMs) ctx.addIssue({ code: 'custom', path: ['offMs'], message: 'off time must be at least the on time' });
  })
  .prefault({});

export const printerConfigSchema = z.strictObject({
  type: z.literal('printer'),
  /** ESC/POS (Epson and compatibles), or Star Line Mode. */
  commandSet: z.enum(['escpos', 'star']).default('escpos'),
  transport: z.discriminatedUnion('kind', [tcpTransportSchema, serialTransportSchema, deviceFileTransportSchema, spoolerTransportSchema]),
  paper: z
    .strictObject({
      widthMm: z.literal([58, 80]).default(80),
      /** Font A characters per line; default 48 on 80 mm, 32 on 58 mm. */
      columns: z.int().min(24).max(64).optional(),
    })
    .prefault({}),
  /** The printer's Kanji font; default from the store locale (zh-TW Big5, zh-CN GB18030, ja Shift_JIS, else ASCII). */
  encoding: z.enum(DEVICE_ENCODINGS).optional(),
  status: z
    .strictObject({
      /**
       * 'printer-status': a receipt counts as printed only when the printer, asked after the
       * job, reports it done and no error. 'write-only': when the bytes were accepted (spooler,
       * FIFO, one-way cables). Default: 'printer-status' where the transport can read replies.
       */
      confirm: z.enum(['printer-status', 'write-only']).optional(),
      /** How long a receipt may take to print before the job is reported as timed out. */
      timeoutMs: z.int().min(200).max(120_000).default(15_000),
      /** Status query interval while idle (also how an unplugged network printer is noticed). */
      pollMs: z.int().min(100).max(60_000).default(2000),
      /** Automatic Status Back: the printer reports paper-out, cover-open and the drawer sensor at once. */
      asb: z.boolean().default(true),
    })
    .prefault({}),
  /** A PNG printed at the top of every receipt (black on white, at most the paper width). */
  logo: z.strictObject({ file: devicePath }).optional(),
  /**
   * With several printers: the one every receipt goes to first. The others are offered to the
   * cashier when a receipt fails ("Print on ..."). Default: the first printer in the file.
   */
  primary: z.boolean().optional(),
  /** Bytes per write: large logos go out in chunks so a fault stops the job between them. */
  chunkBytes: z.int().min(64).max(65_536).default(4096),
  reconnect: reconnectSchema,
});

const standaloneDrawerSchema = z.strictObject({
  kind: z.literal('standalone'),
  transport: z.discriminatedUnion('kind', [serialTransportSchema, deviceFileTransportSchema]),
  /** Bytes that open the drawer (interface-specific; many serial drawer interfaces open on BEL). */
  openCommand: hexBytes.default([0x07]),
  /** Bytes that ask for the sensor; the interface answers one byte. Without it the sensor is not read. */
  statusQuery: hexBytes.optional(),
  /** Bit of the reply byte that carries the sensor level. */
  sensorBit: z.int().min(0).max(7).default(0),
});

export const drawerConfigSchema = z.strictObject({
  type: z.literal('drawer'),
  connection: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('printer'), printer: deviceId }), standaloneDrawerSchema]),
  pulse: pulseSchema,
  sensor: z
    .strictObject({
      /** Which sensor level means open; 'none' when the drawer has no sensor (no alarm, no confirmation). */
      polarity: z.enum(['high-is-open', 'low-is-open', 'none']).default('none'),
      /** How long after a kick the sensor must read open for the opening to count as good. */
      confirmMs: z.int().min(50).max(10_000).default(1500),
      /** Sensor poll interval when the printer does not report changes by itself. */
      pollMs: z.int().min(50).max(60_000).default(500),
    })
    .prefault({}),
  /** Raise drawer.alarm when the drawer stays open this long; null: never. */
  alarmAfterSeconds: z.number().positive().max(3600).nullable().default(60),
  reconnect: reconnectSchema,
});

export const scannerConfigSchema = z.strictObject({
  type: z.literal('scanner'),
  transport: z.discriminatedUnion('kind', [serialTransportSchema, hidTransportSchema]),
  /** What ends a scan on a serial scanner: CR, LF, CR LF, or a pause ('timeout'). HID reports carry their length. */
  suffix: z.enum(['cr', 'lf', 'crlf', 'timeout']).default('cr'),
  /** 'timeout': the pause that ends a scan. Suffix modes: a pause this long inside a scan discards it as a partial read. */
  interByteTimeoutMs: z.int().min(5).max(2000).default(80),
  maxLength: z.int().min(1).max(512).default(512),
  reconnect: reconnectSchema,
});

export const displayConfigSchema = z.strictObject({
  type: z.literal('display'),
  transport: z.discriminatedUnion('kind', [serialTransportSchema, deviceFileTransportSchema]),
  columns: z.int().min(8).max(40).default(20),
  rows: z.literal([1, 2]).default(2),
  /** 'ascii' displays get CJK names replaced by the Latin name (or '?'). */
  encoding: z.enum(DEVICE_ENCODINGS).default('ascii'),
  reconnect: reconnectSchema,
});

/** A grams amount: a tare, a capacity. */
const grams = z.int().min(0).max(1_000_000);

export const scaleConfigSchema = z.strictObject({
  type: z.literal('scale'),
  /** Mettler Toledo 8217 request-response ("W" for the weight); the scale set to its kg mode. */
  protocol: z.literal('toledo').default('toledo'),
  /** 8217 ports run at 9600 baud, 7 data bits, even parity by default: set the same here as on the scale. */
  transport: z.discriminatedUnion('kind', [
    serialTransportSchema.extend({ dataBits: z.literal([7, 8]).default(7), parity: z.enum(['none', 'even', 'odd']).default('even') }),
    tcpTransportSchema.extend({ port: tcpPort }),
  ]),
  /** How long the scale may take to answer one request. */
  replyTimeoutMs: z.int().min(50).max(10_000).default(1000),
  /** How long a weigh waits for the scale to settle before refusing an unstable weight. */
  settleMs: z.int().min(0).max(30_000).default(3000),
  /** The least weight a sale takes from the scale (below it, the platter counts as empty). */
  minimumGrams: z.int().min(1).max(100_000).default(2),
  /**
   * Preset tares by product SKU (a standard tub or tray), taken off the scale's weight
   * whenever that product is weighed. A tare keyed at the till applies to the other products.
   */
  tares: z.record(z.string().min(1).max(64), grams).default({}),
  /** Status poll interval: also how a scale switched off is noticed. */
  pollMs: z.int().min(100).max(60_000).default(2000),
  reconnect: reconnectSchema,
});

export const deviceConfigSchema = z.discriminatedUnion('type', [
  printerConfigSchema,
  drawerConfigSchema,
  scannerConfigSchema,
  displayConfigSchema,
  scaleConfigSchema,
]);

export type PrinterConfig = z.output<typeof printerConfigSchema>;
export type DrawerConfig = z.output<typeof drawerConfigSchema>;
export type ScannerConfig = z.output<typeof scannerConfigSchema>;
export type DisplayConfig = z.output<typeof displayConfigSchema>;
export type ScaleConfig = z.output<typeof scaleConfigSchema>;
export type DeviceConfig = z.output<typeof deviceConfigSchema>;

/** Whether the printer's transport can carry the printer's replies back. */
export function transportCanRead(transport: PrinterConfig['transport']): boolean {
  return transport.kind === 'tcp' || transport.kind === 'serial' || (transport.kind === 'device-file' && transport.bidirectional);
}

/** The resource a transport occupies: two devices on one resource is a configuration mistake. */
export function transportResource(transport: TransportConfig): string {
  switch (transport.kind) {
    case 'tcp':
      return `tcp:${transport.host.toLowerCase()}:${transport.port}`;
    case 'serial':
    case 'device-file':
      return `file:${transport.path}`;
    case 'spooler':
      return `spooler:${transport.queue}`;
    case 'hid':
      return `hid:${transport.vendorId}:${transport.productId}:${transport.path ?? '*'}`;
  }
}

type DeviceIssue = { path: string[]; message: string };

/** A printer's settings that contradict each other: a status its transport cannot read, text its command set cannot print. */
function printerIssues(id: string, printer: PrinterConfig): DeviceIssue[] {
  const issues: DeviceIssue[] = [];
  const canRead = transportCanRead(printer.transport);
  if (printer.status.confirm === 'printer-status' && !canRead) {
    issues.push({
      path: [id, 'status', 'confirm'],
      message: `a ${printer.transport.kind} transport${printer.transport.kind === 'device-file' ? ' without "bidirectional": true' : ''} cannot read the printer's status: use "write-only"`,
    });
  }
  if (printer.commandSet === 'star' && printer.encoding !== undefined && printer.encoding !== 'ascii') {
    issues.push({
      path: [id, 'encoding'],
      message: 'Kanji text is printed in ESC/POS only: set the Star printer to ESC/POS emulation and "commandSet": "escpos"',
    });
  }
  return issues;
}

/** A drawer's connection that cannot work: a printer that is not there, a sensor that cannot be read. */
function drawerIssues(id: string, drawer: DrawerConfig, devices: Readonly<Record<string, DeviceConfig>>): DeviceIssue[] {
  const issues: DeviceIssue[] = [];
  if (drawer.connection.kind === 'printer') {
    const printer = devices[drawer.connection.printer];
    if (!printer || printer.type !== 'printer') {
      issues.push({
        path: [id, 'connection', 'printer'],
        message: `no printer "${drawer.connection.printer}" is configured`,
      });
    } else if (drawer.sensor.polarity !== 'none' && !transportCanRead(printer.transport)) {
      issues.push({
        path: [id, 'sensor', 'polarity'],
        message: `printer "${drawer.connection.printer}" cannot report the drawer sensor over ${printer.transport.kind}: use "none"`,
      });
    } else if (drawer.sensor.polarity !== 'none' && printer.commandSet === 'star') {
      issues.push({
        path: [id, 'sensor', 'polarity'],
        message: 'the drawer sensor is read through ESC/POS status only: use "none" with a Star Line Mode printer',
      });
    }
  }
  if (drawer.connection.kind === 'standalone' && drawer.sensor.polarity !== 'none' && !drawer.connection.statusQuery) {
    issues.push({
      path: [id, 'connection', 'statusQuery'],
      message: 'a sensor polarity needs the status query bytes of the drawer interface',
    });
  }
  if (
    drawer.connection.kind === 'standalone' &&
    drawer.connection.statusQuery &&
    drawer.connection.transport.kind === 'device-file' &&
    !drawer.connection.transport.bidirectional
  ) {
    issues.push({
      path: [id, 'connection', 'transport', 'bidirectional'],
      message: 'reading the drawer sensor needs a bidirectional device file',
    });
  }
  return issues;
}

export const devicesConfigSchema = z.record(deviceId, deviceConfigSchema).superRefine((devices, ctx) => {
  const firstOf = new Map<string, string>();
  const resources = new Map<string, string>();
  let primary: string | null = null;
  for (const [id, device] of Object.entries(devices)) {
    // Any number of scanners and receipt printers (one primary); one drawer, one display, one scale.
    if (device.type !== 'scanner' && device.type !== 'printer') {
      const first = firstOf.get(device.type);
      if (first)
        ctx.addIssue({ code: 'custom', path: [id, 'type'], message: `only one ${device.type} per terminal ("${first}" is already one)` });
      else firstOf.set(device.type, id);
    }
    const transport =
      device.type === 'drawer' ? (device.connection.kind === 'standalone' ? device.connection.transport : null) : device.transport;
    if (transport) {
      const resource = transportResource(transport);
      const other = resources.get(resource);
      const path = device.type === 'drawer' ? [id, 'connection', 'transport'] : [id, 'transport'];
      if (other) ctx.addIssue({ code: 'custom', path, message: `"${other}" already uses ${resource.replace(/^\w+:/, '')}` });
      else resources.set(resource, id);
    }
    if (device.type === 'printer' && device.primary) {
      if (primary)
        ctx.addIssue({
          code: 'custom',
          path: [id, 'primary'],
          message: `only one primary printer per terminal ("${primary}" is already one)`,
        });
      else primary = id;
    }
    const issues =
      device.type === 'printer' ? printerIssues(id, device) : device.type === 'drawer' ? drawerIssues(id, device, devices) : [];
    for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue });
  }
});

export type DevicesConfig = z.output<typeof devicesConfigSchema>;

/** The receipt printers' ids, the primary first: the one flagged `primary`, else the first in the file. */
export function printerIdsOf(devices: DevicesConfig): string[] {
  const ids = Object.entries(devices)
    .filter(([, d]) => d.type === 'printer')
    .map(([id]) => id);
  const flagged = ids.find((id) => {
    const d = devices[id];
    return d?.type === 'printer' && d.primary === true;
  });
  return flagged ? [flagged, ...ids.filter((id) => id !== flagged)] : ids;
}
export type DevicesConfigInput = z.input<typeof devicesConfigSchema>;

export interface DeviceConfigIssue {
  /** Dotted path from the config root, e.g. "devices.receipt.transport.port". */
  path: string;
  message: string;
}

export class DeviceConfigError extends TillproofError<'devices.invalid-config'> {
  readonly issues: readonly DeviceConfigIssue[];

  constructor(issues: readonly DeviceConfigIssue[]) {
    super('devices.invalid-config', `invalid device configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'DeviceConfigError';
    this.issues = issues;
  }
}

/** Parses the `devices` section; throws DeviceConfigError naming every bad field. */
export function parseDevicesConfig(input: unknown, root = 'devices'): DevicesConfig {
  const parsed = devicesConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new DeviceConfigError(
    parsed.error.issues.map((issue) => ({
      path: [root, ...issue.path.map(String)].filter(Boolean).join('.'),
      // A bad device id: say what an id may be, not just "invalid key".
      message: issue.code === 'invalid_key' ? `bad device id: ${issue.issues[0]?.message ?? issue.message}` : issue.message,
    })),
  );
}
