/**
 * The OCPI router on Node-RED's HTTP server. Express cannot take a route back, so each path is mounted once, for
 * the runtime's life, on a dispatcher that calls the handler of the node serving it now: a redeploy swaps the
 * handler, and a path no node serves any more falls through to Node-RED's 404.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import type { NodeAPI } from 'node-red';

type Handler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** Per HTTP app, the handler serving each path mounted on it (none while no node serves it). */
const mounted = new WeakMap<object, Map<string, Handler | undefined>>();

/** Serves `path` with `handler`; undefined when another node serves it already. Returns what stops serving it. */
export function mountOcpi(RED: NodeAPI, path: string, handler: Handler): (() => void) | undefined {
  const app = RED.httpNode as unknown as { use(path: string, handler: Handler): void };
  const serving = mounted.get(app) ?? new Map<string, Handler | undefined>();
  mounted.set(app, serving);
  if (serving.get(path)) return undefined;
  if (!serving.has(path)) {
    app.use(path, (req, res, next) => {
      const current = serving.get(path);
      if (current) current(req, res, next);
      else next();
    });
  }
  serving.set(path, handler);
  return () => {
    if (serving.get(path) === handler) serving.set(path, undefined);
  };
}
