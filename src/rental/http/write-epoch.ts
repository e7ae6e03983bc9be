import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

const READS = new Set(['SelectQueryNode']);

/**
 * Calls `onWrite` before and after every statement that is not a plain SELECT (raw SQL counts as a
 * write): what the rental module's read cache needs to never serve a file older than a write.
 */
export function writeEpochPlugin(onWrite: () => void): KyselyPlugin {
  const writes = new WeakSet<object>();
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (!READS.has(args.node.kind)) {
        writes.add(args.queryId);
        onWrite();
      }
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      if (writes.has(args.queryId)) onWrite();
      return args.result;
    },
  };
}
