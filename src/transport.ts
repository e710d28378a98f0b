// How soet's requests reach the network: Node's own http and https, with sockets that never hold the process open.
import http from 'node:http';
import https from 'node:https';

/**
 * axios's `transport`: the request Node would make, its socket unref'd as soon as it is assigned (an
 * agent re-refs a reused socket before it hands it over). A dev server that shuts down gracefully while
 * a lookup waits on a hanging API exits at once, as it would without soet: a lookup is worth nothing
 * once the app is gone. Timeouts stay with the client's AbortSignal, whose timer is unref'd too.
 */
export const unrefTransport = {
  request(options: http.RequestOptions, onResponse: (response: http.IncomingMessage) => void): http.ClientRequest {
    const request = (options.protocol === 'https:' ? https : http).request(options, onResponse);
    request.on('socket', (socket) => socket.unref());
    return request;
  },
};
