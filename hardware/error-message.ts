// The text of anything thrown, for logs and outcome details: an error's message with its code
// when the message does not already say it. The one helper hardware/ uses (protocols/ too,
// which is why it sits apart from device.ts).

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return 'code' in e && typeof e.code === 'string' && !e.message.includes(e.code) ? `${e.message} (${e.code})` : e.message;
  return String(e);
}
