import { classifyKeyFile, formatKeyEnvelope, type KeyFileContent } from '../platform/key-envelope.ts';
import { signerFromPem, terminalKeyPath, writeKeyFileAtomic } from '../platform/terminal-key.ts';

// What the desktop shell needs to keep the terminal key encrypted with the OS keychain
// (electron/terminal-key-vault.ts): the key file's place and forms, and an atomic replace. The
// host reads the key; main, which alone has safeStorage, decrypts it and hands it over at start.

export { classifyKeyFile, formatKeyEnvelope, terminalKeyPath, writeKeyFileAtomic, type KeyFileContent };

/** The public key id of a PEM private key; throws TerminalKeyError('key.invalid') for anything else. */
export function keyIdOfPem(pem: string, source: string): string {
  return signerFromPem(pem, source).keyId;
}
