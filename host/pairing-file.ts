import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TillproofError } from '../core/shared/errors.ts';
import { writeFileDurably } from '../platform/durable-file.ts';

// Browser mode's address and pairing, kept across restarts: the tabs a till left open (the till
// screen, the customer display) find the host again at the same address with the same token
// after a crash or a reboot. One owner-only file in the data folder, replaced durably, so a power
// cut leaves the old pairing or the new one, never none. Rotating the tokens un-pairs every tab.

const PAIRING_FILE = 'pairing.json';

export interface Pairing {
  /** The port the host listens on (127.0.0.1); 0 until a first start picked one. */
  readonly port: number;
  /** The till screen's token (sells, signs in). */
  readonly token: string;
  /** The customer display's token (reads the sale only). */
  readonly displayToken: string;
}

export class PairingFileError extends TillproofError<'pairing.invalid'> {
  constructor(message: string) {
    super('pairing.invalid', message);
    this.name = 'PairingFileError';
  }
}

export function pairingPath(dataDir: string): string {
  return join(dataDir, PAIRING_FILE);
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

const TOKEN = /^[\w-]{32,128}$/;

function parsePairing(text: string, path: string): Pairing {
  const fix = `delete it to pair anew, or run "tillproof pairing rotate"`;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new PairingFileError(`${path} is not valid JSON: ${fix}`);
  }
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const { port, token, displayToken } = r;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new PairingFileError(`${path} has no valid "port" (0-65535): ${fix}`);
  // The tokens themselves never appear in a message: they are the till's keys.
  if (typeof token !== 'string' || !TOKEN.test(token)) throw new PairingFileError(`${path} has no valid "token": ${fix}`);
  if (typeof displayToken !== 'string' || !TOKEN.test(displayToken) || displayToken === token)
    throw new PairingFileError(`${path} has no valid "displayToken": ${fix}`);
  return { port, token, displayToken };
}

/** The remembered pairing, or null on a first start. */
export function readPairing(dataDir: string): Pairing | null {
  const path = pairingPath(dataDir);
  if (!existsSync(path)) return null;
  return parsePairing(readFileSync(path, 'utf8'), path);
}

/** Replaces the pairing file (0600, fsynced, renamed over the old one). */
export function writePairing(dataDir: string, pairing: Pairing): void {
  writeFileDurably(pairingPath(dataDir), `${JSON.stringify(pairing, null, 2)}\n`);
}

/**
 * The pairing a start uses: the remembered tokens (new ones on a first start) and the port asked
 * for on the command line, else the remembered one, else 0 (a free one, remembered once known).
 */
export function pairingForStart(dataDir: string, port: number | undefined): Pairing {
  const known = readPairing(dataDir);
  return {
    port: port ?? known?.port ?? 0,
    token: known?.token ?? newToken(),
    displayToken: known?.displayToken ?? newToken(),
  };
}

/** New tokens for the till screen and the display, the port kept: every tab paired before must pair again. */
export function rotatePairing(dataDir: string): Pairing {
  const known = readPairing(dataDir);
  const next = { port: known?.port ?? 0, token: newToken(), displayToken: newToken() };
  writePairing(dataDir, next);
  return next;
}
