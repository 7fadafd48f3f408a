// tillproof hq import catalog: reads a catalog CSV in chunks and publishes it as master data.
import { parseArgs } from 'node:util';
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { CatalogCsvReader, formatCatalogCsvError, type CatalogCsvResult } from '../../core/catalog/csv.ts';
import { minorDigitsOf } from '../../core/money/currency.ts';
import { loadHqConfig } from '../../hq/config.ts';
import { HqError } from '../../hq/errors.ts';
import { MasterData } from '../../hq/master-data.ts';
import { UsageError, EXIT, type CommandIo } from '../io.ts';
import { common, describePublish, withDatabase } from './options.ts';

const CHUNK = 1 << 20;

function readCatalog(path: string, reader: CatalogCsvReader): CatalogCsvResult {
  const fd = openSync(path, 'r');
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const buffer = new Uint8Array(CHUNK);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      reader.push(n === 0 ? decoder.decode() : decoder.decode(buffer.subarray(0, n), { stream: true }));
      if (n === 0) break;
    }
  } catch (e) {
    if (e instanceof TypeError) throw new HqError('master-data.invalid', `${path} is not UTF-8 text (from Excel, save it as "CSV UTF-8")`);
    throw e;
  } finally {
    closeSync(fd);
  }
  return reader.end();
}

export async function importCatalog(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...common, merge: { type: 'boolean' }, partial: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('give one catalog file: tillproof hq import catalog FILE.csv');
  const config = loadHqConfig(values.config);
  const parsed = readCatalog(
    file,
    new CatalogCsvReader({ minorDigits: minorDigitsOf(config.currency), onRecord: (n) => n % 10_000 === 0 && io.err(`read ${n} rows`) }),
  );
  io.err(`read ${parsed.records} rows: ${parsed.items.length} good, ${parsed.rejected} rejected`);
  for (const e of parsed.errors.slice(0, 200)) io.err(`${file}: ${formatCatalogCsvError(e)}`);
  if (!parsed.headerOk) {
    io.err('the header row is not usable; nothing was published');
    return EXIT.failed;
  }
  if (parsed.rejected > 0 && !values.partial) {
    io.err(`${parsed.rejected} rows rejected; nothing was published (fix them, or give --partial to publish the good rows)`);
    return EXIT.failed;
  }
  if (parsed.items.length === 0 && !values.merge) {
    io.err('the file has no product; refusing to deactivate the whole catalog (give --merge to publish nothing)');
    return EXIT.failed;
  }
  return withDatabase(values.config, async (db) => {
    const result = await new MasterData(db.pool).importCatalog(parsed.items, {
      source: basename(file),
      merge: values.merge ?? false,
      keepProductIds: parsed.rejectedProductIds,
    });
    io.out(describePublish(result, `catalog ${basename(file)} (${parsed.items.length} products)`));
    return parsed.rejected > 0 ? EXIT.failed : EXIT.ok;
  });
}
