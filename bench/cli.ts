/** What the process-driving benches (`bench:ingest`, `bench:sync`) share: a progress log, integer flags, the run. */

/** Progress lines on stderr, so stdout holds only the figures. */
export const benchLog = (name: string) => (msg: string) => process.stderr.write(`[${name}] ${msg}\n`);

export function int(raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`expected an integer in [${min}, ${max}], got ${raw}`);
  return n;
}

/** Runs a bench's main and exits 0, or logs why it failed and exits 1 (child processes are stopped by then). */
export function runBench(main: () => Promise<void>, log: (msg: string) => void): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      log(`failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
