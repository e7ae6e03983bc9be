/**
 * Rendered answers of the read routes (a file, a list page), kept as JSON text so that a hit costs
 * a map lookup. Used only with the embedded database, where this process is the only writer:
 * every write invalidates what it changed once it has committed, so nothing stale is served.
 *
 * Entries belong to a broker: every call names the broker it acts for, and only that broker's
 * entries are reachable. Another broker's file id is therefore a miss, like an unknown id, and goes
 * the same way to the database (whose query is scoped to the broker too): it neither answers
 * faster than an unknown id nor fills or refreshes the owner's entry.
 *
 * A read that began before a write must not put its older result back after the write: a reader
 * notes the write epoch before querying, and its result is kept only if no write happened in
 * between (a busy moment simply caches less). Writers put the file they just committed (write
 * through); entries carry the file's version, so an older answer never replaces a newer one.
 */
export class ReadCache {
  #entries = new Map<string, { scope: string; text: string; version: number }>();
  #scopes = new Map<string, Set<string>>();
  #bytes = 0;
  #epoch = 0;

  constructor(private readonly maxBytes: number) {}

  get epoch(): number {
    return this.#epoch;
  }

  /** The broker's cached text under `key`; a hit becomes the most recently used. */
  get(brokerId: string, key: string): string | undefined {
    const id = entryId(brokerId, key);
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry.text;
  }

  /** `epoch` is the reader's noted epoch, or null for a writer's own committed state. */
  set(brokerId: string, key: string, scope: string, epoch: number | null, text: string, version = 0): void {
    if ((epoch !== null && epoch !== this.#epoch) || text.length > this.maxBytes) return;
    const id = entryId(brokerId, key);
    if ((this.#entries.get(id)?.version ?? -1) > version) return;
    this.#remove(id);
    const scopeId = entryId(brokerId, scope);
    let ids = this.#scopes.get(scopeId);
    if (!ids) this.#scopes.set(scopeId, (ids = new Set()));
    ids.add(id);
    this.#entries.set(id, { scope: scopeId, text, version });
    this.#bytes += text.length;
    while (this.#bytes > this.maxBytes) this.#remove(this.#entries.keys().next().value!);
  }

  /** Called after a write of the broker's data commits: drops every entry of these scopes. */
  invalidate(brokerId: string, ...scopes: string[]): void {
    this.#epoch += 1;
    for (const scope of scopes) {
      for (const id of [...(this.#scopes.get(entryId(brokerId, scope)) ?? [])]) this.#remove(id);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#bytes -= entry.text.length;
    const ids = this.#scopes.get(entry.scope);
    ids?.delete(id);
    if (ids?.size === 0) this.#scopes.delete(entry.scope);
  }
}

// Broker ids are UUIDs: no broker id contains the separator, so two brokers' keys never meet.
const entryId = (brokerId: string, key: string) => `${brokerId}\n${key}`;

export const fileKey = (id: string) => `file:${id}`;
export const LIST_SCOPE = 'list';
