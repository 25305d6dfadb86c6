/**
 * Process entry helper: a bad configuration exits with status 2 and one clear line naming the variable;
 * SIGTERM/SIGINT run the process's own shutdown (the worker finishes its batch) and then exit.
 */
import { ConfigError } from '../config';

export function runMain(name: string, start: () => Promise<() => Promise<void>>): void {
  let stop: (() => Promise<void>) | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${name}: ${signal} received, shutting down\n`);
    try {
      await stop?.();
      process.exit(0);
    } catch (err) {
      process.stderr.write(`${name}: shutdown failed: ${String(err)}\n`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  start().then(
    (s) => {
      stop = s;
      if (stopping) void s().then(() => process.exit(0));
    },
    (err) => {
      if (err instanceof ConfigError) {
        process.stderr.write(`${name}: ${err.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`${name}: failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
