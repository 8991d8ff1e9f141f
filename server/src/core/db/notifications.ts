// Signals between processes through PostgreSQL (LISTEN/NOTIFY), so that several servers
// and indexers on one database behave like one system without another service:
//
//   utbyte_outbox     sent by a trigger on search_outbox inserts, at commit
//                     (Migration20261130235000): every running indexer takes the rows now
//                     instead of at its next poll.
//   utbyte_reference  sent by a reference import that changed rows, at commit: every
//                     process drops its reference cache instead of waiting out its TTL.
//
// One listening connection per process. Notifications are hints, not a queue: one
// sent while the connection is down is lost, so after every (re)connect each handler
// runs once as if notified, and the indexer's poll and the cache's TTL stay as fallbacks.
import pg from 'pg';
import type { Logger } from '../logger';

export const OUTBOX_CHANNEL = 'utbyte_outbox';
export const REFERENCE_CHANNEL = 'utbyte_reference';

export interface ListenerOptions {
  url: string;
  log: Logger;
  /** Channel → what to do when it is notified (or after a reconnect). */
  handlers: Record<string, () => void>;
  /** First reconnect delay; doubled per failed attempt up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export class NotificationListener {
  /** Connections made, the first included. */
  connects = 0;
  /** Notifications received, per channel. */
  readonly received = new Map<string, number>();
  private client?: pg.Client;
  private pid?: number;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly opts: ListenerOptions) {
    this.backoffMs = opts.backoffMs ?? 250;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
  }

  /** The listening connection's server process id, while connected (tests terminate it). */
  get backendPid(): number | undefined {
    return this.client ? this.pid : undefined;
  }

  /** Connects and listens; a failure is retried in the background, never thrown. */
  async start(): Promise<void> {
    await this.connect(this.backoffMs);
  }

  private async connect(nextDelay: number): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.opts.url });
    let lost = false;
    const onLost = (err?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.opts.log.warn({ err: err instanceof Error ? err.message : undefined, retryInMs: nextDelay }, 'lost the notification connection; reconnecting');
      this.retry = setTimeout(() => void this.connect(Math.min(nextDelay * 2, this.maxBackoffMs)), nextDelay);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => this.dispatch(message.channel));
    try {
      await client.connect();
      for (const channel of Object.keys(this.opts.handlers)) await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      this.pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    } catch (err) {
      onLost(err);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.connects += 1;
    // Whatever was notified while no connection listened is caught up now.
    for (const handler of Object.values(this.opts.handlers)) handler();
    // A connection that stays up resets the backoff for the next loss.
    nextDelay = this.backoffMs;
  }

  private dispatch(channel: string): void {
    this.received.set(channel, (this.received.get(channel) ?? 0) + 1);
    this.opts.handlers[channel]?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
