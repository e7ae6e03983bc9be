import { API_SCOPES, type ApiScopes } from './scopes.ts';
import { officialV3, type JsonSchema, type OfficialParameter } from './official.ts';

export type Modality = 'identite' | 'france_connect' | 'identifiant' | 'ine';

/** A data provider behind the API: its name in error `meta.provider` and its two-digit error prefix. */
export interface DataProvider {
  name: string;
  code: string;
}

/** Providers by the path's provider segment (spec §3.1 prefixes). */
const PROVIDERS: Record<string, DataProvider> = {
  dss: { name: 'CNAV', code: '37' },
  cnous: { name: 'CNOUS', code: '26' },
  mesri: { name: 'MESRI', code: '25' },
  men: { name: 'MEN', code: '30' },
  france_travail: { name: 'France Travail', code: '24' },
  gip_mds: { name: 'GIP-MDS', code: '31' },
  dsnj: { name: 'DSNJ', code: '39' },
  sdh: { name: 'SDH', code: '41' },
  ants: { name: 'ANTS', code: '42' },
};

/** DSS answers are cached upstream: 24 h for the quotient familial, 1 h for the others (spec §1.6). */
function cacheTtl(api: string): number | null {
  if (!api.startsWith('v3/dss/')) return null;
  return api === 'v3/dss/quotient_familial' ? 86_400 : 3_600;
}

export interface ErrorExample {
  code: string;
  title: string;
  detail: string;
  source: { parameter: string } | null;
  meta: Record<string, unknown>;
}

/** One operation of the contract: everything the routes, the validation, the providers and the documentation need. */
export interface Operation {
  /** The official `x-operationId`, also the sandbox folder name. */
  id: string;
  path: string;
  version: number;
  /** `v3/dss/quotient_familial`: the path without its modality. */
  api: string;
  modality: Modality;
  summary: string;
  description: string;
  tags: string[];
  /** Query parameters other than `recipient`, as the official document declares them. */
  parameters: OfficialParameter[];
  provider: DataProvider;
  scopes: ApiScopes;
  /** A token needs one of these to call the operation (403 `00100` otherwise). */
  endpointScopes: string[];
  cacheTtlSeconds: number | null;
  /** The documented 404 of this operation (the sandbox folder's fallback when it ships none). */
  notFound: ErrorExample;
  /** Schema of the 200 body (OpenAPI 3.0 flavour, `nullable`). */
  responseSchema: JsonSchema;
  /** Status → documented error examples, for the surface's OpenAPI document. */
  errorResponses: Record<string, { description: string; examples: ErrorExample[] }>;
}

const PATH = /^\/v(\d+)\/([a-z_]+)\/([a-z_]+)\/(identite|france_connect|identifiant|ine)$/;

export function buildCatalogue(): Operation[] {
  const doc = officialV3();
  return Object.entries(doc.paths).map(([path, item]) => {
    const match = PATH.exec(path);
    if (!match) throw new Error(`unexpected path in the official document: ${path}`);
    const [, version, provider, resource, modality] = match as unknown as [string, string, string, string, Modality];
    const api = `v${version}/${provider}/${resource}`;
    const scopes = API_SCOPES[api];
    if (!scopes) throw new Error(`no scope rules for ${api}`);
    const op = item.get;
    const ok = op.responses['200']!;
    const errorResponses: Operation['errorResponses'] = {};
    for (const [status, response] of Object.entries(op.responses)) {
      if (status === '200') continue;
      const examples = Object.values(response.content?.['application/json']?.examples ?? {}).map(
        (e) => (e.value as { errors: ErrorExample[] }).errors[0]!,
      );
      errorResponses[status] = { description: response.description, examples };
    }
    const notFound = errorResponses['404']?.examples[0] ?? {
      // The v4 CNOUS operations document no 404; they answer like v3.
      code: `${PROVIDERS[provider]!.code}003`,
      title: 'Entité non trouvée',
      detail: "Aucun étudiant boursier n'a pu être trouvé avec les critères de recherche fournis.",
      source: null,
      meta: { provider: PROVIDERS[provider]!.name },
    };
    return {
      id: ok['x-operationId']!,
      path,
      version: Number(version),
      api,
      modality,
      summary: op.summary,
      description: op.description ?? '',
      tags: op.tags ?? [],
      parameters: op.parameters.filter((p) => p.in === 'query' && p.name !== 'recipient'),
      provider: PROVIDERS[provider]!,
      scopes,
      endpointScopes: [...new Set([...scopes.rules.map((r) => r.scope), ...(scopes.accessOnly ?? [])])],
      cacheTtlSeconds: cacheTtl(api),
      notFound: { ...notFound, source: notFound.source ?? null, meta: notFound.meta ?? {} },
      responseSchema: ok.content!['application/json'].schema,
      errorResponses,
    };
  });
}

let catalogue: Operation[] | undefined;

/** The 35 operations, built once from the official document and the scope tables. */
export function CATALOGUE(): Operation[] {
  catalogue ??= buildCatalogue();
  return catalogue;
}
