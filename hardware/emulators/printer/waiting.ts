// Waiting for what the virtual printer does next: for tests and scripts that drive it.

type Subscribe<T> = (listener: (value: T) => void) => () => void;

/** Resolves with the next value `on` reports that matches, or rejects after `timeoutMs`. */
export function nextValue<T>(on: Subscribe<T>, timeoutMs: number, what: string, match: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`virtual printer: no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = on((value) => {
      if (!match(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}
