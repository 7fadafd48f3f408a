import { TillproofError } from '../core/shared/errors.ts';

/** A mistake in how a command was called: exit code 2 with the message and a hint. */
export class UsageError extends TillproofError<'cli.usage'> {
  constructor(message: string) {
    super('cli.usage', message);
    this.name = 'UsageError';
  }
}

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** All of standard input (a secret piped in rather than typed on the command line). */
  stdin?(): Promise<string>;
}

export const processIo: CommandIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  async stdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
