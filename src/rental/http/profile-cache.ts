/**
 * Rendered `/profile` answers, kept as JSON text so that a hit costs a map lookup. Every write
 * statement of the rental module run by this process (see `write-epoch.ts`) clears the whole cache
 * and moves the epoch on. With the embedded database this process is the only writer, and that is
 * all. With PostgreSQL, other processes write too: `profile-listener.ts` also clears it on each
 * committed change, keeps it off while it cannot hear them, and sets `barrier` (see there).
 *
 * An entry belongs to a partner and a tenant: it exists only because that partner was linked to that
 * tenant when it was rendered, and any write (an unlink included) drops it. A read notes the epoch
 * before its queries and keeps its result only if no write happened since (the embedded database runs
 * one transaction at a time, so a read never sees half a write).
 */
export class ProfileCache {
  #entries = new Map<string, string>();
  #bytes = 0;
  #epoch = 0;
  #on: boolean;
  /**
   * PostgreSQL only: resolves true once every change committed before the call has cleared the cache
   * (false: that cannot be told now). A hit is served only after it, and only if still there.
   */
  barrier: (() => Promise<boolean>) | null = null;

  constructor(
    private readonly maxBytes: number,
    options: { on?: boolean } = {},
  ) {
    this.#on = options.on ?? true;
  }

  /** Whether entries are served and kept (off while the PostgreSQL listener is down). */
  get on(): boolean {
    return this.#on;
  }

  get epoch(): number {
    return this.#epoch;
  }

  get(partnerId: number, tenantId: number): string | undefined {
    if (!this.#on) return undefined;
    const key = `${partnerId}:${tenantId}`;
    const text = this.#entries.get(key);
    if (text === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, text);
    return text;
  }

  set(partnerId: number, tenantId: number, epoch: number, text: string): void {
    if (!this.#on || epoch !== this.#epoch || text.length > this.maxBytes) return;
    const key = `${partnerId}:${tenantId}`;
    const old = this.#entries.get(key);
    if (old !== undefined) this.#bytes -= old.length;
    this.#entries.delete(key);
    this.#entries.set(key, text);
    this.#bytes += text.length;
    while (this.#bytes > this.maxBytes) {
      const [oldest, value] = this.#entries.entries().next().value!;
      this.#entries.delete(oldest);
      this.#bytes -= value.length;
    }
  }

  /** A write is about to run, or has run: nothing rendered before it may be served or kept. */
  invalidate(): void {
    this.#epoch += 1;
    this.#entries.clear();
    this.#bytes = 0;
  }

  /** Turns the cache on or off; either way, what it held is dropped and reads in flight are not kept. */
  switch(on: boolean): void {
    this.invalidate();
    this.#on = on;
  }
}
