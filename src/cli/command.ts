// The shape of one talkgate command. A new command is one file exporting defineCommand(…) values
// and one line in commands.ts.
import type { OptionSpec, OptionValues } from './args.js';
import type { Call, CliIo } from './client.js';

export interface RunContext {
  call: Call;
  io: CliIo;
}

export interface CliCommand<P extends { kind: string }> {
  /** the words that select it: 'queues', 'dead-letters list' */
  name: string;
  /** its lines in the usage text */
  usage: string;
  /** the options it takes besides --json and --help */
  options: Record<string, OptionSpec>;
  /** checks the options (throws usage(…)); --json is passed on */
  parse(values: OptionValues, json: boolean): P;
  /** returns the exit code */
  run(cmd: P, ctx: RunContext): Promise<number>;
}

/** a command with its parsed type erased, as the table holds it */
export interface AnyCommand {
  name: string;
  usage: string;
  options: Record<string, OptionSpec>;
  parse(values: OptionValues, json: boolean): { kind: string };
  run(cmd: { kind: string }, ctx: RunContext): Promise<number>;
}

export function defineCommand<P extends { kind: string }>(c: CliCommand<P>): AnyCommand {
  // run only ever gets what this command's own parse returned (main.ts pairs them)
  return { ...c, run: (cmd, ctx) => c.run(cmd as P, ctx) };
}
