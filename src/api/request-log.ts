/**
 * Request logs (pino-http): one short line per request — method, path, status, duration, request id — and
 * nothing else. No header is logged (keys and session cookies are credentials) and no query string (a key may
 * travel in `?key=`). The workspace's own polls, its static files and the health checks log at debug, so an
 * info log is what people and integrations did; a 5xx is an error line.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp, type Options } from 'pino-http';
import type { Logger } from '../ops/logger';

/** GET routes that are a page's polling, its files, or an orchestrator's checks: debug, not info. */
const QUIET_GETS: readonly RegExp[] = [
  /^\/(healthz|readyz|metrics)$/,
  /^\/moderate(\/assets\/[^/]+)?$/,
  /^\/v1\/session$/,
  /^\/v1\/review\/(items|counts|events|policy|reasons|vocabulary)$/,
];

type Req = IncomingMessage & { originalUrl?: string; id?: unknown };

/** The path a request asked for, without its query string. */
export function requestPath(req: Req): string {
  const url = req.originalUrl ?? req.url ?? '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export function isQuietRequest(method: string | undefined, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && QUIET_GETS.some((re) => re.test(path));
}

export function requestLogger(logger: Logger) {
  const options: Options<Req, ServerResponse> = {
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      if (res.statusCode < 400 && isQuietRequest(req.method, requestPath(req))) return 'debug';
      return 'info';
    },
    // Serializers see the raw request (wrapSerializers: false), so nothing but these fields can reach a line.
    wrapSerializers: false,
    serializers: {
      req: (req: Req) => ({ id: req.id, method: req.method, path: requestPath(req) }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
    customSuccessMessage: (req, res, ms) => `${req.method} ${requestPath(req)} ${res.statusCode} ${ms}ms`,
    customErrorMessage: (req, res) => `${req.method} ${requestPath(req)} ${res.statusCode} failed`,
    // The error handler logs a 5xx's error with its stack; the request line only names it.
    customErrorObject: (_req, _res, err, val) => ({ res: val.res, responseTime: val.responseTime, error: err.message }),
  };
  return pinoHttp(options);
}
