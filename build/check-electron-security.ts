// npm run check:electron-security: runs Electronegativity (@doyensec/electronegativity) over
// electron/ and fails on any finding that build/electronegativity-justified.json does not
// justify, and on any file it could not parse (an unparsed file is an unchecked file).
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { ROOT } from './build-electron.ts';

export interface Finding {
  check: string;
  file: string;
  line: number;
  severity: string;
  confidence: string;
  description: string;
}

export interface Justifications {
  excludedChecks: Record<string, string>;
  /** `count`: how many times the finding may occur in that file (a third window would be a new finding). */
  justified: Array<{ check: string; file: string; count: number; reason: string }>;
}

export const JUSTIFICATIONS_FILE = join(ROOT, 'build', 'electronegativity-justified.json');

export function loadJustifications(path: string = JUSTIFICATIONS_FILE): Justifications {
  return JSON.parse(readFileSync(path, 'utf8')) as Justifications;
}

/** Findings not justified (beyond the justified count for their check and file), and justifications that matched nothing. */
export function reviewFindings(
  findings: readonly Finding[],
  justifications: Justifications,
): { unjustified: Finding[]; stale: Justifications['justified'] } {
  const key = (check: string, file: string) => `${check}\u0000${file.replaceAll('\\', '/')}`;
  const allowance = new Map(justifications.justified.map((j) => [key(j.check, j.file), j.count]));
  const used = new Map<string, number>();
  const unjustified: Finding[] = [];
  for (const f of findings) {
    const k = key(f.check, f.file);
    const n = (used.get(k) ?? 0) + 1;
    used.set(k, n);
    if (n > (allowance.get(k) ?? 0)) unjustified.push(f);
  }
  return { unjustified, stale: justifications.justified.filter((j) => !used.has(key(j.check, j.file))) };
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number };
  severity: { name?: string } | string;
  confidence: { name?: string } | string;
  description: string;
}

interface RunResult {
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
  issues: RawIssue[];
}

const label = (v: { name?: string } | string) => (typeof v === 'string' ? v : (v.name ?? '?'));

/**
 * Electronegativity fetches its message translations from the internet on every run (its
 * locales/i18n.js, through `got`, with a timeout that can fire after the request failed and throw
 * an unhandled error on a busy machine). The check must not touch the network: its own English
 * messages are loaded from the package instead, before the package is.
 */
function offlineTranslations(require: NodeJS.Require): void {
  const path = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
  if (require.cache[path]) return;
  const i18n = createRequire(path)('i18n') as { configure(o: Record<string, unknown>): void; setLocale(l: string): void };
  const offline = (): Promise<void> => {
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: dirname(path),
      updateFiles: false,
      objectNotation: true,
      retryInDefaultLocale: true,
      register: global,
    });
    i18n.setLocale('en-US');
    return Promise.resolve();
  };
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = Object.assign(offline, { default: offline });
  require.cache[path] = module;
}

/** Runs Electronegativity's API over `input` (a folder of sources). */
export async function scan(
  input: string,
  justifications: Justifications,
): Promise<{ findings: Finding[]; parseErrors: RunResult['errors'] }> {
  const require = createRequire(import.meta.url);
  offlineTranslations(require);
  const loaded = require('@doyensec/electronegativity') as
    | ((options: Record<string, unknown>, forCli: boolean) => Promise<RunResult>)
    | { default: (options: Record<string, unknown>, forCli: boolean) => Promise<RunResult> };
  const run = typeof loaded === 'function' ? loaded : loaded.default;
  const result = await run(
    {
      input,
      isRelative: true,
      isSarif: false,
      customScan: [],
      excludeFromScan: Object.keys(justifications.excludedChecks).map((c) => c.toLowerCase()),
      electronVersionOverride: '45.4.1',
    },
    false,
  );
  return {
    findings: result.issues.map((i) => ({
      check: i.id,
      file: i.file,
      line: i.location.line,
      severity: label(i.severity),
      confidence: label(i.confidence),
      description: i.description,
    })),
    parseErrors: result.errors.filter((e) => !e.tolerable),
  };
}

export async function checkElectronSecurity(say: (line: string) => void = console.log): Promise<boolean> {
  const justifications = loadJustifications();
  const { findings, parseErrors } = await scan(join(ROOT, 'electron'), justifications);
  const { unjustified, stale } = reviewFindings(findings, justifications);
  say(
    `electronegativity: ${findings.length} finding(s), ${findings.length - unjustified.length} justified in build/electronegativity-justified.json`,
  );
  for (const e of parseErrors) say(`  could not parse ${e.file}: ${e.message}`);
  for (const f of unjustified) say(`  UNJUSTIFIED ${f.check} ${f.file}:${f.line} [${f.severity}/${f.confidence}] ${f.description}`);
  for (const s of stale) say(`  note: no longer found: ${s.check} in ${s.file} (remove it from the justifications)`);
  return unjustified.length === 0 && parseErrors.length === 0;
}

if (import.meta.main) {
  const ok = await checkElectronSecurity();
  // The scanner leaves sockets open (it tries to download translations): exit explicitly.
  process.exit(ok ? 0 : 1);
}
