// Which modal dialogs are open, kept by the Modal component itself rather than read back from
// the page: shortcuts stay quiet under a dialog, and the sale screen hears when one closes (its
// focused control is gone with it, so the focus falls to the page unless someone takes it).

const open = new Set<symbol>();
const closedListeners = new Set<() => void>();

export function dialogOpen(): boolean {
  return open.size > 0;
}

/** Marks a dialog open; the function returned marks it closed and tells the listeners. */
export function dialogShown(): () => void {
  const id = Symbol('dialog');
  open.add(id);
  return () => {
    if (!open.delete(id)) return;
    for (const listener of closedListeners) listener();
  };
}

/** Called after any dialog has closed (others may still be open: ask `dialogOpen()`). */
export function onDialogClosed(listener: () => void): () => void {
  closedListeners.add(listener);
  return () => closedListeners.delete(listener);
}
