import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/**
 * Where a webhook may go. Private, loopback, link-local, shared (CGNAT), multicast and reserved
 * ranges are refused unless configured otherwise: a partner's callback URL must not reach into our
 * own network. IPv4-mapped and -embedded IPv6 forms are checked as the IPv4 address they carry.
 */
const BLOCKED = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
] as const) {
  BLOCKED.addSubnet(prefix, bits, 'ipv6');
}

/** The IPv4 address an IPv6 one carries (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
function embeddedIpv4(address: string): string | null {
  const words = expandIpv6(address);
  if (!words) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zeros(0, 5) && words[5] === 0xffff) return v4(words[6]!, words[7]!);
  if (zeros(0, 6) && (words[6]! !== 0 || words[7]! > 1)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!);
  return null;
}

function expandIpv6(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    text = `${text.slice(0, -dotted[1]!.length)}${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (s: string) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const words = [...left, ...new Array<number>(Math.max(fill, 0)).fill(0), ...right];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}

/** True if the address is one webhooks must not reach (without FOYER_RENTAL_WEBHOOK_ALLOW_PRIVATE). */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedIpv4(address);
  if (v4) return BLOCKED.check(v4, 'ipv4');
  return BLOCKED.check(address, 'ipv6');
}

export class TargetRefused extends Error {
  override name = 'TargetRefused';
}

/**
 * Resolves the callback host once and checks every address; the request then connects to the
 * address checked (no second resolution, so no DNS-rebinding window).
 */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<{ address: string; family: 4 | 6 }> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetRefused(`scheme ${url.protocol} is not http or https`);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await dns.lookup(host, { all: true, verbatim: true });
    } catch (error) {
      throw new TargetRefused(`cannot resolve the host (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (addresses.length === 0) throw new TargetRefused('the host has no address');
  if (!allowPrivate) {
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked) throw new TargetRefused(`the host resolves to a private, loopback or link-local address (${blocked.address})`);
  }
  const chosen = addresses[0]!;
  return { address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}

export interface PostOptions {
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  allowPrivate: boolean;
  agents?: { http: http.Agent; https: https.Agent };
}

export interface PostResult {
  /** Any 2xx. */
  ok: boolean;
  status: number | null;
  /** Why it failed, without the response body (never logged nor stored). */
  error: string | null;
  /** The target was refused before any connection (SSRF guard, bad URL). */
  refused: boolean;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/** POSTs `body`; never follows a redirect; TLS is verified (Node's default, never turned off). */
export async function postJson(target: string, headers: Record<string, string>, body: Buffer, options: PostOptions): Promise<PostResult> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { ok: false, status: null, error: 'the callback URL is not a URL', refused: true };
  }
  let pinned: { address: string; family: 4 | 6 };
  try {
    pinned = await resolveTarget(url, options.allowPrivate);
  } catch (error) {
    if (error instanceof TargetRefused) return { ok: false, status: null, error: `refused: ${error.message}`, refused: true };
    throw error;
  }
  const secure = url.protocol === 'https:';
  const lookup = (_host: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (opts.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      resolve(result);
    };
    const request = (secure ? https : http).request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length), 'user-agent': 'Foyer-Webhooks/1', ...headers },
      lookup: lookup as unknown as net.LookupFunction,
      agent: options.agents ? (secure ? options.agents.https : options.agents.http) : undefined,
      ...(secure ? { rejectUnauthorized: true, servername: net.isIP(url.hostname) ? undefined : url.hostname } : {}),
    });
    const fail = (error: string) => {
      request.destroy();
      finish({ ok: false, status: null, error, refused: false });
    };
    const startResponseTimer = () => timers.push(setTimeout(() => fail(`no complete response within ${options.responseTimeoutMs} ms`), options.responseTimeoutMs));
    request.on('socket', (socket) => {
      // A kept-alive socket is already connected: only the response timer applies.
      if (!(socket as net.Socket).connecting) return startResponseTimer();
      const connectTimer = setTimeout(() => fail(`no connection within ${options.connectTimeoutMs} ms`), options.connectTimeoutMs);
      timers.push(connectTimer);
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        clearTimeout(connectTimer);
        startResponseTimer();
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, status: null, error: `${error.code ?? 'error'}: ${error.message}`.slice(0, 300), refused: false }));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) response.destroy();
      });
      const done = () => {
        const ok = status >= 200 && status < 300;
        const why = ok ? null : status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
        finish({ ok, status, error: why, refused: false });
      };
      response.on('end', done);
      response.on('close', done);
      response.on('error', () => done());
    });
    request.end(body);
  });
}
