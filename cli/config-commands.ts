import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { checkConfigText, configJsonSchema, machineConfigPath } from '../core/config/provisioning.ts';
import { findConfigFile } from '../host/config.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';
import { errorMessage } from '../core/shared/errors.ts';
import type { TerminalConfig } from '../core/config/terminal-config.ts';
import { minorDigitsOf } from '../core/money/currency.ts';
import { formatMinor } from '../core/money/money.ts';
import { describeDiscountLimits, discountLimits } from '../core/sales/discount-limit.ts';
import { twEInvoiceConfig } from '../core/config/fiscal-config.ts';
import { qrFixedPart } from '../core/fiscal/tw-einvoice/qr-payload.ts';
import { localDateIn } from '../core/fiscal/tw-einvoice/roc-calendar.ts';
import { parseQrKey, verificationField } from '../core/fiscal/tw-einvoice/verification-field.ts';
import { nodeAes128Cbc } from '../platform/node-crypto.ts';

export const CONFIG_USAGE = `Usage:
  tillproof config check FILE [--json]   check a terminal config file; prints every mistake with its path
  tillproof config schema                print the JSON Schema of the config file
  tillproof config path                  show which config file this machine uses

check exits 0 when the file is good, 1 when it has mistakes, 2 when it cannot be read.`;

/** What the discount limit means in this store's money, and a word on the older keys' units. */
function discountLimitLines(config: TerminalConfig): string[] {
  const { currency } = config.store;
  let digits: number;
  try {
    digits = minorDigitsOf(currency, { TWD: 0 });
  } catch {
    return [`discount limit: ${currency} is not a currency this till knows; its minor digits decide what the limit means`];
  }
  const { approvals } = config;
  const lines = [
    `discount limit without approval: ${describeDiscountLimits(discountLimits(approvals, currency, digits), currency, digits)}`,
  ];
  if (approvals.discountAmountMajor === undefined && approvals.discountAmount !== undefined) {
    lines.push(
      `approvals.discountAmount is in minor units (${approvals.discountAmount} = ${currency} ${formatMinor(approvals.discountAmount, digits)}); ` +
        'write approvals.discountAmountMajor in whole currency units instead',
    );
  }
  if (approvals.discountPercent === undefined && approvals.discountPercentBp !== undefined) {
    lines.push(
      `approvals.discountPercentBp is in basis points (${approvals.discountPercentBp} = ${approvals.discountPercentBp / 100} %); write approvals.discountPercent instead`,
    );
  }
  return lines;
}

/** The test invoice of the QR code key check: a number no track uses, NT$100. */
const KEY_CHECK_INVOICE = { invoiceNumber: 'AA00000000', randomCode: '0000', salesAmount: 95, totalAmount: 100, buyerUbn: null };

/**
 * The e-invoice settings in words, and a left QR code's 77 characters made with the configured
 * key for a test invoice: pasted into the e-invoice platform's QRCode 解密驗證 page it shows
 * whether the platform reads the key the same (the spec's step before going live). The key
 * itself is never printed.
 */
function einvoiceLines(config: TerminalConfig, now: Date): string[] {
  const tw = twEInvoiceConfig(config.fiscal);
  if (!tw) return [];
  const date = localDateIn(now.toISOString(), config.store.timeZone);
  const field = verificationField(nodeAes128Cbc, parseQrKey(tw.qrKey), KEY_CHECK_INVOICE.invoiceNumber, KEY_CHECK_INVOICE.randomCode);
  const sample = qrFixedPart({ ...KEY_CHECK_INVOICE, date, sellerUbn: tw.sellerUbn }, field);
  const warning = tw.lowNumbersWarning === 0 ? 'no low-numbers warning' : `warns below ${tw.lowNumbersWarning} invoice numbers left`;
  return [
    `e-invoice (tw-einvoice): seller UBN ${tw.sellerUbn}, ${warning}, QR item names in ${tw.qrItemEncoding}`,
    `to check fiscal.qrKey, paste this into the e-invoice platform's QRCode 解密驗證 (test invoice ${KEY_CHECK_INVOICE.invoiceNumber}, random code ${KEY_CHECK_INVOICE.randomCode}):`,
    `  ${sample}`,
  ];
}

function check(args: string[], io: CommandIo): number {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('config check takes one FILE');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`tillproof: ${file}: cannot read the config file (${errorMessage(e)})`);
    return EXIT.usage;
  }
  const result = checkConfigText(text);
  if (values.json) {
    io.out(JSON.stringify(result.ok ? { file, ok: true } : { file, ok: false, issues: result.issues }, null, 2));
    return result.ok ? EXIT.ok : EXIT.failed;
  }
  if (result.ok) {
    const { config } = result;
    io.out(
      `${file}: ok (terminal ${config.terminal.terminalId}, store ${config.store.storeId}, ${Object.keys(config.devices).length} device(s))`,
    );
    for (const line of [...discountLimitLines(config), ...einvoiceLines(config, new Date())]) io.out(`  ${line}`);
    return EXIT.ok;
  }
  io.out(`${file}: ${result.issues.length} ${result.issues.length === 1 ? 'mistake' : 'mistakes'}`);
  for (const issue of result.issues) io.out(`  ${issue.path}: ${issue.message}`);
  return EXIT.failed;
}

function where(io: CommandIo): number {
  const found = findConfigFile();
  if (found) io.out(`${found.path} (from ${found.from})`);
  else
    io.out(
      `none: put this terminal's config at ${machineConfigPath(process.platform, process.env)}, or name it with --config FILE or TILLPROOF_CONFIG`,
    );
  return found ? EXIT.ok : EXIT.failed;
}

/** `tillproof config check|schema|path`. */
export function configCommand(args: string[], io: CommandIo): number {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'check':
      return check(rest, io);
    case 'schema':
      if (rest.length > 0) throw new UsageError('config schema takes no arguments');
      io.out(JSON.stringify(configJsonSchema(), null, 2));
      return EXIT.ok;
    case 'path':
      return where(io);
    default:
      throw new UsageError(sub ? `unknown config command "${sub}"` : 'config needs a command: check, schema or path');
  }
}
