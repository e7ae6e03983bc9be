-- Back to one row per call (issue 7), replacing the batch rows of migration 002: an export reads
-- one token's calls for a date range through the index instead of parsing every batch. The write
-- cost that motivated the batches is kept low differently: a flush is one multi-row statement
-- (`insert … select … from string_to_table(calls)`), not a statement per call.
create table particulier.access_log_calls (
  id bigserial primary key,
  at timestamptz not null,
  request_id text not null,
  token_jti uuid,
  operation text not null,
  recipient text,
  status integer not null,
  duration_ms real not null,
  params_hash text
);

-- The calls held in batch rows move here, one row each, in their original order (via the view).
insert into particulier.access_log_calls (at, request_id, token_jti, operation, recipient, status, duration_ms, params_hash)
select at, request_id, token_jti, operation, recipient, status, duration_ms, params_hash
from particulier.access_log
order by id;

drop view particulier.access_log;
drop table particulier.access_log_batches;
alter table particulier.access_log_calls rename to access_log;
alter sequence particulier.access_log_calls_id_seq rename to access_log_id_seq;
alter index particulier.access_log_calls_pkey rename to access_log_pkey;
-- The export's path: one token, a time range, in order (id breaks ties between calls of one instant).
create index access_log_by_token on particulier.access_log (token_jti, at, id);
