// The on-disk form of a terminal key protected by the OS keychain. The desktop app's main
// process encrypts the PEM with Electron's safeStorage (DPAPI, Keychain, libsecret/KWallet) and
// writes this envelope in place of the plain file; only that app, run by the same OS user on the
// same machine, can open it. Everything else (the CLI, browser mode) recognises the envelope so
// it can say so, instead of calling the file a broken key.
//
//   {"v":1,"kind":"safeStorage","keyId":"<public key id>","data":"<base64 ciphertext>"}
//
// keyId is public (it is in every ledger entry): it names the key without decrypting it and lets
// the desktop app check that what it decrypted is the key the file claims to hold.

export const KEY_ENVELOPE_VERSION = 1;

export interface KeyEnvelope {
  v: 1;
  kind: 'safeStorage';
  keyId: string;
  /** safeStorage ciphertext of the PKCS#8 PEM. */
  data: Uint8Array;
}

/** What a terminal key file holds. */
export type KeyFileContent =
  | { form: 'pem'; pem: string }
  | { form: 'envelope'; envelope: KeyEnvelope }
  /** An envelope this version cannot read (a newer Tillproof wrote it, or it is damaged). */
  | { form: 'unsupported-envelope'; detail: string }
  /** Neither: left to the key parser, which reports it as an invalid key. */
  | { form: 'unknown' };

const PEM_PRIVATE_KEY = /^-----BEGIN PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PRIVATE KEY-----\s*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function formatKeyEnvelope(keyId: string, ciphertext: Uint8Array): string {
  return `${JSON.stringify({ v: KEY_ENVELOPE_VERSION, kind: 'safeStorage', keyId, data: Buffer.from(ciphertext).toString('base64') })}\n`;
}

export function classifyKeyFile(text: string): KeyFileContent {
  const trimmed = text.trim();
  if (PEM_PRIVATE_KEY.test(trimmed)) return { form: 'pem', pem: text };
  if (!trimmed.startsWith('{')) return { form: 'unknown' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { form: 'unsupported-envelope', detail: 'not valid JSON (truncated or damaged)' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { form: 'unsupported-envelope', detail: 'not an object' };
  const v: unknown = Reflect.get(parsed, 'v');
  const kind: unknown = Reflect.get(parsed, 'kind');
  const keyId: unknown = Reflect.get(parsed, 'keyId');
  const data: unknown = Reflect.get(parsed, 'data');
  if (v !== KEY_ENVELOPE_VERSION || kind !== 'safeStorage') {
    return {
      form: 'unsupported-envelope',
      detail: `version ${JSON.stringify(v)}, kind ${JSON.stringify(kind)} (this Tillproof reads version 1, safeStorage)`,
    };
  }
  if (typeof keyId !== 'string' || keyId.length === 0 || keyId.length > 128) return { form: 'unsupported-envelope', detail: 'no key id' };
  if (typeof data !== 'string' || data.length === 0 || !BASE64.test(data))
    return { form: 'unsupported-envelope', detail: 'no base64 ciphertext' };
  return { form: 'envelope', envelope: { v: 1, kind: 'safeStorage', keyId, data: new Uint8Array(Buffer.from(data, 'base64')) } };
}
