// How Utbyte's Meilisearch client talks to Meilisearch. A relay between the two records
// each exchange, so the test sees what the client asked for and what the real
// Meilisearch answered.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSearchClient } from '../server/src/core/search/client';

interface Exchange {
  acceptEncoding?: string;
  contentEncoding?: string;
}

/** An HTTP relay to `target` that records the request's accept-encoding and the answer's content-encoding. */
async function recordingRelay(target: string): Promise<{ url: string; exchanges: Exchange[]; close(): Promise<void> }> {
  const exchanges: Exchange[] = [];
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const exchange: Exchange = { acceptEncoding: req.headers['accept-encoding'] };
    exchanges.push(exchange);
    const out = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      exchange.contentEncoding = answer.headers['content-encoding'];
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('the Meilisearch client', () => {
  it('asks for uncompressed answers, and Meilisearch sends them uncompressed', async () => {
    // A compressed answer is streamed: headers first, body in a second write that a
    // delayed ACK can hold for 40 ms on a keep-alive connection (client.ts).
    const relay = await recordingRelay(process.env.TEST_MEILI_URL!);
    try {
      const client = createSearchClient({ url: relay.url, apiKey: process.env.TEST_MEILI_MASTER_KEY });
      await client.getIndexes({ limit: 20 });
      await client.multiSearch({ queries: [] });
      expect(relay.exchanges).toHaveLength(2);
      for (const exchange of relay.exchanges) {
        expect(exchange.acceptEncoding).toBe('identity');
        expect(exchange.contentEncoding).toBeUndefined();
      }
    } finally {
      await relay.close();
    }
  });
});
