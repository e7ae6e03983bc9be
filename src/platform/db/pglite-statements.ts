import { parse, protocol, types, type PGlite } from '@electric-sql/pglite';
import type { CompiledQuery, QueryResult } from 'kysely';

type BackendMessage = Parameters<Parameters<InstanceType<typeof protocol.Parser>['parse']>[1]>[0];

/**
 * One statement, one call into PGlite. `PGlite.query()` makes six calls into the WebAssembly
 * module per statement (parse, describe the statement to learn its parameter types, bind, describe
 * the portal, execute, sync), each with its own JavaScript wrapping; a statement costs ~0.4 ms
 * that way, most of it outside Postgres. This sends the same wire-protocol messages in one
 * buffer through `execProtocolRaw` and reads the answer with PGlite's own message and type parsers,
 * so the rows, the parameter serialisation (PGlite's serialisers, by the types Postgres infers)
 * and the errors (PGlite's `DatabaseError`, with its SQLSTATE `code`) are what `query()` gives.
 * (PGlite's `parseResults` copies its whole table of type parsers for every statement, ~0.1 ms:
 * rows are built here with the same per-value `parseType`.)
 *
 * A statement with parameters is prepared once per SQL text under a name of its own, with its
 * parameter types asked at that time; later runs only bind and execute it, so Postgres neither
 * parses nor plans it again (the planner asks every relation's size, which on the on-disk database
 * is a file-system call per table and index: a named statement costs a third of an unnamed one).
 * Prepared statements are not transactional and Postgres replans them itself when a table they
 * read changes; still, a statement without parameters other than transaction control (a migration,
 * pg-boss's own set-up, `analyze`) may change what a statement answers (`select *` of an altered
 * table), so it retires them all. Retired and evicted names are closed in the next call.
 */
export class PGliteStatements {
  #prepared = new Map<string, Promise<Prepared>>();
  /** Names prepared in Postgres that no SQL text maps to any more: closed in the next call. */
  #retired: string[] = [];
  #serial = 0;

  constructor(private readonly pg: PGlite, private readonly maxRemembered = 500) {}

  async execute<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiled.parameters as unknown[];
    let results: StatementResult[];
    if (params.length === 0) {
      // The simple protocol accepts several statements (migrations); the last one answers.
      try {
        results = await this.#run(protocol.serialize.query(compiled.sql));
      } finally {
        if (!TRANSACTION_CONTROL.test(compiled.sql)) this.#retireAll();
      }
    } else {
      const named = !ARBITER_PREDICATE.test(compiled.sql);
      const prepared = await this.#prepare(compiled.sql, named);
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serializer = this.pg.serializers[prepared.types[i]!];
        return serializer ? serializer(value) : String(value);
      });
      results = await this.#run(concat([
        ...this.#closing(),
        ...(named ? [] : [protocol.serialize.parse({ text: compiled.sql })]),
        protocol.serialize.bind({ statement: named ? prepared.name : '', values }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]));
    }
    const result = results.at(-1) ?? { rows: [], affectedRows: 0 };
    return { rows: result.rows as R[], numAffectedRows: BigInt(result.affectedRows) };
  }

  /**
   * The statement prepared under its name, its parameter types known (one call the first time).
   * Unnamed (`named` false): only its parameter types are remembered, it is parsed at each run.
   */
  #prepare(sql: string, named: boolean): Promise<Prepared> {
    const known = this.#prepared.get(sql);
    if (known) {
      // Most recently used last: the first entry is the one evicted.
      this.#prepared.delete(sql);
      this.#prepared.set(sql, known);
      return known;
    }
    const name = named ? `foyer_${++this.#serial}` : '';
    const preparing = this.#messages(concat([
      ...this.#closing(),
      protocol.serialize.parse({ name, text: sql }),
      protocol.serialize.describe({ type: 'S', name }),
      protocol.serialize.sync(),
    ])).then((messages) => ({ name, types: parse.parseDescribeStatementResults(messages) }));
    // A text that does not prepare (a syntax error, a missing table) is not remembered.
    preparing.catch(() => {
      if (this.#prepared.get(sql) === preparing) this.#prepared.delete(sql);
    });
    this.#prepared.set(sql, preparing);
    if (this.#prepared.size > this.maxRemembered) this.#retire(this.#prepared.keys().next().value!);
    return preparing;
  }

  #retire(sql: string): void {
    const entry = this.#prepared.get(sql);
    this.#prepared.delete(sql);
    // Closed once prepared; a name whose preparation failed does not exist.
    entry?.then((p) => p.name && this.#retired.push(p.name), () => undefined);
  }

  #retireAll(): void {
    for (const sql of [...this.#prepared.keys()]) this.#retire(sql);
  }

  /** Close messages for the retired names (closing a name that does not exist is not an error). */
  #closing(): Uint8Array[] {
    const names = this.#retired;
    this.#retired = [];
    return names.map((name) => protocol.serialize.close({ type: 'S', name }));
  }

  async #run(message: Uint8Array): Promise<StatementResult[]> {
    const results: StatementResult[] = [];
    let fields: { name: string; type: number }[] = [];
    let rows: Record<string, unknown>[] = [];
    for (const m of await this.#messages(message)) {
      if (m instanceof protocol.messages.RowDescriptionMessage) {
        fields = m.fields.map((f) => ({ name: f.name, type: f.dataTypeID }));
      } else if (m instanceof protocol.messages.DataRowMessage) {
        const row: Record<string, unknown> = {};
        m.fields.forEach((value, i) => (row[fields[i]!.name] = types.parseType(value, fields[i]!.type, this.pg.parsers)));
        rows.push(row);
      } else if (m instanceof protocol.messages.CommandCompleteMessage) {
        results.push({ rows, affectedRows: affectedRows(m.text) });
        rows = [];
        fields = [];
      }
    }
    return results;
  }

  async #messages(message: Uint8Array): Promise<BackendMessage[]> {
    const raw = await this.pg.execProtocolRaw(message);
    const messages: BackendMessage[] = [];
    new protocol.Parser().parse(raw, (m) => messages.push(m));
    const error = messages.find((m) => m instanceof protocol.messages.DatabaseError);
    if (error) throw error;
    return messages;
  }
}

interface Prepared {
  name: string;
  types: number[];
}

/**
 * `on conflict (…) where …`: Postgres infers the partial unique index from the predicate, which it
 * cannot do with parameters in a generic plan (the plan a named statement switches to after five
 * runs): "there is no unique or exclusion constraint matching the ON CONFLICT specification". Such
 * statements are parsed and planned with their values at each run, as unnamed statements are.
 */
const ARBITER_PREDICATE = /\bon\s+conflict\s*\([^)]*\)\s*where\b/i;

/** Statements that cannot change a table's shape: they leave the prepared statements in place. */
const TRANSACTION_CONTROL = /^\s*(begin|start\s+transaction|commit|end|rollback|abort|savepoint|release)\b[^;]*;?\s*$/i;

interface StatementResult {
  rows: Record<string, unknown>[];
  affectedRows: number;
}

/** Rows written, from the command tag ("INSERT 0 3", "UPDATE 2"…), as PGlite counts them. */
function affectedRows(tag: string): number {
  const [command, a, b] = tag.split(' ');
  if (command === 'INSERT') return Number(b);
  return ['UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(command!) ? Number(a) : 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
