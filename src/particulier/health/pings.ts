import type { Operation } from '../catalogue/operations.ts';

export type PingStatus = 'ok' | 'bad_gateway' | 'unknown';

export interface PingBody {
  status: PingStatus;
  last_update: string | null;
  last_ok_status: string | null;
}

/** The ping name of an operation: its path without the version, `_`-joined (`/v3/mesri/statut_etudiant/ine` → `mesri_statut_etudiant_ine`, spec §1.7's example). */
export function pingName(op: Operation): string {
  let name = names.get(op);
  if (name === undefined) names.set(op, (name = op.path.replace(/^\/v\d+\//, '').replace(/\//g, '_')));
  return name;
}

const names = new WeakMap<Operation, string>();

/**
 * The providers' state as the calls see it (spec §1.7: `ok`, `bad_gateway` or `unknown` with the
 * time of the last update and of the last good answer). Nothing is probed: each call through an
 * operation records whether its provider answered (any contract answer, a 404 included) or failed
 * (502/503/504). A ping nobody called yet is `unknown`. The sandbox is always `ok`.
 */
export class PingBoard {
  #state = new Map<string, { status: PingStatus; lastUpdate: number; lastOk: number | null }>();

  constructor(
    readonly names: readonly string[],
    private readonly alwaysUp: boolean,
  ) {}

  record(name: string, providerAnswered: boolean, nowMs: number): void {
    if (this.alwaysUp) return;
    const previous = this.#state.get(name);
    this.#state.set(name, {
      status: providerAnswered ? 'ok' : 'bad_gateway',
      lastUpdate: nowMs,
      lastOk: providerAnswered ? nowMs : (previous?.lastOk ?? null),
    });
  }

  /** The ping's body, or null for a name that is not a ping. */
  body(name: string, nowMs: number): PingBody | null {
    if (!this.names.includes(name)) return null;
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    if (this.alwaysUp) return { status: 'ok', last_update: iso(nowMs), last_ok_status: iso(nowMs) };
    const state = this.#state.get(name);
    if (!state) return { status: 'unknown', last_update: null, last_ok_status: null };
    return { status: state.status, last_update: iso(state.lastUpdate), last_ok_status: iso(state.lastOk) };
  }
}
