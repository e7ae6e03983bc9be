export type Env = Record<string, string | undefined>;

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Every bad variable of one boot, reported together so an operator fixes them in one go. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.variable}: ${p.message}`).join('; '));
    this.name = 'ConfigError';
    this.variable = problems[0]?.variable ?? '';
  }
}

/**
 * Typed readers over the environment. A bad value is recorded and the fallback returned, so that
 * loading goes on and `finish()` can report every bad variable at once.
 */
export class EnvReader {
  readonly #problems: ConfigProblem[] = [];

  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === '' ? undefined : value;
  }

  problem(variable: string, message: string): void {
    this.#problems.push({ variable, message });
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) return this.fail(name, `expected an integer, got "${raw}"`, fallback);
    const value = Number(raw);
    if (value < min || value > max) return this.fail(name, `must be between ${min} and ${max}, got ${value}`, fallback);
    return value;
  }

  flag(name: string, fallback: boolean): boolean {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes'].includes(raw)) return true;
    if (['0', 'false', 'no'].includes(raw)) return false;
    return this.fail(name, `expected true or false, got "${raw}"`, fallback);
  }

  oneOf<T extends string>(name: string, fallback: T, values: readonly T[]): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (!(values as readonly string[]).includes(raw)) return this.fail(name, `must be one of ${values.join(', ')}`, fallback);
    return raw as T;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const raw = this.raw(name) ?? fallback;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      return this.fail(name, 'is not a valid URL', fallback);
    }
    if (!protocols.includes(parsed.protocol)) return this.fail(name, `must use ${protocols.join(' or ')}`, fallback);
    return raw.replace(/\/+$/, '');
  }

  /** A mount point such as `/crediteo`. */
  prefix(name: string, fallback: string): string {
    const raw = this.raw(name) ?? fallback;
    if (!/^\/[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(raw)) return this.fail(name, 'must look like /some-path', fallback);
    return raw;
  }

  /** Throws a ConfigError listing every problem met so far, if any. */
  finish(): void {
    if (this.#problems.length) throw new ConfigError([...this.#problems]);
  }

  private fail<T>(variable: string, message: string, fallback: T): T {
    this.problem(variable, message);
    return fallback;
  }
}
