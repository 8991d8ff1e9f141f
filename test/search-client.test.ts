// How Utbyte's Meilisearch client talks to Meilisearch. A relay between the two records
// each exchange, so the test sees what the client asked for and what the real
// Meilisearch answered.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeilisearchRequestTimeOutError } from 'meilisearch';
import { getEventListeners } from 'node:events';
import { apiErrorCode, createSearchClient, errorMessage, isUnreachable, keepAliveTransport } from '../server/src/core/search/client';

interface Exchange {
  acceptEncoding?: string;
  contentEncoding?: string;
}

/** An HTTP relay to `target` that records the request's accept-encoding and the answer's content-encoding. */
async function recordingRelay(target: string): Promise<{ url: string; exchanges: Exchange[]; onSocket(listener: (socket: unknown) => void): void; close(): Promise<void> }> {
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
    onSocket: (listener) => server.on('connection', listener),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
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

  it('reads Meilisearch\'s error answers: the code, the message, and that Meilisearch was reachable', async () => {
    const client = createSearchClient({ url: process.env.TEST_MEILI_URL!, apiKey: process.env.TEST_MEILI_MASTER_KEY });
    const err = await client.index('no_such_index_here').search('x').then(() => undefined, (e: unknown) => e);
    expect(apiErrorCode(err)).toBe('index_not_found');
    expect(isUnreachable(err)).toBe(false);
    expect(errorMessage(err)).toMatch(/no_such_index_here/);
  });

  it('keeps its connection open between requests', async () => {
    const relay = await recordingRelay(process.env.TEST_MEILI_URL!);
    const sockets = new Set<unknown>();
    try {
      const client = createSearchClient({ url: relay.url, apiKey: process.env.TEST_MEILI_MASTER_KEY });
      relay.onSocket((s) => sockets.add(s));
      for (let i = 0; i < 5; i++) await client.getIndexes({ limit: 1 });
      expect(relay.exchanges).toHaveLength(5);
      expect(sockets.size).toBe(1);
    } finally {
      await relay.close();
    }
  });

  it('reports a Meilisearch that does not answer as a timeout, and one that is gone as unreachable', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const slow = createSearchClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 200 });
      const timedOut = await slow.getIndexes().then(() => undefined, (e: unknown) => e);
      // The client wraps every failure; a timeout's cause says so.
      expect((timedOut as Error).cause).toBeInstanceOf(MeilisearchRequestTimeOutError);
      expect(isUnreachable(timedOut)).toBe(true);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
    const gone = createSearchClient({ url: `http://127.0.0.1:${port}` });
    const refused = await gone.getIndexes().then(() => undefined, (e: unknown) => e);
    expect(isUnreachable(refused)).toBe(true);
    expect(apiErrorCode(refused)).toBeUndefined();
  });

  it('leaves no listener on a signal that several requests share (waiting for a task polls with one)', async () => {
    const send = keepAliveTransport();
    const shared = new AbortController();
    for (let i = 0; i < 15; i++) {
      await send(`${process.env.TEST_MEILI_URL}/health`, { signal: shared.signal });
      expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
    }
    const aborted = new AbortController();
    const reason = Symbol('stop');
    aborted.abort(reason);
    await expect(send(`${process.env.TEST_MEILI_URL}/health`, { signal: aborted.signal })).rejects.toBe(reason);
  });
});
