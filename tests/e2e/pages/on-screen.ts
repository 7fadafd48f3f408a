// Whether a person sees a control without scrolling: inside the viewport and not covered.
import type { Locator, Page } from 'playwright-core';
import { words } from './ui-words.ts';

/** Closes the passing notices (top of the screen): they are not the layout under test. */
export async function dismissNotices(page: Page): Promise<void> {
  const close = page.getByRole('region', { name: words('notice.label') }).getByRole('button', { name: words('common.dismiss') });
  while ((await close.count()) > 0) await close.first().click();
}

/**
 * Where a control sits against the viewport, and whether a person could see it there: its box is
 * inside the viewport, nothing (a scrolled-away parent, another panel) covers its middle, and the
 * page itself is not scrolled.
 */
export async function placement(page: Page, target: Locator) {
  const box = await target.boundingBox();
  const viewport = page.viewportSize()!;
  const { onTop, scrolled } = await target.evaluate((el) => {
    const doc = el.ownerDocument;
    const r = el.getBoundingClientRect();
    const hit = doc.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      onTop: hit !== null && (el === hit || el.contains(hit)),
      scrolled: (doc.defaultView?.scrollY ?? 0) !== 0 || (doc.scrollingElement?.scrollTop ?? 0) !== 0,
    };
  });
  const inside =
    box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
  return { inside, onTop, scrolled };
}

/** What placement() says of a control a person sees without scrolling. */
export const VISIBLE = { inside: true, onTop: true, scrolled: false };
