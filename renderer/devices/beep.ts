// Sounds made with WebAudio (no sound files to ship or to allow in the CSP). Browsers only let
// a page play sound after a user gesture: the first key or tap of the session unlocks it.

let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (context) return context;
  const Ctor = globalThis.AudioContext as typeof AudioContext | undefined;
  if (!Ctor) return null;
  try {
    context = new Ctor();
  } catch {
    return null;
  }
  return context;
}

/** Call from a key or pointer handler so that later alarms may sound. */
export function unlockAudio(): void {
  const ctx = audio();
  if (ctx && ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
}

export function beep(kind: 'alarm' | 'error' | 'ok' = 'ok'): void {
  const ctx = audio();
  if (!ctx || ctx.state !== 'running') return;
  const tones =
    kind === 'alarm'
      ? [
          [880, 0],
          [660, 0.25],
          [880, 0.5],
        ]
      : kind === 'error'
        ? [
            [220, 0],
            [180, 0.15],
          ]
        : [[1320, 0]];
  for (const [freq, at] of tones) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = kind === 'error' ? 'square' : 'sine';
    osc.frequency.value = freq!;
    const start = ctx.currentTime + at!;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.3, start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + 0.22);
  }
}
