/**
 * Development API keys: when API_KEYS is empty outside production, `npm start` makes one key per role and keeps
 * them in `<DATA_DIR>/api-keys.json` (0600), so a newcomer can call the API at once and the keys stay the same
 * across restarts. Production never gets keys it did not configure.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROLES, type ApiKey } from '../config';

export function devApiKeysPath(dataDir: string): string {
  return join(resolve(dataDir), 'api-keys.json');
}

/** Reads the stored development keys, adding a key for any role that has none yet. */
export function ensureDevApiKeys(dataDir: string): ApiKey[] {
  const path = devApiKeysPath(dataDir);
  let keys: ApiKey[] = [];
  try {
    keys = (JSON.parse(readFileSync(path, 'utf8')) as ApiKey[]).filter((k) => ROLES.includes(k.role) && k.key.length >= 16);
  } catch {
    // Missing or unreadable: make new ones below.
  }
  const missing = ROLES.filter((role) => !keys.some((k) => k.role === role));
  if (missing.length > 0) {
    // base64url never contains ':' or ',', the separators of API_KEYS.
    keys.push(...missing.map((role) => ({ key: `sieve_${role}_${randomBytes(18).toString('base64url')}`, role, name: `dev-${role}` })));
    mkdirSync(resolve(dataDir), { recursive: true });
    writeFileSync(path, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  }
  return keys;
}

/** The keys as API_KEYS spells them. */
export const formatApiKeys = (keys: readonly ApiKey[]) => keys.map((k) => `${k.key}:${k.role}:${k.name}`).join(',');
