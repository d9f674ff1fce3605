// Every talkgate command, in the order the usage text lists them. A new command: a file that
// exports its defineCommand(…) values, and one line here.
import type { AnyCommand } from './command.js';
import { deadLetterCommands } from './dead-letters.js';
import { inboundDeadLetterCommands } from './inbound-dead-letters.js';
import { queueCommands } from './queues.js';
import { webhookCommands } from './webhooks.js';

export const COMMANDS: readonly AnyCommand[] = [
  ...queueCommands,
  ...deadLetterCommands,
  ...inboundDeadLetterCommands,
  ...webhookCommands,
];
