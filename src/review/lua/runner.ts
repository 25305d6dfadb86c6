/**
 * Runs a named Lua script by SHA (EVALSHA), loading it on first use or after a Redis restart (NOSCRIPT).
 *
 * A script declares its keys by name, up front; callers pass a map from those names to key strings, so the
 * order of KEYS[] is written in exactly one place and cannot drift between the Lua and the TypeScript.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LuaScript<K extends string> {
  readonly name: string;
  /** KEYS[1..n], in order. Scripts that take a variable tail of keys read them after these. */
  readonly keys: readonly K[];
  readonly lua: string;
  readonly sha: string;
}

export function defineScript<const K extends string>(name: string, keys: readonly K[], lua: string): LuaScript<K> {
  return { name, keys, lua, sha: createHash('sha1').update(lua).digest('hex') };
}

export async function runScript<K extends string>(
  redis: Redis,
  script: LuaScript<K>,
  keys: Record<K, string>,
  args: readonly (string | number)[],
  extraKeys: readonly string[] = [],
): Promise<unknown> {
  const keyList = [...script.keys.map((k) => keys[k]), ...extraKeys];
  try {
    return await redis.evalsha(script.sha, keyList.length, ...keyList, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return redis.eval(script.lua, keyList.length, ...keyList, ...args);
  }
}
