// Local ESLint rule enforcing the layer rule of docs/architecture.md on relative imports: which of
// our top-level folders may import which (and, for core/, which of its sub-folders), and
// inside hardware/, which of its parts may import which.
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
  hq: { hq: true, core: true, platform: true },
  electron: { electron: true, core: ['contract', 'shared'], host: true },
  renderer: { renderer: true, core: ['contract', 'shared'] },
  console: { console: true },
};

const MESSAGES = {
  core: 'core/ is pure domain code: it may import only core/.',
  db: 'db/ may import only core/.',
  hardware: 'hardware/ may import only core/.',
  platform: 'platform/ may import only core/.',
  host: 'host/ composes core, db, hardware and platform only.',
  cli: 'cli/ composes core, db, hardware, platform, host and hq.',
  hq: 'hq/ may import core/ and platform/ only (never db/ or hardware/).',
  electron: 'electron/ is a thin shell: host entry points, core/contract and core/shared only.',
  renderer: 'renderer/ may import only core/contract and core/shared.',
  console: 'console/ is the HQ web console: it talks to HQ over HTTP only and imports none of our other folders.',
};

/**
 * Inside hardware/: three one-way layers. protocols/ is byte code without I/O (encoders,
 * tokenizers, status parsers); transports/ move bytes; drivers (printer/, scanner/, drawer/,
 * display/...) are built on protocols/ and transports/; emulators/ are virtual devices built on
 * protocols/. Drivers never import emulators, emulators never import drivers, and protocols
 * import nothing but protocols/ (and core/). For each part: the parts it may import; `top`
 * stands for the files directly in hardware/ (device.ts, create-devices.ts...), a file name
 * for that one file.
 */
const HARDWARE_DRIVERS = ['printer', 'scanner', 'drawer', 'display', 'scale', 'payment'];
const HARDWARE_PARTS = {
  protocols: ['protocols', 'error-message.ts'],
  transports: ['transports', 'top'],
  driver: ['driver', 'protocols', 'transports', 'top'],
  emulators: ['emulators', 'protocols', 'transports', 'top'],
  virtual: ['virtual', 'top'],
  top: ['top', 'driver', 'protocols', 'transports', 'virtual'],
};

const HARDWARE_MESSAGES = {
  protocols:
    'hardware/protocols/ is protocol code without I/O: it may import only hardware/protocols/ (and core/), never drivers, transports or emulators.',
  transports: 'hardware/transports/ only move bytes: they import no protocols, drivers or emulators.',
  driver: 'hardware drivers are built on protocols/ and transports/: they never import emulators/.',
  emulators: 'hardware/emulators/ are virtual devices built on protocols/: they never import drivers.',
  virtual: 'hardware/virtual/ in-memory devices import only core/ and the shared hardware/ files.',
  top: 'The shared files in hardware/ never import emulators/.',
};

/** Which part of hardware/ a path's first folder (or file) below hardware/ is. */
function hardwarePart(sub) {
  if (sub === undefined || sub.endsWith('.ts')) return 'top';
  return HARDWARE_DRIVERS.includes(sub) ? 'driver' : sub;
}

/** The message when a file in hardware/`fromSub` may not import hardware/`toSub`, else null. */
function hardwareProblem(fromSub, toSub) {
  const from = hardwarePart(fromSub);
  const allowed = HARDWARE_PARTS[from];
  if (!allowed) return null;
  const to = hardwarePart(toSub);
  return allowed.includes(to) || allowed.includes(toSub) ? null : HARDWARE_MESSAGES[from];
}

const SEE = ' See docs/architecture.md, "Layers".';

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
      if (!ok) return context.report({ node, message: `${MESSAGES[from.top]} (imports ${to.top}/${to.sub ?? ''})${SEE}` });
      const inside = from.top === 'hardware' && to.top === 'hardware' ? hardwareProblem(from.sub, to.sub) : null;
      if (inside) context.report({ node, message: `${inside} (imports hardware/${to.sub ?? ''})${SEE}` });
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
