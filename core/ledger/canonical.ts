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
 * RFC 8785 text in one walk, or undefined at the first thing that is not plain JSON (then
 * canonicalJson reports where). Strings and numbers are written as ECMAScript's JSON.stringify
 * writes them and members sorted by UTF-16 code units, which is what RFC 8785 specifies; the
 * unit tests check it against the reference implementation.
 */
const LONE_SURROGATE = /\p{Cs}/u;

function canonicalText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return LONE_SURROGATE.test(value) ? undefined : JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item = canonicalText(value[i]);
          if (item === undefined) return undefined;
          out += i === 0 ? item : `,${item}`;
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return undefined;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const member = canonicalText(record[key]);
        if (member === undefined || LONE_SURROGATE.test(key)) return undefined;
        out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${member}`;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of a JSON value. Stricter than JSON.stringify:
 * undefined members, non-finite numbers and class instances are errors rather than silently
 * dropped, because a dropped field would make two different entries hash alike.
 */
export function canonicalJson(value: unknown): string {
  // One pass for the values a ledger holds; anything else goes the long way, for its exact error.
  const fast = canonicalText(value);
  if (fast !== undefined) return fast;
  assertJson(value, '$');
  const text = canonicalize(value);
  if (text === undefined) throw new CanonicalFormError('value has no canonical form');
  return text;
}
