import fs from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';

/** One staging case (spec §5.2): the params it answers, and the status and body it answers with. */
export interface SandboxCase {
  file: string;
  params: Record<string, unknown>;
  status: number;
  body: unknown;
}

export interface CaseProblem {
  file: string;
  message: string;
}

/** Statuses the staging checks allow (spec §5.2). */
const STATUSES = new Set([200, 400, 403, 404, 409, 422, 429, 500, 502, 503, 504, 509]);

/** Parses one case file; a malformed one is a problem naming the file, never an exception. */
export function parseCase(file: string, text: string): SandboxCase | CaseProblem {
  let doc: unknown;
  try {
    doc = load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    return { file, message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { file, message: 'not a YAML map' };
  const { params = {}, status, payload } = doc as Record<string, unknown>;
  if (!params || typeof params !== 'object' || Array.isArray(params)) return { file, message: '`params` must be a map' };
  if (typeof status !== 'number' || !STATUSES.has(status)) return { file, message: `\`status\` must be one of ${[...STATUSES].join(', ')}` };
  let body: unknown;
  if (typeof payload === 'string') {
    try {
      body = JSON.parse(payload);
    } catch {
      return { file, message: '`payload` is not valid JSON' };
    }
  } else if (payload && typeof payload === 'object') {
    body = payload;
  } else {
    return { file, message: '`payload` is missing' };
  }
  return { file, params: params as Record<string, unknown>, status, body };
}

export const isProblem = (x: SandboxCase | CaseProblem): x is CaseProblem => 'message' in x;

export interface CaseFolder {
  folder: string;
  files: string[];
}

/** Case folders under a corpus root: one per operationId, plus `france_connect`. */
export function listCorpus(root: string): CaseFolder[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({
      folder: d.name,
      files: fs
        .readdirSync(path.join(root, d.name))
        .filter((f) => /\.ya?ml$/i.test(f))
        .sort()
        .map((f) => path.join(root, d.name, f)),
    }));
}
