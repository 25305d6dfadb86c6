/**
 * The site's end of the webhooks for `npm run bench:ingest -- --webhooks on|compare`, in a process of its own so
 * that receiving does not take the load generator's time: checks each delivery's signature, notes when it
 * arrived, answers 204. Forked by the bench with WEBHOOK_SECRET in its environment; tells the parent its URL,
 * and on the message `report` sends back what it received.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../src/review/webhooks';

export interface ReceiverReport { type: 'report'; received: [string, number][]; badSignatures: number }

const secret = process.env.WEBHOOK_SECRET ?? '';
const received = new Map<string, number>();
let bad = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const ok = verifyWebhookSignature(secret, { signature: req.headers['x-sieve-signature'] as string, timestamp: req.headers['x-sieve-timestamp'] as string, rawBody });
    if (!ok) bad++;
    const id = (JSON.parse(rawBody) as { data?: { comment?: { id?: string } } }).data?.comment?.id;
    if (ok && id && !received.has(id)) received.set(id, Date.now());
    res.writeHead(204).end();
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/sieve` }));
process.on('message', (m: { type?: string }) => {
  if (m?.type === 'report') process.send?.({ type: 'report', received: [...received], badSignatures: bad } satisfies ReceiverReport);
});
process.on('disconnect', () => process.exit(0));
