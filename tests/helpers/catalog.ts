// Synthetic catalogs for tests and benchmarks: product i is a pure function of (i, seed), so a
// test can name a product it never stored, and a million products stream without an array.
import { gs1CheckDigit } from '../../core/catalog/barcode.ts';
import { formatCsv } from '../../core/catalog/csv-reader.ts';
import type { CatalogItem } from '../../core/catalog/product.ts';

/** An EAN-13 from its first 12 digits, with the check digit computed. */
export function ean13(first12: string): string {
  if (!/^\d{12}$/.test(first12)) throw new RangeError(`ean13 needs 12 digits, got "${first12}"`);
  return first12 + String(gs1CheckDigit(first12));
}

/** Small, fast, deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// [zh-TW, zh-CN, en]
const BRANDS = [
  ['統一', '统一', 'Uni-President'],
  ['味全', '味全', 'Weichuan'],
  ['光泉', '光泉', 'Kuang Chuan'],
  ['義美', '义美', 'I-Mei'],
  ['黑松', '黑松', 'Hey Song'],
  ['金車', '金车', 'King Car'],
  ['維他露', '维他露', 'Vitalon'],
  ['愛之味', '爱之味', 'AGV'],
  ['泰山', '泰山', 'Taisun'],
  ['開喜', '开喜', 'Kai Shi'],
  ['波蜜', '波蜜', 'Bomy'],
  ['古道', '古道', 'Gu Dao'],
] as const;
const FLAVORS = [
  ['烏龍', '乌龙', 'Oolong'],
  ['綠', '绿', 'Green'],
  ['紅', '红', 'Black'],
  ['奶', '奶', 'Milk'],
  ['檸檬', '柠檬', 'Lemon'],
  ['蜂蜜', '蜂蜜', 'Honey'],
  ['芒果', '芒果', 'Mango'],
  ['草莓', '草莓', 'Strawberry'],
  ['巧克力', '巧克力', 'Chocolate'],
  ['香草', '香草', 'Vanilla'],
  ['麥', '麦', 'Barley'],
  ['鐵觀音', '铁观音', 'Tieguanyin'],
  ['桂花', '桂花', 'Osmanthus'],
  ['紫米', '紫米', 'Purple rice'],
  ['黑糖', '黑糖', 'Brown sugar'],
  ['海鹽', '海盐', 'Sea salt'],
] as const;
const KINDS = [
  ['茶', '茶', 'Tea', 'drinks'],
  ['咖啡', '咖啡', 'Coffee', 'drinks'],
  ['牛奶', '牛奶', 'Milk', 'dairy'],
  ['豆漿', '豆浆', 'Soy milk', 'drinks'],
  ['汽水', '汽水', 'Soda', 'drinks'],
  ['餅乾', '饼干', 'Crackers', 'snacks'],
  ['洋芋片', '洋芋片', 'Potato chips', 'snacks'],
  ['泡麵', '泡面', 'Instant noodles', 'food'],
  ['麵包', '面包', 'Bread', 'bakery'],
  ['優格', '优格', 'Yogurt', 'dairy'],
  ['冰淇淋', '冰淇淋', 'Ice cream', 'frozen'],
  ['蛋糕', '蛋糕', 'Cake', 'bakery'],
  ['糖果', '糖果', 'Candy', 'snacks'],
  ['果汁', '果汁', 'Juice', 'drinks'],
  ['飯糰', '饭团', 'Rice ball', 'food'],
  ['便當', '便当', 'Bento', 'food'],
] as const;
const SIZES = ['250ml', '330ml', '500ml', '600ml', '1L', '2L', '100g', '200g', '6入', '12入'] as const;
// Series names: two of these, 10,000 combinations, so names are not all alike.
const SERIES =
  '春夏秋冬山海風雲花月星光金銀玉石松竹梅蘭菊荷桃李杏梨橘柚棗栗米豆麥禾田園林森湖川泉溪島嶼港灣城鄉村里東西南北中上下左右前後新古老少大小長高清明白青藍紫綠黃赤丹朱彩雪霜露霞虹晨夕晴雨龍鳳虎鶴燕鷹鹿馬羊牛福祿壽喜樂安康吉祥和順'.split(
    '',
  );
const SERIES_EN = (a: number, b: number): string => `S${String(a * 100 + b).padStart(4, '0')}`;

/** Product i of a synthetic catalog: mixed zh-TW/zh-CN/en names, valid EAN-13s, three tiers. */
export function syntheticProduct(i: number, seed = 1): CatalogItem {
  const rnd = random(Math.imul(i + 1, 2654435761) ^ seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const brand = pick(BRANDS);
  const flavor = pick(FLAVORS);
  const kind = pick(KINDS);
  const size = pick(SIZES);
  const a = Math.floor(rnd() * SERIES.length);
  const b = Math.floor(rnd() * SERIES.length);
  const seriesTw = `${SERIES[a]}${SERIES[b]}`;
  const zhTw = `${brand[0]}${seriesTw}${flavor[0]}${kind[0]} ${size}`;
  const zhCn = `${brand[1]}${seriesTw}${flavor[1]}${kind[1]} ${size}`;
  const en = `${brand[2]} ${flavor[2]} ${kind[2]} ${size} ${SERIES_EN(a, b)}`;
  const imported = i % 7 === 3;
  const weighed = i % 50 === 7;
  const retail = 10 + Math.floor(rnd() * 390);
  const barcodes = [ean13(`4710${String(i).padStart(8, '0')}`)];
  if (i % 10 === 3) barcodes.push(ean13(`4711${String(i).padStart(8, '0')}`));
  return {
    productId: `P${String(i).padStart(8, '0')}`,
    sku: `S${String(i).padStart(8, '0')}`,
    name: imported ? en : zhTw,
    names: { en, 'zh-TW': zhTw, 'zh-CN': zhCn },
    department: kind[3],
    taxClass: i % 20 === 0 ? 'zero' : 'standard',
    unit: weighed ? 'kg' : 'each',
    prices: { retail, member: Math.floor((retail * 95) / 100), vip: Math.floor((retail * 90) / 100) },
    barcodes: barcodes.map((b13) => `0${b13}`),
    active: true,
    itemCode: weighed ? String(Math.floor(i / 50) + 10_000) : null,
  };
}

/** Products start, start+1, ... start+count-1, streamed. */
export function* syntheticProducts(count: number, options: { start?: number; seed?: number } = {}): Generator<CatalogItem> {
  const start = options.start ?? 0;
  for (let i = start; i < start + count; i++) yield syntheticProduct(i, options.seed);
}

export const CATALOG_CSV_HEADER = [
  'product_id',
  'sku',
  'name',
  'name_en',
  'name_zh_tw',
  'name_zh_cn',
  'department',
  'tax_class',
  'unit',
  'price_retail',
  'price_member',
  'price_vip',
  'barcodes',
  'active',
  'item_code',
];

/** A catalog file (TWD, whole dollars) for the given products; barcodes written as EAN-13. */
export function catalogCsv(items: Iterable<CatalogItem>): string {
  const rows: string[][] = [CATALOG_CSV_HEADER];
  for (const p of items) {
    rows.push([
      p.productId,
      p.sku,
      p.name,
      p.names.en ?? '',
      p.names['zh-TW'] ?? '',
      p.names['zh-CN'] ?? '',
      p.department,
      p.taxClass,
      p.unit,
      String(p.prices.retail),
      p.prices.member === undefined ? '' : String(p.prices.member),
      p.prices.vip === undefined ? '' : String(p.prices.vip),
      p.barcodes.map((g) => (g.startsWith('0') ? g.slice(1) : g)).join('|'),
      p.active ? '1' : '0',
      p.itemCode ?? '',
    ]);
  }
  return formatCsv(rows);
}
