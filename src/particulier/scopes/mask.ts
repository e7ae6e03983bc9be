import type { ScopeRule } from '../catalogue/scopes.ts';

type Json = unknown;

/**
 * Removes from `data` every key whose scope the caller lacks (spec §1.4, §2.3): keys are omitted,
 * never nulled; a nested rule (`admissions[].est_inscrit`, `statut_actuel.organisme_accueil`) acts
 * inside each item of an array or inside an object. Keys named by no rule are kept. Pure: returns
 * a new value, `data` is untouched.
 */
export function maskData(data: Json, rules: readonly ScopeRule[], scopes: ReadonlySet<string>): Json {
  const denied: string[][] = [];
  for (const rule of rules) {
    if (scopes.has(rule.scope)) continue;
    for (const path of rule.paths) denied.push(path.split('.'));
  }
  if (!denied.length) return data;
  return strip(data, denied);
}

function strip(value: Json, denied: string[][]): Json {
  if (Array.isArray(value)) return value.map((item) => strip(item, denied));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [key, child] of Object.entries(value as Record<string, Json>)) {
    const here = denied.filter((path) => stepName(path[0]!) === key);
    if (here.some((path) => path.length === 1)) continue;
    const deeper = here.map((path) => path.slice(1));
    out[key] = deeper.length ? strip(child, deeper) : child;
  }
  return out;
}

/** `admissions[]` names the key `admissions`; its rest applies to every item. */
const stepName = (step: string) => (step.endsWith('[]') ? step.slice(0, -2) : step);

/** A token may call an operation when it holds at least one of the operation's scopes. */
export function mayCall(endpointScopes: readonly string[], scopes: ReadonlySet<string>): boolean {
  return endpointScopes.length === 0 || endpointScopes.some((s) => scopes.has(s));
}
