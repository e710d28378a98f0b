// Where the demo listens: the port asked for, or a free one when another server has it, under Express 4 and 5.
import type { Server } from 'node:http';

/** What `app.listen` is in Express 4 and 5 alike. */
export interface Listenable {
  listen(port: number, callback: (error?: Error) => void): Server;
}

function listenOnce(app: Listenable, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Express 5 hands a listen error to the callback; Express 4 calls it only once listening, and the
    // error comes as the server's 'error' event. Both are heard; a promise settles once.
    const server = app.listen(port, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.once('error', reject);
  });
}

/** Listens on `port`; when it is taken (EADDRINUSE), on a free port instead, and says which it left. */
export async function listenOrMove(app: Listenable, port: number): Promise<{ readonly server: Server; readonly movedFrom?: number }> {
  try {
    return { server: await listenOnce(app, port) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    return { server: await listenOnce(app, 0), movedFrom: port };
  }
}
