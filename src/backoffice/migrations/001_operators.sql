create schema if not exists backoffice;

-- Operators of the back-office, created by `foyer backoffice:operator:create`. Passwords are stored as
-- argon2id hashes only. Roles are ordered: OPERATOR < SUPPORT < ADMIN (each can do what the previous can).
create table backoffice.operators (
  id serial primary key,
  email text not null unique,
  role text not null check (role in ('OPERATOR', 'SUPPORT', 'ADMIN')),
  password_hash text not null,
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);

-- Server-side sessions: the cookie carries a random token, the table its SHA-256 only, so a read of
-- the table opens no session. Logout deletes the row; expired rows are removed at the next login.
create table backoffice.sessions (
  token_hash text primary key,
  operator_id integer not null references backoffice.operators (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_by_expiry on backoffice.sessions (expires_at);
create index sessions_by_operator on backoffice.sessions (operator_id);
