/**
 * Runs Sieve's processes (the API, the workers) as children, restarts the ones that may be restarted, and stops
 * them together.
 *
 * - Each child gets its own process group (a terminal's Ctrl-C reaches only us) and an IPC channel that
 *   `parent-watch` uses to stop the child if we die (and the API uses to count restarts).
 * - A child with a restart policy (the workers) that exits while we are not stopping is restarted after a
 *   back-off that doubles with every crash in the policy's window, and reported to `onRestart` (loudly: log line,
 *   metric). When it crashes `limit` times within the window it is crash-looping: `onFatal`, and we stop.
 * - A child without one (the API) that exits on its own is reported to `onFatal` at once.
 * - `stop(signal)` forwards the signal once (SIGTERM/SIGINT: workers finish their batch), cancels pending
 *   restarts and escalates to SIGKILL only after `graceMs`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface RestartPolicy {
  /** Crashes within `windowMs` that make a crash loop (1 = never restart). */
  limit: number;
  windowMs: number;
  /** Delay before the first restart; doubles with every further crash in the window. */
  backoffMs: number;
  /** The delay never exceeds this. */
  maxBackoffMs: number;
}

export interface ChildSpec {
  /** Shown in messages, e.g. `api`, `worker-2`. */
  name: string;
  /** Path of the entry module without extension; `.js` (built) or `.ts` (under tsx) is picked like ours. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** Restart it when it exits on its own; without one, its exit is fatal. */
  restart?: RestartPolicy;
}

export interface ChildExit {
  name: string;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A crash that is being restarted: which one it is in the window, and the delay before the new process. */
export interface ChildRestart extends ChildExit {
  crashes: number;
  delayMs: number;
}

/** Why we stop on a child's exit: it may not be restarted (`exited`), or it crash-loops (`crash_loop`). */
export interface FatalExit extends ChildExit {
  reason: 'exited' | 'crash_loop';
  crashes: number;
}

export interface SupervisorEvents {
  onFatal(exit: FatalExit): void;
  onRestart?(restart: ChildRestart): void;
  /** The replacement process is running. */
  onRestarted?(name: string, pid: number): void;
}

interface Running {
  spec: ChildSpec;
  proc: ChildProcess;
  exited: Promise<ChildExit>;
  crashes: number[];
  restartTimer?: NodeJS.Timeout;
}

/** The extension our own module was loaded with: `.js` from dist, `.ts` under tsx/ts-jest. */
const OWN_EXT = __filename.endsWith('.ts') ? '.ts' : '.js';

export function resolveEntry(entryWithoutExt: string): string {
  const file = entryWithoutExt + OWN_EXT;
  if (!existsSync(file)) throw new Error(`${file} does not exist; run \`npm run build\` first`);
  return file;
}

/** The delay before restart number `crashes` (1-based) under `policy`. */
export function restartDelay(policy: RestartPolicy, crashes: number): number {
  return Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.max(0, crashes - 1));
}

export class Supervisor {
  private readonly children: Running[] = [];
  private stopping = false;

  constructor(private readonly events: SupervisorEvents, private readonly clock: () => number = Date.now) {}

  start(spec: ChildSpec): ChildProcess {
    // A child started after stop() would be left running: stopping is final.
    if (this.stopping) throw new Error(`not starting ${spec.name}: stopping`);
    const child = { spec, crashes: [] } as unknown as Running;
    this.spawn(child);
    this.children.push(child);
    return child.proc;
  }

  private spawn(child: Running): void {
    const { spec } = child;
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
    child.proc = proc;
    child.exited = exited;
    exited.then((exit) => {
      if (!this.stopping) this.exitedOnItsOwn(child, exit);
    });
  }

  private exitedOnItsOwn(child: Running, exit: ChildExit): void {
    const policy = child.spec.restart;
    if (!policy) return this.events.onFatal({ ...exit, reason: 'exited', crashes: 1 });
    const now = this.clock();
    child.crashes = [...child.crashes.filter((t) => now - t < policy.windowMs), now];
    const crashes = child.crashes.length;
    if (crashes >= policy.limit) return this.events.onFatal({ ...exit, reason: 'crash_loop', crashes });
    const delayMs = restartDelay(policy, crashes);
    this.events.onRestart?.({ ...exit, crashes, delayMs });
    child.restartTimer = setTimeout(() => {
      child.restartTimer = undefined;
      if (this.stopping) return;
      try {
        this.spawn(child);
        this.events.onRestarted?.(child.spec.name, child.proc.pid ?? -1);
      } catch (err) {
        this.events.onFatal({ ...exit, reason: 'exited', crashes, code: 1, signal: null });
        process.stderr.write(`${child.spec.name}: could not restart: ${String(err)}\n`);
      }
    }, delayMs);
  }

  get pids(): number[] {
    return this.children.map((c) => c.proc.pid).filter((p): p is number => p !== undefined);
  }

  /** Sends a message over the IPC channel of the child called `name`, if it runs; never throws. */
  send(name: string, message: unknown): void {
    const c = this.children.find((x) => x.spec.name === name);
    if (c?.proc.connected) c.proc.send(message as object, (err: Error | null) => void err);
  }

  /** Signals every running child once, waits for all; SIGKILL after graceMs. Returns how each one ended. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000): Promise<ChildExit[]> {
    this.stopping = true;
    for (const c of this.children) {
      clearTimeout(c.restartTimer);
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
      clearTimeout(c.restartTimer);
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    }
  }
}
