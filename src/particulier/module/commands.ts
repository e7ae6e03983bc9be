import fs from 'node:fs';
import { pino } from 'pino';
import path from 'node:path';
import { loadMasterKey } from '../../platform/crypto/master-key.ts';
import { CommandError, type CliCommand, type CommandContext } from '../../platform/module.ts';
import { exportAccessLog, writeAccessLogCsv } from '../access-log/export.ts';
import { ALL_SCOPES } from '../catalogue/scopes.ts';
import { CATALOGUE } from '../catalogue/operations.ts';
import { asParticulierDb } from '../db.ts';
import { isCidr } from '../http/auth.ts';
import { isSiret } from '../params/siret.ts';
import { isProblem, listCorpus, parseCase } from '../providers/sandbox/cases.ts';
import { FRANCE_CONNECT_FOLDER } from '../providers/sandbox/sandbox.ts';
import { IpBans } from '../ratelimit/ip-bans.ts';
import { MemoryCounters } from '../ratelimit/store.ts';
import { tokenSecret } from '../tokens/jwt.ts';
import { createToken, revokeToken } from '../tokens/store.ts';
import { importedCorpus, RUNTIMES } from './runtime.ts';
import type { ParticulierSettings } from './settings.ts';

type Ctx = CommandContext<ParticulierSettings>;

const silentLogger = pino({ enabled: false });

const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

/** `2027-06-30`, an ISO date-time, `90d` or `18m` (months) from now. Default: 18 months, the official tokens' validity. */
export function parseExpiry(value: string | undefined, now: Date): Date {
  if (!value) return addMonths(now, 18);
  const relative = /^(\d{1,4})([dm])$/.exec(value);
  if (relative) {
    const n = Number(relative[1]);
    return relative[2] === 'd' ? new Date(now.getTime() + n * 86_400_000) : addMonths(now, n);
  }
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59Z`) : new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw new CommandError(`--expires: expected YYYY-MM-DD, an ISO date-time, Nd or Nm, got "${value}"`);
  if (date.getTime() <= now.getTime()) throw new CommandError('--expires: the date is in the past');
  return date;
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

function parseDay(name: string, value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(new Date(value).getTime())) {
    throw new CommandError(`--${name}: expected YYYY-MM-DD or an ISO date-time`);
  }
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
}

export const particulierCommands: CliCommand<ParticulierSettings>[] = [
  {
    name: 'particulier:token:create',
    summary: '--scope S… [--name N] [--recipient SIRET…] [--expires YYYY-MM-DD|90d|18m] [--ip CIDR…] [--quota N] [--habilitation ID]  mint an API token (printed once); tokens of one habilitation share its quota',
    options: {
      scope: { type: 'string', multiple: true },
      name: { type: 'string' },
      recipient: { type: 'string', multiple: true },
      expires: { type: 'string' },
      ip: { type: 'string', multiple: true },
      quota: { type: 'string' },
      habilitation: { type: 'string' },
    },
    async run({ config, db }: Ctx, values) {
      const scopes = list(values.scope).flatMap((s) => s.split(/[\s,]+/)).filter(Boolean);
      if (!scopes.length) throw new CommandError('--scope is required (repeat it, or give "all")');
      const resolved = scopes.includes('all') ? ALL_SCOPES : scopes;
      const unknown = resolved.filter((s) => !ALL_SCOPES.includes(s));
      if (unknown.length) throw new CommandError(`unknown scope(s): ${unknown.join(', ')}`);
      const recipients = list(values.recipient);
      const badSiret = recipients.find((r) => !isSiret(r));
      if (badSiret) throw new CommandError(`--recipient: "${badSiret}" is not a SIRET`);
      const ips = list(values.ip);
      const badIp = ips.find((r) => !isCidr(r));
      if (badIp) throw new CommandError(`--ip: "${badIp}" is not an address or CIDR range`);
      let quota: number | null = null;
      if (values.quota !== undefined) {
        if (!/^\d{1,9}$/.test(String(values.quota)) || Number(values.quota) < 1) throw new CommandError('--quota: expected a positive integer (calls per minute)');
        quota = Number(values.quota);
      }
      const habilitation = typeof values.habilitation === 'string' ? values.habilitation.trim() : null;
      if (habilitation !== null && !/^[\w.:-]{1,100}$/.test(habilitation)) throw new CommandError('--habilitation: expected an id (letters, digits, . _ : -)');
      const now = new Date();
      const expiresAt = parseExpiry(values.expires as string | undefined, now);
      const secret = tokenSecret(loadMasterKey(config.masterKey, config.dataDir));
      const name = typeof values.name === 'string' && values.name ? values.name : 'token';
      const { jti, token } = await createToken(
        asParticulierDb(db.kysely),
        secret,
        { name, scopes: resolved, recipients, allowedIps: ips, rateLimitPerMinute: quota, habilitation, expiresAt },
        now,
      );
      return { jti, token, scopes: resolved, recipients, ips, habilitation, expiresAt: expiresAt.toISOString() };
    },
  },
  {
    name: 'particulier:token:revoke',
    summary: '--jti UUID  revoke an API token (401 00105 from then on)',
    options: { jti: { type: 'string' } },
    async run({ db, server }: Ctx, values) {
      if (!values.jti) throw new CommandError('--jti is required');
      if (!(await revokeToken(asParticulierDb(db.kysely), String(values.jti)))) throw new CommandError(`no active token ${String(values.jti)}`);
      if (server) RUNTIMES.get(server)?.tokens.clear();
      return { revoked: String(values.jti) };
    },
  },
  {
    name: 'particulier:import',
    summary: '--dir DIR (or DIR)  import staging-format cases (one folder per operationId, plus france_connect/)',
    options: { dir: { type: 'string' } },
    positional: 'dir',
    async run({ config, server }: Ctx, values) {
      if (!values.dir) throw new CommandError('--dir is required');
      const source = path.resolve(String(values.dir));
      if (!fs.existsSync(source) || !fs.statSync(source).isDirectory()) throw new CommandError(`${source} is not a directory`);
      return importCases(source, importedCorpus(config.dataDir), (line) => process.stderr.write(line), () => {
        if (server) RUNTIMES.get(server)?.sandbox?.load([server.settings.sandboxDir, importedCorpus(config.dataDir)]);
      });
    },
  },
  {
    name: 'particulier:ip:unban',
    summary: '--ip ADDRESS  lift the ban of an address banned for ignoring 429s',
    options: { ip: { type: 'string' } },
    async run({ db, server, settings }: Ctx, values) {
      if (!values.ip || !isCidr(String(values.ip)) || String(values.ip).includes('/')) throw new CommandError('--ip is required (an address)');
      const ip = String(values.ip);
      const running = server ? RUNTIMES.get(server) : undefined;
      const bans = running?.bans ?? new IpBans(asParticulierDb(db.kysely), new MemoryCounters(), { banMs: settings.ipBanHours * 3_600_000, afterRefusals: 1, refreshMs: 0 }, silentLogger);
      if (!(await bans.lift(ip, Date.now()))) throw new CommandError(`no ban in force for ${ip}`);
      return { unbanned: ip };
    },
  },
  {
    name: 'particulier:access-log',
    summary: '--jti UUID --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]  export one token\'s calls as CSV ([from, to) in UTC); --out streams any range to a file',
    options: { jti: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
    async run({ db }: Ctx, values) {
      if (!values.jti || !/^[0-9a-f-]{36}$/i.test(String(values.jti))) throw new CommandError('--jti is required (the token id)');
      const from = parseDay('from', values.from);
      const to = parseDay('to', values.to);
      if (to <= from) throw new CommandError('--to must be after --from');
      if (values.out === undefined) return exportAccessLog(asParticulierDb(db.kysely), String(values.jti), from, to);
      const file = path.resolve(String(values.out));
      const rows = await writeAccessLogCsv(asParticulierDb(db.kysely), String(values.jti), from, to, file);
      return { file, rows };
    },
  },
];

export interface ImportReport {
  imported: number;
  skipped: { file: string; reason: string }[];
}

/**
 * Checks every case file of `source` and copies the good ones under `target` (same layout); a
 * malformed file or an unknown folder is reported by name and skipped. Progress goes to `write`.
 */
export function importCases(source: string, target: string, write: (line: string) => void, reload: () => void): ImportReport {
  const known = new Set([...CATALOGUE().map((o) => o.id), FRANCE_CONNECT_FOLDER]);
  const folders = listCorpus(source);
  const total = folders.reduce((n, f) => n + f.files.length, 0);
  const skipped: ImportReport['skipped'] = [];
  let imported = 0;
  let done = 0;
  const bar = () => {
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  };
  for (const { folder, files } of folders) {
    for (const file of files) {
      done++;
      if (!known.has(folder)) {
        skipped.push({ file, reason: `unknown operation folder "${folder}"` });
      } else {
        const text = fs.readFileSync(file, 'utf8');
        const parsed = parseCase(file, text);
        if (isProblem(parsed)) skipped.push({ file, reason: parsed.message });
        else {
          fs.mkdirSync(path.join(target, folder), { recursive: true });
          fs.writeFileSync(path.join(target, folder, path.basename(file)), text);
          imported++;
        }
      }
      if (done % 100 === 0 || done === total) bar();
    }
  }
  write('\n');
  for (const s of skipped) write(`skipped ${s.file}: ${s.reason}\n`);
  reload();
  return { imported, skipped };
}
