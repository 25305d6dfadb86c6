/** Who acts: roles and the actor written to the audit log. Defined once for the API, the review store and the CLI. */

export const ROLES = ['ingest', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The API key's name and role (the API sets res.locals.actor); `system` for the sweeper and review ingest. */
export interface Actor {
  name: string;
  role: Role | 'system';
  /** The sections this actor is limited to (API_KEYS); absent = every section. */
  sections?: readonly string[];
}

export const SYSTEM_ACTOR: Actor = { name: 'sieve', role: 'system' };
