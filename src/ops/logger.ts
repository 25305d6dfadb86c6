import pino, { type Logger } from 'pino';

/** Structured JSON logs (pino). One root logger per process; modules take children with their own `component`. */
export function createLogger(level: string, component: string): Logger {
  return pino({ level, base: { component }, timestamp: pino.stdTimeFunctions.isoTime });
}

export type { Logger };
