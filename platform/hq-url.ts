// Which HQ addresses a terminal may talk to. Over plain http:// the enrollment code, the signed
// ledger and the staff credential hashes would cross the network in clear: only https://, or
// http:// to this machine's loopback (development, a TLS proxy on the same host).

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a terminal must not use `url` as its HQ address, or null when it may. */
export function hqUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return null;
  if (parsed.protocol === 'http:')
    return `plain http:// to ${parsed.hostname} would send the terminal's secrets in clear: use https:// (plain http:// is for loopback only, in development)`;
  return `an HQ URL is https:// (or plain http:// on loopback), not ${parsed.protocol}`;
}
