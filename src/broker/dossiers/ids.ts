import { randomInt } from 'node:crypto';
import type { IdGenerator } from './model.ts';

const block = () => String(randomInt(10_000, 100_000));

/** Entity ids, unique within one file. */
export function entityIdGenerator(taken: Iterable<string> = []): IdGenerator {
  const used = new Set(taken);
  return () => {
    let id: string;
    do id = `${block()}-${block()}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
}

/** File ids are looked up across all brokers: a wider space, and the database checks uniqueness. */
export function newDossierId(): string {
  return `${block()}${block()}-${block()}${block()}`;
}

/** A reference like the guide's "DP1233548783214" when the client sends none. */
export function newReference(): string {
  return `DP${Date.now()}${String(randomInt(0, 100)).padStart(2, '0')}`;
}
