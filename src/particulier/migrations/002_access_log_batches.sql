-- Calls are written in batches: one row per flush of a server process, holding its calls as
-- tab-separated lines. On the embedded database (PostgreSQL compiled to WebAssembly, running on the
-- server's own thread) a row per call cost ~25 µs of the event loop for each call served; a batch
-- row costs a few µs per call. `particulier.access_log` stays the one-row-per-call view.
create table particulier.access_log_batches (
  id bigserial primary key,
  first_at timestamptz not null,
  last_at timestamptz not null,
  -- One line per call, oldest first: at (ISO 8601), request_id, token_jti, operation, recipient,
  -- status, duration_ms, params_hash; an empty field is null. No field can hold a tab or a line break.
  calls text not null
);
create index access_log_batches_by_time on particulier.access_log_batches (last_at, first_at);
-- Already compact text: compressing it would cost the write path and save little.
alter table particulier.access_log_batches alter column calls set storage external;

-- Rows written before this migration move into batches of at most 10 000 calls.
insert into particulier.access_log_batches (first_at, last_at, calls)
select min(at), max(at), string_agg(concat_ws(E'\t',
         to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), request_id, coalesce(token_jti::text, ''), operation,
         coalesce(recipient, ''), status::text, duration_ms::text, coalesce(params_hash, '')), E'\n' order by id)
from particulier.access_log
group by id / 10000
order by min(id);
drop table particulier.access_log;

create view particulier.access_log as
select b.id * 100000 + c.n as id,
       split_part(c.line, E'\t', 1)::timestamptz as at,
       split_part(c.line, E'\t', 2) as request_id,
       nullif(split_part(c.line, E'\t', 3), '')::uuid as token_jti,
       split_part(c.line, E'\t', 4) as operation,
       nullif(split_part(c.line, E'\t', 5), '') as recipient,
       split_part(c.line, E'\t', 6)::integer as status,
       split_part(c.line, E'\t', 7)::real as duration_ms,
       nullif(split_part(c.line, E'\t', 8), '') as params_hash
from particulier.access_log_batches b
cross join lateral string_to_table(b.calls, E'\n') with ordinality as c(line, n);
