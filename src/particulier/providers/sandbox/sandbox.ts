import fs from 'node:fs';
import path from 'node:path';
import type { Operation } from '../../catalogue/operations.ts';
import { ParticulierError, errorBody } from '../../errors.ts';
import type { CitizenDataProvider, FranceConnectIdentity, ProviderAnswer, ProviderCall } from '../provider.ts';
import { isProblem, listCorpus, parseCase, type CaseProblem, type SandboxCase } from './cases.ts';
import { identityFromIntrospection } from './france-connect.ts';
import { mockingKey } from './matching.ts';

interface Folder {
  byKey: Map<string, SandboxCase>;
  notFound: SandboxCase | null;
}

export interface LoadReport {
  cases: number;
  folders: number;
  problems: CaseProblem[];
}

export const FRANCE_CONNECT_FOLDER = 'france_connect';

/**
 * The offline sandbox (spec §5): cases in the official staging format, matched on the exact,
 * lower-cased full key set of the mocking params; the folder's `404` case when nothing matches.
 * Unlike staging, answers then go through the same scope mask as production (done by the caller).
 */
export class Sandbox implements CitizenDataProvider {
  readonly kind = 'sandbox' as const;
  #folders = new Map<string, Folder>();
  #fakeTokens = new Map<string, unknown>();

  constructor(private readonly operations: readonly Operation[]) {}

  /** Loads the corpora in order (a later one overrides the same params); malformed files are reported and skipped. */
  load(roots: readonly string[], onProgress?: (done: number, total: number) => void): LoadReport {
    const folders = new Map<string, Folder>();
    const fakeTokens = new Map<string, unknown>();
    const known = new Set([...this.operations.map((o) => o.id), FRANCE_CONNECT_FOLDER]);
    const problems: CaseProblem[] = [];
    const corpus = roots.flatMap((root) => listCorpus(root));
    const total = corpus.reduce((n, f) => n + f.files.length, 0);
    let done = 0;
    let cases = 0;
    for (const { folder, files } of corpus) {
      if (!known.has(folder)) {
        problems.push(...files.map((file) => ({ file, message: `unknown operation folder "${folder}"` })));
        done += files.length;
        continue;
      }
      const entry = folders.get(folder) ?? { byKey: new Map(), notFound: null };
      folders.set(folder, entry);
      for (const file of files) {
        done++;
        let text: string;
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch (error) {
          problems.push({ file, message: (error as Error).message });
          continue;
        }
        const parsed = parseCase(file, text);
        if (onProgress && (done % 50 === 0 || done === total)) onProgress(done, total);
        if (isProblem(parsed)) {
          problems.push(parsed);
          continue;
        }
        cases++;
        if (folder === FRANCE_CONNECT_FOLDER) {
          const token = (parsed.params as { token?: unknown }).token;
          if (typeof token === 'string') fakeTokens.set(token.toLowerCase(), parsed.body);
          else problems.push({ file, message: 'a FranceConnect fixture needs `params.token`' });
          continue;
        }
        if (/^404\.ya?ml$/i.test(path.basename(file))) entry.notFound = parsed;
        else entry.byKey.set(mockingKey(parsed.params), parsed);
      }
    }
    this.#folders = folders;
    this.#fakeTokens = fakeTokens;
    return { cases, folders: folders.size, problems };
  }

  get size(): number {
    let n = 0;
    for (const f of this.#folders.values()) n += f.byKey.size + (f.notFound ? 1 : 0);
    return n;
  }

  call({ op, key }: ProviderCall): ProviderAnswer {
    const folder = this.#folders.get(op.id);
    const found = folder?.byKey.get(key) ?? folder?.notFound;
    const cache = op.cacheTtlSeconds === null ? null : { hit: false, expiresIn: null };
    if (found) return { status: found.status, body: found.body, cache };
    return { status: 404, body: errorBody(op.notFound), cache };
  }

  async franceConnect(accessToken: string): Promise<FranceConnectIdentity> {
    const document = this.#fakeTokens.get(accessToken.toLowerCase());
    if (document === undefined) throw ParticulierError.generic('50002');
    return identityFromIntrospection(document);
  }
}
