import pg from 'pg';
import type { ProfileCache } from './profile-cache.ts';

/** The channel the triggers of migration 011 notify on each committed change a profile shows. */
export const PROFILE_CHANNEL = 'foyer_rental_profiles';

export interface ProfileListenerOptions {
  connectionString: string;
  cache: ProfileCache;
  /** Wait before connecting again after the connection is lost or refused. */
  retryMs: number;
  /** A barrier not answered within this time serves from the database and drops the connection. */
  barrierTimeoutMs: number;
  log: { warn(message: string): void; info(message: string): void };
}

/**
 * Keeps the rendered-profile cache of one process right when other processes write to the same
 * PostgreSQL database. It holds a connection of its own that LISTENs on `PROFILE_CHANNEL`, clears
 * the cache on every notification, and keeps the cache off (every read from the database) whenever
 * that connection is not listening: from the start until LISTEN has succeeded, and from a loss
 * until it has succeeded again, the cache being cleared at both ends.
 *
 * What is guaranteed: a `/profile` read that begins after a write has committed, in any process,
 * never shows the file from before that write. A notification alone would not give it: it reaches
 * this process some time after the commit is visible to SQL (and after the writer's client has its
 * answer), so a read arriving meanwhile would be served stale. Hence `barrier()`, run before a hit
 * is served: a `select 1` on the listening connection. PostgreSQL signals the listening backends
 * before it tells the writer's client that the commit is done, and a listening backend sends the
 * notifications it was signalled before the answer to any later query on its connection; node-pg
 * hands them over in the order they came. So when the barrier's answer is in, the cache has been
 * cleared for every commit that preceded the read. Barriers are shared: the reads that arrive while
 * one is in flight wait for the next one (which begins after them), so there is at most one in
 * flight and one queued, whatever the load. A miss renders from the database (fresh), noting the
 * epoch first; a notification arriving during the render keeps it out of the cache, and one arriving
 * after clears it, so no entry outlives a commit it does not show beyond that commit's notification.
 */
export class ProfileListener {
  #client: pg.Client | null = null;
  #listening = false;
  #pid: number | null = null;
  #closed = false;
  #retry: NodeJS.Timeout | null = null;
  #inFlight: Promise<boolean> | null = null;
  #queued: Promise<boolean> | null = null;

  constructor(private readonly options: ProfileListenerOptions) {
    options.cache.switch(false);
    options.cache.barrier = () => this.barrier();
  }

  /** Whether the connection is listening (the cache is on exactly then). */
  get listening(): boolean {
    return this.#listening;
  }

  /** The listening connection's server process id (tests terminate it), null while not listening. */
  get backendPid(): number | null {
    return this.#listening ? this.#pid : null;
  }

  /** Connects now, unless connected or connecting (a pending retry is brought forward). */
  start(): void {
    if (this.#client || this.#closed) return;
    if (this.#retry) clearTimeout(this.#retry);
    void this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#drop(client);
    await client?.end().catch(() => {});
  }

  /** Resolves true once every change committed before this call has reached the cache; false if that cannot be told. */
  barrier(): Promise<boolean> {
    if (!this.#listening) return Promise.resolve(false);
    if (!this.#inFlight) return this.#begin();
    // The one in flight was sent before this call: it proves nothing about the commits since.
    return (this.#queued ??= this.#inFlight.then(() => {
      this.#queued = null;
      return this.#begin();
    }));
  }

  #begin(): Promise<boolean> {
    const client = this.#client;
    if (!client || !this.#listening) return Promise.resolve(false);
    const run = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        resolve(false);
        this.options.log.warn(`rental profile cache: no answer on the listening connection within ${this.options.barrierTimeoutMs} ms; reconnecting`);
        this.#lost(client);
      }, this.options.barrierTimeoutMs);
      client.query('select 1').then(
        () => {
          clearTimeout(timer);
          resolve(this.#client === client && this.#listening);
        },
        () => {
          clearTimeout(timer);
          resolve(false);
        },
      );
    }).then((ok) => {
      if (this.#inFlight === run) this.#inFlight = null;
      return ok;
    });
    this.#inFlight = run;
    return run;
  }

  async #connect(): Promise<void> {
    this.#retry = null;
    if (this.#closed) return;
    const client = new pg.Client({ connectionString: this.options.connectionString, keepAlive: true });
    this.#client = client;
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client.on('notification', (message) => {
      if (message.channel === PROFILE_CHANNEL && this.#client === client) this.options.cache.invalidate();
    });
    try {
      await client.connect();
      await client.query(`listen ${PROFILE_CHANNEL}`);
      this.#pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    } catch {
      this.#lost(client);
      return;
    }
    if (this.#client !== client) return;
    // From here every commit is notified; what was rendered before may predate one that was not.
    this.#listening = true;
    this.options.cache.switch(true);
    this.options.log.info('rental profile cache: listening for changes, cache on');
  }

  /** The connection is gone or unusable: cache off until a new one listens. */
  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    const wasListening = this.#listening;
    this.#drop(client);
    client.end().catch(() => {});
    if (wasListening) this.options.log.warn(`rental profile cache: listening connection lost, cache off; retrying every ${this.options.retryMs} ms`);
    if (!this.#closed) this.#retry = setTimeout(() => void this.#connect(), this.options.retryMs).unref();
  }

  #drop(client: pg.Client | null): void {
    if (this.#client !== client) return;
    this.#client = null;
    this.#listening = false;
    this.options.cache.switch(false);
  }
}
