// talkgate: the on-call command line. It talks to a running gateway's ops API (TALKGATE_URL,
// TALKGATE_TOKEN or ADMIN_TOKEN), never to Redis. Tables for people, --json for scripts.
// bin/talkgate.mjs runs the compiled copy of this file; `npm run cli` runs it through tsx.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CliError, EXIT, usage, UsageError, type OptionSpec, type OptionValues } from './args.js';
import { client, type CliIo, type Env } from './client.js';
import type { AnyCommand } from './command.js';
import { COMMANDS } from './commands.js';

export { CliError, EXIT } from './args.js';
export type { CliIo } from './client.js';

export const USAGE = `usage: talkgate <command> [options]

${COMMANDS.map((c) => c.usage).join('\n')}

  --json   machine-readable output        environment: TALKGATE_URL (http://localhost:8080),
                                          TALKGATE_TOKEN or ADMIN_TOKEN
exit codes: 0 ok, 1 some skipped, 2 usage error, 3 gateway unreachable or token refused, 4 server error`;

const OPTIONS: Record<string, OptionSpec & { short?: string }> = {
  ...COMMANDS.reduce<Record<string, OptionSpec>>((all, c) => ({ ...all, ...c.options }), {}),
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

type Resolved = { kind: 'help' } | { kind: 'command'; command: AnyCommand; parsed: { kind: string } };

function resolve(argv: string[]): Resolved {
  try {
    return resolveCommand(argv);
  } catch (err) {
    // every usage error shows the whole usage text under its own line
    throw err instanceof UsageError ? new CliError(`${err.message}\n\n${USAGE}`, EXIT.usage) : err;
  }
}

function resolveCommand(argv: string[]): Resolved {
  let values: OptionValues;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS }));
  } catch (err) {
    throw usage(err instanceof Error ? err.message : String(err));
  }
  const name = positionals.join(' ');
  if (values['help'] || name === 'help' || name === '') return { kind: 'help' };
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw usage(`unknown command: ${name}`);
  const extra = Object.keys(values).filter((k) => !(k in command.options) && k !== 'json');
  if (extra.length) throw usage(`${name} does not take --${extra.join(', --')}`);
  return { kind: 'command', command, parsed: command.parse(values, values['json'] === true) };
}

/** the command line as the command will get it; throws a usage CliError */
export function parseCli(argv: string[]): { kind: string } {
  const r = resolve(argv);
  return r.kind === 'help' ? r : r.parsed;
}

export async function runCli(argv: string[], env: Env, io: CliIo): Promise<number> {
  try {
    const r = resolve(argv);
    if (r.kind === 'help') {
      io.out(`${USAGE}\n`);
      return EXIT.ok;
    }
    return await r.command.run(r.parsed, { call: client(env, io), io });
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`talkgate: ${err.message}\n`);
      return err.exitCode;
    }
    io.err(`talkgate: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.server;
  }
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  return runCli(argv, process.env, {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    fetch: globalThis.fetch,
    tty: process.stderr.isTTY === true,
  });
}

const isMain = (): boolean => !!process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain()) process.exitCode = await main();
