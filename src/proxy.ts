// Failures at a proxy (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY), told as the proxy's, not as the API's.
// axios picks the proxy from the environment; soet reads from the failed request whether one was used.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null;
}

/** A proxy a request went through: where it is (never its credentials) and which variable set it. */
interface ProxyRoute {
  /** `host:port` of the proxy, as its agent or its variable gives it, when it can be told. */
  readonly address?: string;
  /** The variable axios took it from, as proxy-from-env reads them; absent when none is set. */
  readonly variable?: string;
  /** `tunnel`: CONNECT, for an https API; `forward`: the full URL sent to the proxy, for an http API. */
  readonly mode: 'tunnel' | 'forward';
}

/** The variable proxy-from-env takes the proxy from: the lower-case name first, then ALL_PROXY. */
function proxyVariable(scheme: string, env: NodeJS.ProcessEnv): { readonly name: string; readonly value: string } | undefined {
  for (const name of [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY']) {
    const value = env[name];
    if (value) return { name, value };
  }
  return undefined;
}

function hostOf(proxyUrl: string, scheme: string): string | undefined {
  try {
    return new URL(proxyUrl.includes('://') ? proxyUrl : `${scheme}://${proxyUrl}`).host || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The proxy `request` (the ClientRequest axios made) went through, or undefined when it went straight
 * to the API. A CONNECT tunnel shows in its agent (https-proxy-agent, with the proxy's `host` and
 * `port`); forwarding shows in its path, which is then the full URL of the API call.
 */
function proxyRoute(request: unknown, apiUrl: URL, env: NodeJS.ProcessEnv): ProxyRoute | undefined {
  if (!isObject(request)) return undefined;
  const scheme = apiUrl.protocol.replace(/:$/, '');
  const variable = proxyVariable(scheme, env);
  const fromVariable = variable ? hostOf(variable.value, scheme) : undefined;
  const named = variable ? { variable: variable.name } : {};
  const agentProxy = isObject(request.agent) ? request.agent.proxy : undefined;
  if (isObject(agentProxy)) {
    const host = agentProxy.hostname ?? agentProxy.host;
    const port = agentProxy.port;
    const address = typeof host === 'string' && (typeof port === 'number' || typeof port === 'string') ? `${host}:${port}` : fromVariable;
    return { mode: 'tunnel', ...(address ? { address } : {}), ...named };
  }
  if (typeof request.path === 'string' && /^https?:\/\//i.test(request.path)) {
    const address = fromVariable ?? (typeof request.host === 'string' ? request.host : undefined);
    return { mode: 'forward', ...(address ? { address } : {}), ...named };
  }
  return undefined;
}

function nameOf(route: ProxyRoute): string {
  return `the proxy${route.address ? ` ${route.address}` : ''}${route.variable ? ` (${route.variable})` : ''}`;
}

function bypassAdvice(apiHost: string): string {
  return `or add ${apiHost} to NO_PROXY if it can be reached directly`;
}

const CONNECT_FAILURES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'its name could not be resolved',
  EAI_AGAIN: 'its name could not be resolved',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * The line for a request that could not connect to its proxy (the only host soet connects to when one
 * is set), or undefined when no proxy was used or the failure came later.
 */
export function proxyConnectFailure(error: unknown, apiUrl: URL, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!isObject(error)) return undefined;
  const route = proxyRoute(error.request, apiUrl, env);
  const cause = isObject(error.cause) ? error.cause : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : typeof error.code === 'string' ? error.code : '';
  const what = CONNECT_FAILURES[code];
  if (!route || !what) return undefined;
  const check = route.variable ? `check ${route.variable}` : 'check the proxy settings';
  return `could not connect to ${nameOf(route)} (${what}) on the way to ${apiUrl.host}; ${check}, ${bypassAdvice(apiUrl.host)}`;
}

function refusalAdvice(status: number, apiHost: string): string {
  if (status === 407) return 'it asks for credentials: put them in the proxy URL (http://user:password@host:port)';
  if (status === 403) return `ask for ${apiHost} to be allowed through it, ${bypassAdvice(apiHost)}`;
  return `check the proxy, ${bypassAdvice(apiHost)}`;
}

/**
 * The line for an answer that came from the proxy rather than the API, or undefined. Through a tunnel
 * that is certain: the API answers over TLS, while a proxy that refuses CONNECT answers on the plain
 * socket (which https-proxy-agent hands on). When forwarding, a failure status without the API's
 * JSON body is the proxy's doing as far as soet can tell.
 */
export function proxyRefusal(response: { readonly status: number; readonly data?: unknown; readonly request?: unknown }, apiUrl: URL, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const route = proxyRoute(response.request, apiUrl, env);
  if (!route || response.status === 200) return undefined;
  const request = response.request as Json;
  const socket = isObject(request.socket) ? request.socket : undefined;
  if (route.mode === 'tunnel') {
    if (!socket || socket.encrypted === true) return undefined;
    return `${nameOf(route)} refused to connect to ${apiUrl.host} (HTTP ${response.status}); ${refusalAdvice(response.status, apiUrl.host)}`;
  }
  if (typeof response.data === 'string' && /^\s*[{[]/.test(response.data)) return undefined;
  return `${apiUrl.host} could not be reached through ${nameOf(route)} (HTTP ${response.status}); ${refusalAdvice(response.status, apiUrl.host)}`;
}
