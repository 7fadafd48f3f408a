import canonicalize from 'canonicalize';
import { TillproofError } from '../shared/errors.ts';

/** JSON values that may appear in a ledger entry: no undefined, no functions, finite numbers only. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalFormError extends TillproofError<'ledger.canonical-form'> {
  constructor(message: string) {
    super('ledger.canonical-form', message);
    this.name = 'CanonicalFormError';
  }
}

function assertJson(value: unknown, path: string): void {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CanonicalFormError(`non-finite number at ${path}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertJson(v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new CanonicalFormError(`non-plain object at ${path}`);
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) throw new CanonicalFormError(`undefined value at ${path}.${k}`);
      assertJson(v, `${path}.${k}`);
    }
    return;
  }
  throw new CanonicalFormError(`${typeof value} is not JSON at ${path}`);
}

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of a JSON value. Stricter than JSON.stringify:
 * undefined members, non-finite numbers and class instances are errors rather than silently
 * dropped, because a dropped field would make two different entries hash alike.
 */
export function canonicalJson(value: unknown): string {
  assertJson(value, '$');
  const text = canonicalize(value);
  if (text === undefined) throw new CanonicalFormError('value has no canonical form');
  return text;
}
