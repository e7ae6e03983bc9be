import type { BrokerActor } from '../keys/keys.ts';

/**
 * Remembers valid keys for a few seconds so that a busy integration does not pay a database
 * round trip per request. Only hits are kept (an unknown token always asks the database), and a
 * revoked key stops working within `ttlMs`.
 */
export class KeyCache {
  #entries = new Map<string, { actor: BrokerActor; expires: number }>();

  constructor(
    private readonly load: (token: string) => Promise<BrokerActor | null>,
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  async get(token: string): Promise<BrokerActor | null> {
    const now = Date.now();
    const hit = this.#entries.get(token);
    if (hit && hit.expires > now) return hit.actor;
    const actor = await this.load(token);
    if (actor) {
      if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(token, { actor, expires: now + this.ttlMs });
    } else {
      this.#entries.delete(token);
    }
    return actor;
  }
}
