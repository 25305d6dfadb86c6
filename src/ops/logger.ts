import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs (pino). One root logger per process; modules take children with their own `component`.
 * Lines go to stdout unless a destination is given (tests read the lines that way).
 */
export function createLogger(level: string, component: string, destination?: DestinationStream): Logger {
  const options = { level, base: { component }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
