/**
 * Rendered answers of the read routes (a file, a list page), kept as JSON text so that a hit costs
 * a map lookup. Used only with the embedded database, where this process is the only writer:
 * every write invalidates what it changed once it has committed, so nothing stale is served.
 *
 * A read that began before a write must not put its older result back after the write: a reader
 * notes the write epoch before querying, and its result is kept only if no write happened in
 * between (a busy moment simply caches less). Writers put the file they just committed (write
 * through); entries carry the file's version, so an older answer never replaces a newer one.
 */
export class ReadCache {
  #entries = new Map<string, { scope: string; text: string; owner: string; version: number }>();
  #scopes = new Map<string, Set<string>>();
  #bytes = 0;
  #epoch = 0;

  constructor(private readonly maxBytes: number) {}

  get epoch(): number {
    return this.#epoch;
  }

  /** The cached text and the broker it belongs to; a hit becomes the most recently used. */
  get(key: string): { text: string; owner: string } | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /** `epoch` is the reader's noted epoch, or null for a writer's own committed state. */
  set(key: string, scope: string, epoch: number | null, owner: string, text: string, version = 0): void {
    if ((epoch !== null && epoch !== this.#epoch) || text.length > this.maxBytes) return;
    if ((this.#entries.get(key)?.version ?? -1) > version) return;
    this.#remove(key);
    let keys = this.#scopes.get(scope);
    if (!keys) this.#scopes.set(scope, (keys = new Set()));
    keys.add(key);
    this.#entries.set(key, { scope, text, owner, version });
    this.#bytes += text.length;
    while (this.#bytes > this.maxBytes) this.#remove(this.#entries.keys().next().value!);
  }

  /** Called after a write commits: drops every entry of these scopes. */
  invalidate(...scopes: string[]): void {
    this.#epoch += 1;
    for (const scope of scopes) {
      for (const key of [...(this.#scopes.get(scope) ?? [])]) this.#remove(key);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.text.length;
    const keys = this.#scopes.get(entry.scope);
    keys?.delete(key);
    if (keys?.size === 0) this.#scopes.delete(entry.scope);
  }
}

export const fileScope = (id: string) => `file:${id}`;
export const listScope = (brokerId: string) => `list:${brokerId}`;
