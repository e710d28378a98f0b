// Which links soet prints: https addresses on Stack Overflow and the Stack Exchange network only.
const NETWORK_DOMAINS = ['stackoverflow.com', 'stackexchange.com', 'serverfault.com', 'superuser.com', 'askubuntu.com', 'mathoverflow.net', 'stackapps.com'];

function onNetwork(hostname: string): boolean {
  return NETWORK_DOMAINS.some((domain) => hostname === domain || hostname.endsWith(`.${domain}`));
}

/**
 * `href` resolved against `base`, when it is an https URL without credentials on the network;
 * undefined otherwise, so the caller shows the text alone.
 */
export function safeLink(href: string | undefined, base?: string): string | undefined {
  if (!href) return undefined;
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || !onNetwork(url.hostname)) return undefined;
  return url.href;
}

/**
 * A question's own address as the API gives it (`https://stackoverflow.com/questions/123/slug`), a
 * direct link rather than the redirecting `/q/123`. Anything else after the id (a path that is not a
 * slug, a query, a fragment) is dropped: `https://<site>/questions/123`. Undefined when not on the network.
 */
export function questionLink(link: string, id: number): string | undefined {
  const safe = safeLink(link);
  if (safe === undefined) return undefined;
  const url = new URL(safe);
  const direct = new RegExp(`^/questions/${id}(?:/[a-z0-9-]{1,200})?$`);
  return direct.test(url.pathname) && !url.search && !url.hash ? safe : `${url.origin}/questions/${id}`;
}
