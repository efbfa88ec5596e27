import { getDomain, getHostname } from 'tldts';

/**
 * The registrable domain of a website ("https://www.cloud.Google.com/x" -> "google.com"), from the
 * public-suffix list; the unique key of an organization. Null when the URL has no registrable domain
 * (an IP address, localhost, a bare public suffix).
 */
export function normalizeWebsiteDomain(website: string): string | null {
  const hostname = getHostname(website);
  if (!hostname) return null;
  return getDomain(hostname, { allowPrivateDomains: false })?.toLowerCase() ?? null;
}
