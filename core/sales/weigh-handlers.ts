// Selling by weight from the till's scale (issue #15): `sale.weigh` reads a settled weight and
// puts the product on the sale with it, less its tare; `scale.read` is the screen's live weight.
// A weight the scale does not vouch for (moving, under zero, over capacity, an empty platter)
// is refused with its reason and nothing is added. The line records that its weight came from
// the scale; a typed weight (sale.addItem) is recorded as typed.
import { HostError } from '../contract/errors.ts';
import type { Params } from '../contract/methods.ts';
import type { ScaleReadingView } from '../contract/views.ts';
import type { ScaleConfig } from '../config/devices.ts';
import type { ScaleReading } from '../ports/scale.ts';
import { TillproofError } from '../shared/errors.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { LineWeight } from './cart.ts';
import { ensureSale, saleChanged } from './sale-in-progress.ts';

export type WeighMethod = 'sale.weigh' | 'scale.read';

const kg = (grams: number): string => `${(grams / 1000).toFixed(3)} kg`;

function scaleOf(ctx: TerminalContext): { config: ScaleConfig; read: NonNullable<TerminalContext['scale']> } {
  const config = Object.values(ctx.config().devices).find((d): d is ScaleConfig => d.type === 'scale');
  if (!config || !ctx.scale) throw new HostError('scale.none', 'this till has no scale: type the weight instead');
  return { config, read: ctx.scale };
}

async function reading(ctx: TerminalContext, settleMs: number | null): Promise<ScaleReading> {
  const { read } = scaleOf(ctx);
  try {
    return settleMs === null ? await read.read() : await read.readSettled(settleMs);
  } catch (e) {
    if (!(e instanceof TillproofError)) throw e;
    throw new HostError('scale.offline', `the scale cannot be read: ${e.message}`, { reason: e.code });
  }
}

/** The tare for this product: its preset from the scale's config, else the one keyed at the till. */
function tareFor(config: ScaleConfig, sku: string, keyed: number | undefined): Pick<LineWeight, 'tareGrams' | 'tare'> {
  const preset = config.tares[sku];
  if (preset) return { tareGrams: preset, tare: 'preset' };
  return keyed ? { tareGrams: keyed, tare: 'keyed' } : {};
}

async function weigh(ctx: TerminalContext, p: Params<'sale.weigh'>) {
  ctx.requireOperator();
  const product = ctx.catalog.byId(p.productId);
  if (!product || !product.active) throw new HostError('catalog.not-found', `no product ${p.productId}`);
  if (product.unit !== 'kg')
    throw new HostError('scale.piece-item', `${product.sku} is sold by the piece, not by weight`, { sku: product.sku });
  const awaiting = ctx.session.sale?.lineAwaitingSerial();
  if (awaiting !== undefined)
    throw new HostError('serial.required', `line ${awaiting} needs the serial of the piece sold first: scan it or type it in`, {
      lineNo: awaiting,
    });
  const { config } = scaleOf(ctx);
  const read = await reading(ctx, config.settleMs);
  switch (read.state) {
    case 'motion':
      throw new HostError('scale.unstable', 'the weight has not settled: keep the item still on the scale and weigh again');
    case 'under-zero':
      throw new HostError('scale.under-zero', 'the scale reads below zero: empty the platter and zero the scale');
    case 'over-capacity':
      throw new HostError('scale.over-capacity', "the load is over the scale's capacity: weigh it in parts");
    case 'stable':
      break;
  }
  const tare = tareFor(config, product.sku, p.tareGrams);
  const grams = read.grams - (tare.tareGrams ?? 0);
  if (grams < config.minimumGrams) {
    const message = tare.tareGrams
      ? `the scale reads ${kg(read.grams)}, no more than the tare of ${kg(tare.tareGrams)}: put the item on the scale`
      : `the scale reads ${kg(read.grams)}: put the item on the scale`;
    throw new HostError('scale.no-weight', message, { grams: read.grams, tareGrams: tare.tareGrams ?? 0 });
  }
  const s = ensureSale(ctx);
  s.addProduct(product, grams, undefined, undefined, { source: 'scale', ...tare });
  return saleChanged(ctx, s);
}

async function readNow(ctx: TerminalContext): Promise<ScaleReadingView> {
  ctx.requireOperator();
  const hasScale = ctx.scale && Object.values(ctx.config().devices).some((d) => d.type === 'scale');
  if (!hasScale) return { state: 'none' };
  try {
    const read = await reading(ctx, null);
    return read.state === 'stable' ? { state: 'stable', grams: read.grams } : { state: read.state };
  } catch (e) {
    if (e instanceof HostError && e.code === 'scale.offline') return { state: 'offline' };
    throw e;
  }
}

export function createWeighHandlers(ctx: TerminalContext): HandlersOf<WeighMethod> {
  return {
    'sale.weigh': (p) => weigh(ctx, p),
    'scale.read': () => readNow(ctx),
  };
}
