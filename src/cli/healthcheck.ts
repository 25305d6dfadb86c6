/**
 * Container health checks (Dockerfile HEALTHCHECK, docker-compose.yml): exit 0 when healthy, 1 otherwise.
 *
 *   node dist/src/cli/healthcheck.js api     → GET /healthz on PORT
 *   node dist/src/cli/healthcheck.js worker  → GET /readyz on WORKER_HEALTH_PORT (scorers loaded, Redis reachable)
 *   node dist/src/cli/healthcheck.js webhooks → GET /readyz on WORKER_HEALTH_PORT (Redis reachable, delivering)
 *
 * Plain `fetch`, no config parsing: a check must stay cheap and must not fail because of an unrelated variable.
 */
const TIMEOUT_MS = 2500;

export function healthUrl(role: string, env: NodeJS.ProcessEnv = process.env): string {
  if (role === 'api') return `http://127.0.0.1:${env.PORT || '8080'}/healthz`;
  if (role === 'worker' || role === 'webhooks') {
    if (!env.WORKER_HEALTH_PORT) throw new Error(`WORKER_HEALTH_PORT is not set: the ${role} process serves no /readyz to check`);
    return `http://127.0.0.1:${env.WORKER_HEALTH_PORT}/readyz`;
  }
  throw new Error(`unknown role "${role}": use api, worker or webhooks`);
}

async function main(): Promise<number> {
  const url = healthUrl(process.argv[2] ?? 'api');
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!res.ok) process.stderr.write(`${url}: ${res.status} ${await res.text()}\n`);
  return res.ok ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`health check failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
