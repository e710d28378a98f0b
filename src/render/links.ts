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
