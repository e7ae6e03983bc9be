-- The file as GET /dossiers/{iddossier} answers it (guide §9), written with every change of the file,
-- so that a read sends this text as it is: no jsonb to parse, no object to render and serialise again.
-- Null for files written before this column existed: they are rendered from `content` when read,
-- until their next change.
alter table broker.dossiers add column rendered text;
