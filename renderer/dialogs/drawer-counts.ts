/** What the cashier typed per note or coin value, as text (the input keeps what was typed). */
export type DrawerCounts = Record<number, string>;

/** The pieces counted of one value; anything not a whole number of pieces counts as none. */
export function countedPieces(counts: DrawerCounts, value: number): number {
  const c = Number(counts[value] ?? '0');
  return Number.isInteger(c) && c >= 0 ? c : 0;
}

/** The money in the drawer, in minor units. */
export function countedTotal(denominations: readonly number[], counts: DrawerCounts): number {
  return denominations.reduce((s, v) => s + v * countedPieces(counts, v), 0);
}

/** The count as the till records it: only the values with pieces. */
export function countedList(denominations: readonly number[], counts: DrawerCounts): { value: number; count: number }[] {
  return denominations.filter((v) => countedPieces(counts, v) > 0).map((v) => ({ value: v, count: countedPieces(counts, v) }));
}

/** A count field takes digits only, at most five. */
export function cleanCountInput(raw: string): string {
  return raw.replace(/\D/g, '').slice(0, 5);
}
