// Local ESLint rule enforcing the layer rule of ARCHITECTURE.md on relative imports: which of
// our top-level folders may import which (and, for core/, which of its sub-folders).
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * For each layer: the layers it may import. `core: ['contract']` limits core/ to those
 * sub-folders; `core: true` allows all of core/.
 */
export const LAYERS = {
  core: { core: true },
  db: { db: true, core: true },
  hardware: { hardware: true, core: true },
  platform: { platform: true, core: true },
  host: { host: true, core: true, db: true, hardware: true, platform: true },
  cli: { cli: true, core: true, db: true, hardware: true, platform: true, host: true, hq: true },
  hq: { hq: true, core: ['ledger', 'contract', 'receipts', 'catalog', 'money', 'shared', 'sync', 'migrations'], platform: true },
  electron: { electron: true, core: ['contract', 'shared'], host: true },
  renderer: { renderer: true, core: ['contract'] },
};

const MESSAGES = {
  core: 'core/ is pure domain code: it may import only core/.',
  db: 'db/ may import only core/.',
  hardware: 'hardware/ may import only core/.',
  platform: 'platform/ may import only core/.',
  host: 'host/ composes core, db, hardware and platform only.',
  cli: 'cli/ composes core, db, hardware, platform, host and hq.',
  hq: 'hq/ may import core/ledger, contract, receipts, catalog, money, shared, sync and migrations (shared verification code) and platform/ only.',
  electron: 'electron/ is a thin shell: host entry points, core/contract and core/shared only.',
  renderer: 'renderer/ may import only core/contract.',
};

function layerOf(root, file) {
  const rel = relative(root, file);
  if (rel.startsWith('..')) return null;
  const [top, sub] = rel.split(sep);
  return top in LAYERS ? { top, sub } : null;
}

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: { type: 'problem', schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }] },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const from = layerOf(root, context.filename);
    if (!from) return {};
    const allowed = LAYERS[from.top];
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = layerOf(root, resolve(dirname(context.filename), source));
      if (!to) return;
      const rule = allowed[to.top];
      const ok = rule === true || (Array.isArray(rule) && rule.includes(to.sub));
      if (!ok) context.report({ node, message: `${MESSAGES[from.top]} (imports ${to.top}/${to.sub ?? ''})` });
    }
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { layers: layersRule } };
