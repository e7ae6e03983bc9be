import path from 'node:path';
import type { ModuleContext } from '../../platform/module.ts';
import { AccessLogWriter, paramsHasher } from '../access-log/writer.ts';
import { CATALOGUE } from '../catalogue/operations.ts';
import { asParticulierDb } from '../db.ts';
import type { ParticulierDeps } from '../http/context.ts';
import type { CitizenDataProvider } from '../providers/provider.ts';
import { Sandbox } from '../providers/sandbox/sandbox.ts';
import { Upstream } from '../providers/upstream/upstream.ts';
import { remoteSigningKeys } from '../providers/upstream/france-connect-jwe.ts';
import { DatabaseInFlight, MemoryInFlight } from '../concurrency/in-flight.ts';
import { IpBans } from '../ratelimit/ip-bans.ts';
import { PingBoard, pingName } from '../health/pings.ts';
import { DatabaseCounters, MemoryCounters } from '../ratelimit/store.ts';
import { tokenSecret } from '../tokens/jwt.ts';
import { TokenCache } from '../tokens/store.ts';
import type { ParticulierSettings } from './settings.ts';

/**
 * Where `particulier:import` puts accepted cases, loaded after the configured corpus. Not under
 * `particulier/`: with the default data directory (`./data`) that is the shipped corpus itself.
 */
export const importedCorpus = (dataDir: string) => path.join(dataDir, 'particulier-imported-cases');

/** The running surface's state, reachable by admin commands run inside the server (to drop caches at once). */
export const RUNTIMES = new WeakMap<ModuleContext<ParticulierSettings>, ParticulierDeps & { sandbox: Sandbox | null }>();

export function buildDeps(context: ModuleContext<ParticulierSettings>, provider?: CitizenDataProvider): ParticulierDeps & { sandbox: Sandbox | null } {
  const { settings, db, masterKey, config, logger, now } = context;
  const particulierDb = asParticulierDb(db.kysely);
  const operations = CATALOGUE();
  let sandbox: Sandbox | null = null;
  if (!provider && settings.provider === 'upstream') {
    provider = new Upstream(
      {
        baseUrl: settings.upstreamUrl!,
        token: settings.upstreamToken,
        timeoutMs: settings.upstreamTimeoutMs,
        franceConnect: settings.franceConnectUrl
          ? {
              url: settings.franceConnectUrl,
              clientId: settings.franceConnectClientId,
              clientSecret: settings.franceConnectClientSecret,
              keys:
                settings.franceConnectDecryptionKey && settings.franceConnectJwksUrl
                  ? {
                      decryptionKey: settings.franceConnectDecryptionKey,
                      signingKeys: remoteSigningKeys(settings.franceConnectJwksUrl, settings.upstreamTimeoutMs),
                      audience: settings.franceConnectClientId,
                    }
                  : null,
            }
          : null,
        now,
      },
      operations,
    );
  }
  if (!provider) {
    sandbox = new Sandbox(operations);
    const report = sandbox.load([settings.sandboxDir, importedCorpus(config.dataDir)]);
    for (const problem of report.problems) logger.warn({ file: problem.file }, `sandbox case skipped: ${problem.message}`);
    provider = sandbox;
  }
  const embedded = db.kind === 'embedded';
  const hashParams = paramsHasher(masterKey);
  // The embedded database has one server process; PostgreSQL may have several: shared counters.
  const counters = embedded ? new MemoryCounters() : new DatabaseCounters(particulierDb);
  const deps = {
    operations,
    settings,
    provider,
    sandbox,
    tokens: new TokenCache(particulierDb, settings.tokenCacheMs),
    secret: tokenSecret(masterKey),
    counters,
    // A claim outlives a dead process until the provider's timeout (and a margin) has passed.
    inFlight: embedded ? new MemoryInFlight() : new DatabaseInFlight(particulierDb, hashParams, settings.upstreamTimeoutMs + 5_000),
    bans: new IpBans(particulierDb, counters, { banMs: settings.ipBanHours * 3_600_000, afterRefusals: settings.ipBanAfterRefusals, refreshMs: 5_000 }, logger),
    pings: new PingBoard([...new Set(operations.map(pingName))], provider.kind === 'sandbox'),
    accessLog: new AccessLogWriter(particulierDb, logger),
    hashParams,
    now,
    openapiServerUrl: `${config.publicUrl}${settings.prefix}`,
  };
  RUNTIMES.set(context, deps);
  return deps;
}
