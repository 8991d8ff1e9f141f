// Keeps the embedded PostgreSQL and Meilisearch running. A child that exits on its own
// (a crash, the OOM killer, kill -9) is logged and started again on the same port with
// the same data after a backoff. A service that keeps dying needs a person rather than
// a restart loop, so after too many failures in a short window the supervisor gives up
// loudly: a fatal log line, state "failed" in /readyz, and `npm start` exits with 1.
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger';

export interface RestartPolicy {
  /** Wait before the first restart; doubled for every further recent failure. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Give up when this many failures (exits and failed restarts) fall within windowMs. */
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 250, maxDelayMs: 10_000, maxFailures: 5, windowMs: 5 * 60_000 };

export type RestartDecision = { action: 'restart'; delayMs: number } | { action: 'give-up'; failures: number };

/**
 * What to do after a failure, from the times of all failures so far (the latest one
 * included). Old failures fall out of the window, so a service that crashes once a
 * day is restarted forever, and one that crashes five times in five minutes is not.
 */
export function restartDecision(failureTimes: readonly number[], now: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): RestartDecision {
  const recent = failureTimes.filter((t) => t <= now && now - t < policy.windowMs).length;
  if (recent >= policy.maxFailures) return { action: 'give-up', failures: recent };
  const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, recent - 1));
  return { action: 'restart', delayMs };
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What the embedded launchers offer the supervisor. */
export interface SupervisedService {
  readonly pid: number | undefined;
  /** Resolves when the current child exits. */
  exited(): Promise<ChildExit>;
  /** Starts the service again on the same port with the same data. */
  restart(): Promise<void>;
}

export type SupervisorState = 'running' | 'restarting' | 'failed' | 'stopped';

/**
 * Watches one embedded service. Emits 'recovered' (name) after a successful restart,
 * so that work which backed off while it was away (the search outbox) resumes at
 * once, and 'gave-up' (name) when the policy says stop trying.
 */
export class Supervisor extends EventEmitter {
  state: SupervisorState = 'running';
  restarts = 0;
  private failures: number[] = [];
  private stopping = false;
  private wakeStop?: () => void;
  private readonly stopped = new Promise<undefined>((r) => (this.wakeStop = () => r(undefined)));
  private readonly loop: Promise<void>;

  constructor(
    readonly name: string,
    private readonly service: SupervisedService,
    private readonly log: Logger,
    private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY,
  ) {
    super();
    this.loop = this.watch();
  }

  get pid(): number | undefined {
    return this.service.pid;
  }

  private async watch(): Promise<void> {
    while (!this.stopping) {
      const pid = this.service.pid;
      const exit = await Promise.race([this.service.exited(), this.stopped]);
      if (this.stopping || !exit) return;
      this.log.error({ service: this.name, pid, code: exit.code, signal: exit.signal }, `embedded ${this.name} exited unexpectedly`);
      if (!(await this.recover())) return;
    }
  }

  /** Restarts until it works or the policy gives up; false when it gave up or was stopped. */
  private async recover(): Promise<boolean> {
    for (;;) {
      const now = Date.now();
      this.failures = [...this.failures.filter((t) => now - t < this.policy.windowMs), now];
      const decision = restartDecision(this.failures, now, this.policy);
      if (decision.action === 'give-up') {
        this.state = 'failed';
        this.log.fatal({ service: this.name, failures: decision.failures, windowSeconds: this.policy.windowMs / 1000 }, `embedded ${this.name} keeps failing; giving up`);
        this.emit('gave-up', this.name);
        return false;
      }
      this.state = 'restarting';
      this.log.warn({ service: this.name, delayMs: decision.delayMs, failures: this.failures.length }, `restarting embedded ${this.name}`);
      await Promise.race([new Promise((r) => setTimeout(r, decision.delayMs).unref()), this.stopped]);
      if (this.stopping) return false;
      try {
        await this.service.restart();
      } catch (err) {
        this.log.error({ service: this.name, err: err instanceof Error ? err.message : String(err) }, `embedded ${this.name} did not restart`);
        continue;
      }
      if (this.stopping) return false;
      this.restarts += 1;
      this.state = 'running';
      this.log.warn({ service: this.name, pid: this.service.pid, restarts: this.restarts }, `embedded ${this.name} restarted`);
      this.emit('recovered', this.name);
      return true;
    }
  }

  /** Stops watching (waits for a restart in progress); the caller then stops the service. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeStop?.();
    await this.loop;
    if (this.state !== 'failed') this.state = 'stopped';
  }
}
