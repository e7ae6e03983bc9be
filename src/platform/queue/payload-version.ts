/** How every job is stored: the payload and the version of the definition that enqueued it. */
export interface StoredPayload {
  v: number;
  p: object;
}

export type PayloadCheck<P> = { ok: true; payload: P } | { ok: false; reason: string };

interface Versioned<P> {
  name: string;
  version: number;
  migrate?: (payload: unknown, fromVersion: number) => P;
}

/**
 * Decides whether a stored job may reach its handler. A payload of another version would be read
 * with the wrong shape, so it is refused with a reason (the job goes to the dead-letter queue)
 * unless the definition knows how to migrate it from that older version.
 */
export function checkPayload<P>(job: Versioned<P>, stored: unknown): PayloadCheck<P> {
  const data = (stored ?? {}) as Partial<StoredPayload>;
  const version = data.v;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return { ok: false, reason: `job ${job.name}: the stored payload carries no version (this worker handles v${job.version})` };
  }
  if (version === job.version) return { ok: true, payload: data.p as P };
  if (version < job.version && job.migrate) {
    try {
      return { ok: true, payload: job.migrate(data.p, version) };
    } catch (error) {
      return { ok: false, reason: `job ${job.name}: migrating the payload from v${version} to v${job.version} failed: ${(error as Error).message}` };
    }
  }
  const why = version < job.version ? 'and the definition has no migrate hook' : 'a newer version than this worker knows';
  return { ok: false, reason: `job ${job.name}: payload version ${version} is not v${job.version}, the version this worker handles (${why})` };
}
