import type { Operation } from '../catalogue/operations.ts';
import type { AccessLogWriter } from '../access-log/writer.ts';
import type { CitizenDataProvider } from '../providers/provider.ts';
import type { InFlightGuard } from '../concurrency/in-flight.ts';
import type { PingBoard } from '../health/pings.ts';
import type { IpBans } from '../ratelimit/ip-bans.ts';
import type { CounterStore } from '../ratelimit/store.ts';
import type { TokenCache } from '../tokens/store.ts';
import type { ParticulierSettings } from '../module/settings.ts';

/** Everything the surface's routes need, built once by the module. */
export interface ParticulierDeps {
  operations: Operation[];
  settings: ParticulierSettings;
  provider: CitizenDataProvider;
  tokens: TokenCache;
  secret: Uint8Array;
  counters: CounterStore;
  inFlight: InFlightGuard;
  bans: IpBans;
  pings: PingBoard;
  accessLog: AccessLogWriter;
  hashParams: (canonicalParams: string) => string;
  now: () => Date;
  openapiServerUrl: string;
}

/** What the access log needs to know about a call, filled as the call goes. */
export interface CallRecord {
  operation: string;
  tokenJti: string | null;
  recipient: string | null;
  paramsHash: string | null;
  startedAt: number;
  at: Date;
}
