// Whether a machine's host in a config is a host name or an IP address, and what is wrong with it when it is not.
import { isIP } from 'node:net';

/** A DNS name (labels of letters, digits, `-` and `_`, dot-separated, an optional final dot), 253 characters at most. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/;

/**
 * Null for a host a machine can listen on and be dialed at by name or address; else why not, in the words of the
 * usual slips: a space, a URL, brackets around an IPv6 address, the port written into the host.
 */
export function hostProblem(host: string): string | null {
  // An empty host is the length check's to name, not said twice.
  if (host === '' || isIP(host) !== 0 || HOST_NAME.test(host)) return null;
  const shown = JSON.stringify(host);
  if (/\s/.test(host)) return `should hold no spaces, is ${shown}`;
  if (host.includes('://')) return `should be a host name or IP address, not a URL, is ${shown}`;
  const bracketed = /^\[(.*)\]$/.exec(host);
  if (bracketed && isIP(bracketed[1]!) === 6) return `an IPv6 address goes without brackets here: ${JSON.stringify(bracketed[1])}, is ${shown}`;
  const withPort = /^(.*):(\d+)$/.exec(host);
  if (withPort && (isIP(withPort[1]!) === 4 || HOST_NAME.test(withPort[1]!))) return `should be the host alone (the port is its own field), is ${shown}`;
  return `should be a host name or IP address, is ${shown}`;
}
