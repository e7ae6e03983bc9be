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
 * Parameter types are asked once per SQL text and remembered. They could only change with the
 * schema, and every schema change goes through a statement without parameters (migrations,
 * pg-boss's own set-up), which forgets them all.
 */
export class PGliteStatements {
  #paramTypes = new Map<string, number[]>();

  constructor(private readonly pg: PGlite, private readonly maxRemembered = 500) {}

  async execute<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiled.parameters as unknown[];
    let results: StatementResult[];
    if (params.length === 0) {
      // The simple protocol accepts several statements (migrations); the last one answers.
      this.#paramTypes.clear();
      results = await this.#run(protocol.serialize.query(compiled.sql));
    } else {
      const types = await this.#typesOf(compiled.sql);
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serializer = this.pg.serializers[types[i]!];
        return serializer ? serializer(value) : String(value);
      });
      results = await this.#run(concat([
        protocol.serialize.parse({ text: compiled.sql }),
        protocol.serialize.bind({ values }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]));
    }
    const result = results.at(-1) ?? { rows: [], affectedRows: 0 };
    return { rows: result.rows as R[], numAffectedRows: BigInt(result.affectedRows) };
  }

  async #typesOf(sql: string): Promise<number[]> {
    const known = this.#paramTypes.get(sql);
    if (known) return known;
    const messages = await this.#messages(concat([
      protocol.serialize.parse({ text: sql }),
      protocol.serialize.describe({ type: 'S' }),
      protocol.serialize.sync(),
    ]));
    const types = parse.parseDescribeStatementResults(messages);
    if (this.#paramTypes.size >= this.maxRemembered) this.#paramTypes.delete(this.#paramTypes.keys().next().value!);
    this.#paramTypes.set(sql, types);
    return types;
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
