/**
 * The one way Sieve runs Lua in Redis, used by the comment store and the review store alike.
 *
 * A script is named after what it does and declares its keys by name, up front; callers pass a map from those
 * names to key strings, so the order of KEYS[] is written in exactly one place and cannot drift between the Lua
 * and the TypeScript. Scripts run through ioredis's own script support (`defineCommand`): EVALSHA, EVAL when
 * Redis answers NOSCRIPT (after a restart), and SCRIPT LOAD ahead of a pipeline.
 */
import type { ChainableCommander, Redis } from 'ioredis';

export interface LuaScript<K extends string> {
  readonly name: string;
  /** KEYS[1..n], in order. Scripts that take a variable tail of keys read them after these. */
  readonly keys: readonly K[];
  readonly lua: string;
}

export function defineScript<const K extends string>(name: string, keys: readonly K[], lua: string): LuaScript<K> {
  return { name, keys, lua };
}

const commandName = (script: LuaScript<string>) => `sieve_${script.name.replace(/\W/g, '_')}`;

type ScriptCall = (numKeys: number, ...keysAndArgs: (string | number)[]) => unknown;

/** Defines the scripts on the connection (once); a pipeline made afterwards can queue them too. */
export function useScripts(redis: Redis, scripts: readonly LuaScript<string>[]): void {
  for (const script of scripts) {
    const name = commandName(script);
    if (!(name in redis.scriptsSet)) redis.defineCommand(name, { lua: script.lua });
  }
}

function call<K extends string>(target: Redis | ChainableCommander, script: LuaScript<K>, keys: Record<K, string>,
  args: readonly (string | number)[], extraKeys: readonly string[]): unknown {
  const keyList = [...script.keys.map((k) => keys[k]), ...extraKeys];
  const fn = (target as unknown as Record<string, ScriptCall | undefined>)[commandName(script)];
  if (!fn) throw new Error(`Lua script ${script.name} is not defined on this connection: call useScripts first`);
  return fn.call(target, keyList.length, ...keyList, ...args);
}

/** Runs a script now and returns its reply. */
export function runScript<K extends string>(
  redis: Redis,
  script: LuaScript<K>,
  keys: Record<K, string>,
  args: readonly (string | number)[],
  extraKeys: readonly string[] = [],
): Promise<unknown> {
  useScripts(redis, [script]);
  return call(redis, script, keys, args, extraKeys) as Promise<unknown>;
}

/** Queues a script on a pipeline (made from a connection the script was defined on with useScripts). */
export function queueScript<K extends string>(
  pipe: ChainableCommander,
  script: LuaScript<K>,
  keys: Record<K, string>,
  args: readonly (string | number)[],
  extraKeys: readonly string[] = [],
): void {
  call(pipe, script, keys, args, extraKeys);
}

/** A pipeline's replies in order; the first command error is thrown instead of being returned as data. */
export async function execOrThrow(pipe: ChainableCommander): Promise<unknown[]> {
  const res = (await pipe.exec()) ?? [];
  return res.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
