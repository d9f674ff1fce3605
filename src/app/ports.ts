// What the use cases need from infrastructure, as interfaces, so src/app never imports BullMQ.
export interface OutboundQueue {
  /** adds the send job for a stored message (job id = message id; a second add is a no-op) */
  add(messageId: string, opts?: { delayMs?: number; replay?: boolean }): Promise<void>;
  /** makes a delayed job due now (its predecessor just settled) */
  promote(messageId: string): Promise<void>;
  /** true when a job for the message exists in any state */
  has(messageId: string): Promise<boolean>;
}

export interface InboundQueue {
  /** asks a worker to drain a customer's mailbox */
  drain(mailbox: string): Promise<void>;
}

export interface TimerQueue {
  /** (re)places the conversation's single auto-close timer */
  scheduleAutoClose(conversationId: string, at: Date): Promise<void>;
  cancelAutoClose(conversationId: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** where a crash test may make the process die (TALKGATE_TEST_CRASH_AT) */
export type CrashPoint = 'after-store-outbound';
