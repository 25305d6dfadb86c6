/** jest globalTeardown: stops the run's private PostgreSQL and deletes its files. */
import type { PrivatePostgres } from './postgres';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __SIEVE_PG__?: PrivatePostgres }).__SIEVE_PG__?.destroy();
}
