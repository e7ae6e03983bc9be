import Fastify from 'fastify';

/**
 * The benches' baseline: a bare Fastify server of its own (no logger, no hooks, no plugins) with
 * one route at the path of `pathAndQuery` (the query string, if any, is left to Fastify's own
 * parser, as for the sandbox), answering `body`. The benches send it exactly the sandbox's
 * request, the same path, query and `Authorization` header, so the baseline pays the same HTTP
 * parsing and bytes on the wire and the gap left is the surface's own work.
 */
export async function startBareRoute(pathAndQuery: string, body: unknown): Promise<{ url: string; close: () => Promise<void> }> {
  const bare = Fastify({ logger: false });
  bare.get(pathAndQuery.split('?')[0]!, async function bareRoute() {
    return body;
  });
  const url = await bare.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => bare.close() };
}
