// The test layout from docs/architecture.md ("Tests"): the unit test of `x/y/z.ts(x)` lives at
// `tests/unit/x/y/z.test.ts`, so a reader finds a source's test, and a source's lack of one, by its path.
// Sources without a unit test are listed in untested-sources.txt; the list may only shrink.
// `UPDATE_UNTESTED=1 npx vitest run tests/unit/architecture/test-layout.test.ts` rewrites the list
// (reasons kept), for after a merge that added or removed sources.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '../../..');
const LIST = 'tests/unit/architecture/untested-sources.txt';
const SEE = 'See docs/architecture.md ("Tests").';

/** Folders whose sources must each have a unit test (or be listed as untested). */
const PRODUCT = ['core', 'db', 'hardware', 'platform', 'host', 'cli', 'hq', 'electron', 'renderer', 'console'];
/** Folders a unit test may mirror: the product, the build scripts, and the test helpers (`tests/unit/helpers/` mirrors `tests/helpers/`). */
const MIRRORED = [...PRODUCT, 'build', 'helpers'];

/** Tests about several sources on purpose, so they mirror none. */
const SEVERAL_SOURCES: ReadonlyMap<string, string> = new Map([
  ['tests/unit/architecture/layers.test.ts', 'the layer rule over every folder'],
  ['tests/unit/architecture/test-layout.test.ts', 'this layout rule'],
  ['tests/unit/build/electron-builder-config.test.ts', 'electron-builder.yml and the build resources it names'],
  ['tests/unit/build/installer-scripts.test.ts', 'the deb maintainer scripts, udev rules and NSIS include under build/'],
]);

/** The i18n catalogues are data (checked by tests/unit/renderer/i18n/i18n.test.ts and tests/unit/console/i18n/i18n.test.ts), not code. */
const CATALOGUE = /^(renderer|console)\/i18n\/[a-z]{2}(-[a-z]{2})?\.ts$/;

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .map((path) => `${dir}/${path.split('\\').join('/')}`)
    .filter((path) => !/(^|\/)(node_modules|dist|out)\//.test(path) && keep(path))
    .sort();
}

/** The source a unit test mirrors, or null when there is none. */
function mirroredSource(test: string): string | null {
  const base = test.replace(/^tests\/unit\//, '').replace(/\.test\.tsx?$/, '');
  const folder = base.split('/')[0]!;
  if (!MIRRORED.includes(folder)) return null;
  const source = folder === 'helpers' ? `tests/${base}` : base;
  return ['.ts', '.tsx'].map((ext) => source + ext).find((path) => existsSync(join(root, path))) ?? null;
}

/** A source's unit test: `.test.ts`, or for a component (`.tsx`) that renders JSX in its test, `.test.tsx`. */
const testOf = (source: string): string => {
  const test = `tests/unit/${source.replace(/\.tsx?$/, '.test.ts')}`;
  return source.endsWith('.tsx') && existsSync(join(root, `${test}x`)) ? `${test}x` : test;
};

/** Why a source needs no unit test: a barrel (`export ... from` only: what it exports is tested where it is written),
 * or types only (ports, records: it compiles to no JavaScript, so there is nothing to run). Null when it needs one. */
function needsNoTest(path: string): 'barrel' | 'types only' | null {
  const file = ts.createSourceFile(path, readFileSync(join(root, path), 'utf8'), ts.ScriptTarget.Latest, false);
  const statements = [...file.statements];
  if (statements.every((s) => ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined)) return 'barrel';
  const typeOnly = (s: ts.Statement): boolean =>
    ts.isInterfaceDeclaration(s) ||
    ts.isTypeAliasDeclaration(s) ||
    (ts.isImportDeclaration(s) && s.importClause?.isTypeOnly === true) ||
    (ts.isExportDeclaration(s) && s.isTypeOnly);
  return statements.every(typeOnly) ? 'types only' : null;
}

/** Product sources that need a unit test: not a declaration file, catalogue, barrel or types-only file. */
function sourcesNeedingATest(): string[] {
  return PRODUCT.flatMap((dir) => filesUnder(dir, (path) => /\.tsx?$/.test(path) && !path.endsWith('.d.ts'))).filter((path) => {
    if (CATALOGUE.test(path)) return false;
    return existsSync(join(root, testOf(path))) || needsNoTest(path) === null;
  });
}

interface Listed {
  readonly path: string;
  readonly line: string;
}

/** The list's entries: one path a line, an optional `# reason` after it; blank and `#` lines are comments. */
function readList(): { header: string[]; entries: Listed[] } {
  const lines = readFileSync(join(root, LIST), 'utf8').split('\n');
  const first = lines.findIndex((line) => line.trim() !== '' && !line.startsWith('#'));
  const comments = lines.slice(0, first === -1 ? lines.length : first).filter((line) => line.startsWith('#'));
  const header = [...comments, ''];
  const entries = lines
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => ({ path: line.split('#')[0]!.trim(), line: line.trim() }));
  return { header, entries };
}

describe('test layout', () => {
  it('every unit test sits at the path of the source it tests', () => {
    const tests = filesUnder('tests/unit', (path) => /\.test\.tsx?$/.test(path));
    expect(tests.length).toBeGreaterThan(0);
    const astray = tests
      .filter((test) => !SEVERAL_SOURCES.has(test) && mirroredSource(test) === null)
      .map(
        (test) =>
          `${test} tests no source at its path: the unit test of x/y/z.ts lives at tests/unit/x/y/z.test.ts. ` +
          `Move it there, or if it is about several sources on purpose, add it to SEVERAL_SOURCES in tests/unit/architecture/test-layout.test.ts. ${SEE}`,
      );
    expect(astray).toEqual([]);
    const gone = [...SEVERAL_SOURCES.keys()].filter((test) => !existsSync(join(root, test)));
    expect(gone, `remove these from SEVERAL_SOURCES, they no longer exist. ${SEE}`).toEqual([]);
  });

  it('every product source has a unit test at its mirrored path, or is listed as untested', () => {
    const sources = sourcesNeedingATest();
    const untested = sources.filter((source) => !existsSync(join(root, testOf(source))));
    if (process.env['UPDATE_UNTESTED'] === '1') writeList(untested);

    const { entries } = readList();
    const listed = new Set(entries.map((e) => e.path));
    const problems = [
      ...untested
        .filter((source) => !listed.has(source))
        .map(
          (source) =>
            `${source} has no unit test: add ${testOf(source)}, or if it is covered by integration tests only, ` +
            `add it to ${LIST} with a reason after a #. ${SEE}`,
        ),
      ...entries
        .filter((e) => existsSync(join(root, testOf(e.path))))
        .map((e) => `${e.path} now has ${testOf(e.path)}: remove it from ${LIST} (the list only shrinks). ${SEE}`),
      ...entries.filter((e) => !existsSync(join(root, e.path))).map((e) => `${e.path} no longer exists: remove it from ${LIST}. ${SEE}`),
      ...entries
        .filter((e) => existsSync(join(root, e.path)) && !existsSync(join(root, testOf(e.path))) && !sources.includes(e.path))
        .map((e) => `${e.path} needs no test (a barrel, types only or a catalogue): remove it from ${LIST}. ${SEE}`),
    ];
    expect(problems).toEqual([]);

    const paths = entries.map((e) => e.path);
    expect(paths, `keep ${LIST} sorted, one path a line (UPDATE_UNTESTED=1 rewrites it). ${SEE}`).toEqual([...new Set(paths)].sort());
  });
});

/** Rewrites the list with the sources untested today, keeping each reason already written. */
function writeList(untested: readonly string[]): void {
  const { header, entries } = existsSync(join(root, LIST)) ? readList() : { header: [], entries: [] };
  const lineOf = new Map(entries.map((e) => [e.path, e.line]));
  const body = [...untested].sort().map((source) => lineOf.get(source) ?? source);
  writeFileSync(join(root, LIST), [...header, ...body].join('\n') + '\n');
}
