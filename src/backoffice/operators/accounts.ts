import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { BackofficeDb } from '../db.ts';

export const ROLES = ['OPERATOR', 'SUPPORT', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Roles are ordered: each can do what the ones before it can. */
export const hasRole = (role: Role, needed: Role) => ROLES.indexOf(role) >= ROLES.indexOf(needed);

export interface Operator {
  id: number;
  email: string;
  role: Role;
}

export class OperatorInputError extends Error {
  override name = 'OperatorInputError';
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{1,60}$/;
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** 18 random bytes, base64url: 24 characters, ~144 bits. */
export const generatePassword = () => randomBytes(18).toString('base64url');

export async function createOperator(db: BackofficeDb, input: { email: string; role: string; password?: string }): Promise<{ operator: Operator; password: string; generated: boolean }> {
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email)) throw new OperatorInputError('--email: not an email address');
  if (!(ROLES as readonly string[]).includes(input.role)) throw new OperatorInputError(`--role: one of ${ROLES.join(', ')}`);
  if (input.password !== undefined && input.password.length < 12) throw new OperatorInputError('password: at least 12 characters');
  const password = input.password ?? generatePassword();
  const existing = await db.selectFrom('backoffice.operators').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw new OperatorInputError(`an operator with email ${email} exists already`);
  const row = await db
    .insertInto('backoffice.operators')
    .values({ email, role: input.role, password_hash: await hash(password) })
    .returning(['id', 'email', 'role'])
    .executeTakeFirstOrThrow();
  return { operator: { id: row.id, email: row.email, role: row.role as Role }, password, generated: input.password === undefined };
}

/** Disables (or re-enables) an operator; disabling closes its sessions at once. */
export async function setOperatorDisabled(db: BackofficeDb, email: string, disabled: boolean): Promise<Operator> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('backoffice.operators').set({ disabled }).where('email', '=', normalizeEmail(email)).returning(['id', 'email', 'role']).executeTakeFirst();
    if (!row) throw new OperatorInputError(`--email: no operator with email ${normalizeEmail(email)}`);
    if (disabled) await trx.deleteFrom('backoffice.sessions').where('operator_id', '=', row.id).execute();
    return { id: row.id, email: row.email, role: row.role as Role };
  });
}

let decoy: Promise<string> | undefined;

/**
 * The operator whose email and password these are, or null. An unknown email costs the same argon2
 * verification as a wrong password, so timing tells nothing about which accounts exist.
 */
export async function verifyOperator(db: BackofficeDb, email: string, password: string): Promise<Operator | null> {
  const row = await db.selectFrom('backoffice.operators').select(['id', 'email', 'role', 'password_hash', 'disabled']).where('email', '=', normalizeEmail(email)).executeTakeFirst();
  if (!row || row.disabled) {
    decoy ??= hash(randomBytes(16).toString('hex'));
    await verify(await decoy, password).catch(() => false);
    return null;
  }
  const ok = await verify(row.password_hash, password).catch(() => false);
  return ok ? { id: row.id, email: row.email, role: row.role as Role } : null;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
