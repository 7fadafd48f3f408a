// tillproof hq ...: the usage text and the dispatch to each command group (cli/hq/), with one error policy for all.
import { SyncError } from '../core/sync/errors.ts';
import { HqError } from '../hq/errors.ts';
import { TerminalKeyError } from '../platform/terminal-key.ts';
import { LedgerStoreError } from '../db/errors.ts';
import { ConfigError } from '../host/config.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';
import { importCatalog } from './hq/catalog-import.ts';
import { enroll, join } from './hq/enrollment-commands.ts';
import { departmentSet, membersAdd, priceSet, roleSet, staffAdd, taxClassSet, tierSet } from './hq/master-data-commands.ts';
import { incidents, receiptMail, report, serialShow } from './hq/report-commands.ts';
import { serve } from './hq/serve.ts';
import { disputes, memberNoticePreferences, notices } from './hq/notice-commands.ts';
import { einvoice, EINVOICE_USAGE } from './hq/einvoice-commands.ts';
import { EInvoiceError } from '../hq/einvoice/xml.ts';
import { userCommand } from './hq/user-commands.ts';
import { hqLoss, HQ_LOSS_USAGE } from './hq/loss-commands.ts';

export const HQ_USAGE = `Usage (HQ side; database: DATABASE_URL, else the embedded PostgreSQL in .tillproof-hq/):
  tillproof hq serve [--config FILE]
  tillproof hq enroll --store S --terminal T [--hours H]          prints a one-time enrollment code
  tillproof hq import catalog FILE.csv [--merge] [--partial]      columns as "tillproof catalog import"
  tillproof hq price set --product ID --tier T --price AMOUNT
  tillproof hq staff add --id ID --name NAME --role cashier|supervisor|manager|admin --store S|all [--store S]...
                          [--pin-stdin | TILLPROOF_STAFF_PIN=PIN] [--badge B] [--inactive]
                                                                 staff are published to the stores named (a new
                                                                 one needs --store; 'all' for area managers)
  tillproof hq members add --id ID --name NAME --tier T [--card C]... [--email E] [--secret BASE32] [--inactive]
  tillproof hq members notices --id ID [--channel email|sms|line] [--phone P] [--line-id L] [--opt-out | --opt-in]
                                                                 how the member is told of purchases on their account
  tillproof hq tax-class set --id ID [--rate RATE_ID:BASIS_POINTS:LABEL]...
  tillproof hq role set --role ROLE --permissions P1,P2,...
  tillproof hq tier set --tier T --name NAME [--price-tier T]     a member tier (--price-tier) or a price tier
  tillproof hq department set --department CODE [--en NAME] [--zh-tw NAME] [--zh-cn NAME]
                                                                 a catalogue department's names on screens and reports
  tillproof hq incidents [--terminal T] [--limit N] [--json]
  tillproof hq mail [--status pending|sent|no-address|failed] [--terminal T] [--limit N] [--json]
                                                                 e-receipts mailed to members, with their status
  tillproof hq notices [--status pending|sent|opted-out|no-address|failed|too-old] [--member ID] [--limit N] [--json]
                                                                 purchase notices sent to members, with their status
  tillproof hq disputes list [--member ID] [--staff ID] [--limit N] [--json]
                                                                 "this wasn't me" answers, with the entries they are about
  tillproof hq disputes counts [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
                                                                 disputes per salesperson and per member
  tillproof hq report sales|exceptions --from YYYY-MM-DD --to YYYY-MM-DD [--store S] [--json]
  tillproof hq user add --username U --role auditor|regional-manager|admin [--store S]... [--name NAME]
                          [--password-stdin] [--totp]              an HQ console user; prints a one-time password
                                                                 (unless piped in) and the TOTP otpauth:// URI
  tillproof hq user reset --username U [--password-stdin] [--totp | --no-totp]
                                                                 new password, lockout cleared, sessions ended
  tillproof hq user disable|enable --username U
  tillproof hq user list [--json]
  tillproof hq serial show SERIAL [--json]                       a serialized piece's history and owner of record
                                                                 over every terminal's entries (exit 1: an anomaly)
${HQ_LOSS_USAGE}
${EINVOICE_USAGE}
Every HQ command takes --config FILE (JSON, see docs/hq.md).

Usage (terminal side):
  tillproof hq join --url URL --code CODE (--data-dir DIR) [--config FILE] [--ca FILE]
                                                                 enrolls this terminal at HQ with its code`;

export async function hqCommand(args: string[], io: CommandIo): Promise<number> {
  try {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'serve':
        return await serve(rest, io);
      case 'enroll':
        return await enroll(rest, io);
      case 'import':
        if (rest[0] !== 'catalog') throw new UsageError('what to import: tillproof hq import catalog FILE.csv');
        return await importCatalog(rest.slice(1), io);
      case 'price':
        if (rest[0] !== 'set') throw new UsageError('tillproof hq price set --product ID --tier T --price AMOUNT');
        return await priceSet(rest.slice(1), io);
      case 'staff':
        if (rest[0] !== 'add') throw new UsageError('tillproof hq staff add --id ID --name NAME --role ROLE ...');
        return await staffAdd(rest.slice(1), io);
      case 'members':
        if (rest[0] === 'notices') return await memberNoticePreferences(rest.slice(1), io);
        if (rest[0] !== 'add')
          throw new UsageError('tillproof hq members add --id ID --name NAME --tier T ... | members notices --id ID ...');
        return await membersAdd(rest.slice(1), io);
      case 'tax-class':
        if (rest[0] !== 'set') throw new UsageError('tillproof hq tax-class set --id ID --rate ID:BP:LABEL ...');
        return await taxClassSet(rest.slice(1), io);
      case 'role':
        if (rest[0] !== 'set') throw new UsageError('tillproof hq role set --role ROLE --permissions P1,P2');
        return await roleSet(rest.slice(1), io);
      case 'tier':
        if (rest[0] !== 'set') throw new UsageError('tillproof hq tier set --tier T --name NAME [--price-tier T]');
        return await tierSet(rest.slice(1), io);
      case 'department':
        if (rest[0] !== 'set')
          throw new UsageError('tillproof hq department set --department CODE --en NAME [--zh-tw NAME] [--zh-cn NAME]');
        return await departmentSet(rest.slice(1), io);
      case 'incidents':
        return await incidents(rest, io);
      case 'mail':
        return await receiptMail(rest, io);
      case 'report':
        return await report(rest, io);
      case 'notices':
        return await notices(rest, io);
      case 'disputes':
        return await disputes(rest, io);
      case 'serial':
        return await serialShow(rest, io);
      case 'loss':
        return await hqLoss(rest, io);
      case 'einvoice':
        return await einvoice(rest, io);
      case 'user':
        return await userCommand(rest, io);
      case 'join':
        return await join(rest, io);
      default:
        throw new UsageError(sub ? `unknown hq command "${sub}"` : 'missing hq command');
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`tillproof hq: ${e.message}\n${HQ_USAGE}`);
      return EXIT.usage;
    }
    if (e instanceof HqError || e instanceof LedgerStoreError || e instanceof TerminalKeyError || e instanceof ConfigError) {
      io.err(`tillproof hq: ${e.message} [${e.code}]`);
      return e instanceof HqError && e.code === 'master-data.invalid' ? EXIT.failed : EXIT.usage;
    }
    if (e instanceof EInvoiceError) {
      io.err(`tillproof hq: ${e.message} [${e.code}]`);
      return e.code === 'einvoice.invalid-input' ? EXIT.usage : EXIT.failed;
    }
    if (e instanceof SyncError) {
      io.err(`tillproof hq: ${e.message} [${e.code}]`);
      return EXIT.failed;
    }
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && (e.code.startsWith('E') || /^[0-9A-Z]{5}$/.test(e.code))) {
      // Node system errors (ENOENT, ECONNREFUSED) and PostgreSQL SQLSTATEs.
      io.err(`tillproof hq: ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
}
