import type { FastifyReply } from 'fastify';
import { ParticulierError } from '../errors.ts';
import type { CounterStore } from '../ratelimit/store.ts';
import { decide, type WindowSpec, type WindowState } from '../ratelimit/windows.ts';

/**
 * Counts the call in its windows, sets the `RateLimit-*` headers (from these windows and those
 * counted `earlier` in the call) and throws 429 `00429` (with `Retry-After`) when one is exhausted.
 */
export function enforceLimits(
  counters: CounterStore,
  windows: readonly WindowSpec[],
  nowMs: number,
  reply: FastifyReply,
  earlier: readonly WindowState[] = [],
): WindowState[] | Promise<WindowState[]> {
  const hit = counters.hit(windows, nowMs);
  // Counters in memory answer at once: no promise on the hot path.
  return Array.isArray(hit) ? decideCall(hit, nowMs, reply, earlier) : hit.then((counted) => decideCall(counted, nowMs, reply, earlier));
}

function decideCall(counted: WindowState[], nowMs: number, reply: FastifyReply, earlier: readonly WindowState[]): WindowState[] {
  const states = earlier.length ? [...earlier, ...counted] : counted;
  const decision = decide(states, nowMs);
  reply.headers(decision.headers);
  if (decision.retryAfter !== null) throw new ParticulierError(429, ParticulierError.generic('00429').body, { 'Retry-After': decision.headers['Retry-After']! });
  return states;
}
