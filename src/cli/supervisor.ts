/**
 * Runs Sieve's processes (the API, the workers) as children and stops them together.
 *
 * - Each child gets its own process group (a terminal's Ctrl-C reaches only us) and an IPC channel that
 *   `parent-watch` uses to stop the child if we die.
 * - Nothing is restarted silently: a child that exits while we are not stopping is reported to `onUnexpectedExit`.
 * - `stop(signal)` forwards the signal once (SIGTERM/SIGINT: workers finish their batch) and escalates to SIGKILL
 *   only after `graceMs`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ChildSpec {
  /** Shown in messages, e.g. `api`, `worker-2`. */
  name: string;
  /** Path of the entry module without extension; `.js` (built) or `.ts` (under tsx) is picked like ours. */
  entry: string;
  env: NodeJS.ProcessEnv;
}

export interface ChildExit {
  name: string;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Running {
  spec: ChildSpec;
  proc: ChildProcess;
  exited: Promise<ChildExit>;
}

/** The extension our own module was loaded with: `.js` from dist, `.ts` under tsx/ts-jest. */
const OWN_EXT = __filename.endsWith('.ts') ? '.ts' : '.js';

export function resolveEntry(entryWithoutExt: string): string {
  const file = entryWithoutExt + OWN_EXT;
  if (!existsSync(file)) throw new Error(`${file} does not exist; run \`npm run build\` first`);
  return file;
}

export class Supervisor {
  private readonly children: Running[] = [];
  private stopping = false;

  constructor(private readonly onUnexpectedExit: (exit: ChildExit) => void) {}

  start(spec: ChildSpec): ChildProcess {
    // A child started after stop() would be left running: stopping is final.
    if (this.stopping) throw new Error(`not starting ${spec.name}: stopping`);
    const file = resolveEntry(spec.entry);
    const watch = pathToFileURL(join(__dirname, `parent-watch${OWN_EXT}`)).href;
    // Keep our own execArgv (e.g. tsx's loader when run from source) so the child can load the same kind of file.
    const proc = spawn(process.execPath, [...process.execArgv, '--import', watch, file], {
      env: spec.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      detached: true,
    });
    const exited = new Promise<ChildExit>((resolve) => {
      proc.once('exit', (code, signal) => resolve({ name: spec.name, pid: proc.pid ?? -1, code, signal }));
      proc.once('error', () => resolve({ name: spec.name, pid: proc.pid ?? -1, code: 1, signal: null }));
    });
    exited.then((exit) => {
      if (!this.stopping) this.onUnexpectedExit(exit);
    });
    this.children.push({ spec, proc, exited });
    return proc;
  }

  get pids(): number[] {
    return this.children.map((c) => c.proc.pid).filter((p): p is number => p !== undefined);
  }

  /** Signals every running child once, waits for all; SIGKILL after graceMs. Returns how each one ended. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000): Promise<ChildExit[]> {
    this.stopping = true;
    for (const c of this.children) {
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill(signal);
    }
    const timer = setTimeout(() => this.kill(), graceMs);
    try {
      return await Promise.all(this.children.map((c) => c.exited));
    } finally {
      clearTimeout(timer);
    }
  }

  /** No more waiting: SIGKILL whatever still runs. */
  kill(): void {
    this.stopping = true;
    for (const c of this.children) {
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    }
  }
}
