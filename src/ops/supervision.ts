/**
 * What `npm start` (src/cli/supervisor.ts) tells the API over the IPC channel it opens to every child: a worker
 * process crashed and was restarted. The API counts them in `sieve_process_restarts_total`, so a crashing worker
 * shows on the /metrics a site already scrapes, not only in the log.
 */
export const PROCESS_RESTARTED = 'sieve:process-restarted';

export interface ProcessRestartedMessage {
  type: typeof PROCESS_RESTARTED;
  /** The child's name, e.g. `worker-1`, `webhooks`. */
  process: string;
}

export const processRestarted = (name: string): ProcessRestartedMessage => ({ type: PROCESS_RESTARTED, process: name });

/** In a process `npm start` runs: calls `fn` with the name of every process it restarts. No-op otherwise. */
export function onProcessRestarts(fn: (name: string) => void): void {
  if (!process.channel) return;
  process.on('message', (m: unknown) => {
    const msg = m as Partial<ProcessRestartedMessage> | null;
    if (msg && msg.type === PROCESS_RESTARTED && typeof msg.process === 'string') fn(msg.process);
  });
  // Listening must not keep a process alive that has finished its work (parent-watch unrefs it too).
  process.channel.unref();
}
