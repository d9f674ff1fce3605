// What every talkgate command shares on the way in: exit codes, the usage error, and readers for
// the option values node:util parseArgs hands over.
export const EXIT = { ok: 0, partial: 1, usage: 2, unreachable: 3, server: 4 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** the option values of one command line, as parseArgs returns them */
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** one option a command takes, in parseArgs's terms */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
}

/** a command line the CLI cannot run; main.ts adds the usage text to the message */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export const usage = (message: string): UsageError => new UsageError(message);

export function str(v: OptionValues, name: string): string | undefined {
  const x = v[name];
  return typeof x === 'string' ? x : undefined;
}

export function strs(v: OptionValues, name: string): string[] {
  const x = v[name];
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : typeof x === 'string' ? [x] : [];
}

export function flag(v: OptionValues, name: string): boolean {
  return v[name] === true;
}

export function isoTime(s: string): string {
  const t = /^\d{4}-\d{2}-\d{2}/.test(s) ? Date.parse(s) : NaN;
  if (Number.isNaN(t)) throw usage(`--since must be an ISO time such as 2026-05-01T09:00:00+09:00 (got ${JSON.stringify(s)})`);
  return new Date(t).toISOString();
}

export function limitOf(v: OptionValues): number {
  const limit = Number(str(v, 'limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw usage('--limit must be a whole number from 1 to 100000');
  return limit;
}

/** the API's filter fields from their options, e.g. { channel: 'channelId' }; --since as an ISO time */
export function filterOf(v: OptionValues, fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [option, field] of Object.entries(fields)) {
    const value = str(v, option);
    if (value === undefined || (value === '' && option !== 'since')) continue;
    out[field] = option === 'since' ? isoTime(value) : value;
  }
  return out;
}
