import { describe, expect, it } from 'vitest';
import { dialogOpen, dialogShown, onDialogClosed } from '../../../../renderer/components/open-dialogs.ts';

describe('open dialogs', () => {
  it('counts dialogs until each is closed, and tells listeners after every close', () => {
    let heard = 0;
    const stop = onDialogClosed(() => heard++);
    expect(dialogOpen()).toBe(false);
    const closeFirst = dialogShown();
    const closeSecond = dialogShown();
    expect(dialogOpen()).toBe(true);
    closeSecond();
    expect(dialogOpen()).toBe(true);
    expect(heard).toBe(1);
    closeFirst();
    expect(dialogOpen()).toBe(false);
    expect(heard).toBe(2);
    // Closing twice (React may run a cleanup once more) is not a second close.
    closeFirst();
    expect(heard).toBe(2);
    stop();
    dialogShown()();
    expect(heard).toBe(2);
  });
});
