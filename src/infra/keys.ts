// Every Redis key the gateway writes, in one place, under one prefix (REDIS_PREFIX), so a test
// run or a second deployment sharing a Redis never touches another's keys.
export interface Keys {
  readonly prefix: string;
  workspace(ws: string): string;
  workspaces(): string;
  settings(ws: string, version: number): string;
  agents(ws: string): string;
  agentActive(ws: string, agentId: string): string;
  channel(id: string): string;
  /** a constant sealed with SECRET_KEY on first start: proves a later start holds the same key */
  secretKeyCheck(): string;
  channelsOf(ws: string): string;
  customer(id: string): string;
  customerIndex(ws: string, type: string, identifier: string): string;
  customerAudit(id: string): string;
  openConversation(customerId: string): string;
  conversation(id: string): string;
  conversationMessages(id: string): string;
  conversationsByStatus(ws: string, status: string): string;
  message(id: string): string;
  inboxList(conversationKey: string): string;
  inboxNonEmpty(): string;
  inboxLock(conversationKey: string): string;
  /** the id of the mailbox's last processed event (its head may run again after a crash) */
  inboxDone(conversationKey: string): string;
  /** platform deliveries recorded on one UTC day (a set; see inbound/dedupe-window.ts) */
  dedupe(day: string): string;
  inboundDone(eventId: string): string;
  outboundSeq(conversationId: string): string;
  outboundSettled(conversationId: string): string;
  /** outbound messages stored whose send job may not exist yet (sorted set, stored-at ms) */
  outbox(): string;
  claim(key: string): string;
  cache(key: string): string;
  visitorStream(channelId: string, visitorId: string): string;
  visitorChannel(): string;
  formToken(tokenId: string): string;
  image(id: string): string;
  imageBytes(id: string, variant: string): string;
  rate(channelId: string): string;
  eventWaiter(eventId: string): string;
  /** a webhook endpoint (sealed secrets inside) */
  webhook(id: string): string;
  webhooksOf(ws: string): string;
  /** workspaces with at least one webhook endpoint: the streams the dispatcher reads */
  webhookWorkspaces(): string;
  /** the id of the last event of the workspace's log handed to its endpoints' chains */
  webhookCursor(ws: string): string;
  /** one endpoint's undelivered events of one conversation, in order (`_`: no conversation) */
  webhookChain(endpointId: string, conversationId: string): string;
  /** every non-empty chain, so a crash between two steps never strands one */
  webhookChains(): string;
  webhookAttempts(endpointId: string): string;
  webhookAttemptIndex(endpointId: string): string;
  webhookFailed(endpointId: string): string;
  /** a workspace API key record (hash), by its id `key_<lookup>` */
  apiKey(id: string): string;
  /** the workspace's API key ids, scored by creation time */
  apiKeysOf(ws: string): string;
  /** the workspace's event log: a stream, entry field `e` = the event JSON; entry id = cursor */
  events(ws: string): string;
  /** per-conversation event sequence counter */
  eventSeq(conversationId: string): string;
  /** what committed conversation-engine dispatches wrote, one hash per UTC day (a replay re-queues, never re-decides) */
  dispatchDone(day: string): string;
  queueName(name: string): string;
}

export function createKeys(prefix: string): Keys {
  const p = prefix;
  return {
    prefix: p,
    workspace: (ws) => `${p}:ws:${ws}`,
    workspaces: () => `${p}:workspaces`,
    settings: (ws, v) => `${p}:ws:${ws}:settings:${v}`,
    agents: (ws) => `${p}:ws:${ws}:agents`,
    agentActive: (ws, a) => `${p}:ws:${ws}:agent:${a}:active`,
    channel: (id) => `${p}:ch:${id}`,
    secretKeyCheck: () => `${p}:secret-key-check`,
    channelsOf: (ws) => `${p}:ws:${ws}:channels`,
    customer: (id) => `${p}:cust:${id}`,
    customerIndex: (ws, t, i) => `${p}:ws:${ws}:custidx:${t}:${i}`,
    customerAudit: (id) => `${p}:cust:${id}:audit`,
    openConversation: (c) => `${p}:cust:${c}:open`,
    conversation: (id) => `${p}:conv:${id}`,
    conversationMessages: (id) => `${p}:conv:${id}:log`,
    conversationsByStatus: (ws, s) => `${p}:ws:${ws}:convs:${s}`,
    message: (id) => `${p}:msg:${id}`,
    inboxList: (k) => `${p}:inbox:${k}`,
    inboxNonEmpty: () => `${p}:inbox-nonempty`,
    inboxLock: (k) => `${p}:inbox-lock:${k}`,
    inboxDone: (k) => `${p}:inbox-done:${k}`,
    dedupe: (day) => `${p}:dedupe:${day}`,
    inboundDone: (e) => `${p}:inbound-done:${e}`,
    outboundSeq: (c) => `${p}:conv:${c}:out-seq`,
    outboundSettled: (c) => `${p}:conv:${c}:out-settled`,
    outbox: () => `${p}:outbox`,
    claim: (k) => `${p}:claim:${k}`,
    cache: (k) => `${p}:cache:${k}`,
    visitorStream: (c, v) => `${p}:wc:${c}:${v}`,
    visitorChannel: () => `${p}:wc-fanout`,
    formToken: (t) => `${p}:form:${t}`,
    image: (id) => `${p}:img:${id}`,
    imageBytes: (id, v) => `${p}:img:${id}:${v}`,
    rate: (c) => `${p}:rate:${c}`,
    eventWaiter: (e) => `${p}:evdone:${e}`,
    webhook: (id) => `${p}:wh:${id}`,
    webhooksOf: (ws) => `${p}:ws:${ws}:webhooks`,
    webhookWorkspaces: () => `${p}:wh-workspaces`,
    webhookCursor: (ws) => `${p}:ws:${ws}:wh-cursor`,
    webhookChain: (e, c) => `${p}:whc:${e}:${c}`,
    webhookChains: () => `${p}:whc-nonempty`,
    webhookAttempts: (e) => `${p}:wh:${e}:attempts`,
    webhookAttemptIndex: (e) => `${p}:wh:${e}:attempts-by-time`,
    webhookFailed: (e) => `${p}:wh:${e}:failed`,
    apiKey: (id) => `${p}:apikey:${id}`,
    apiKeysOf: (ws) => `${p}:ws:${ws}:apikeys`,
    events: (ws) => `${p}:ws:${ws}:events`,
    eventSeq: (c) => `${p}:conv:${c}:event-seq`,
    dispatchDone: (k) => `${p}:dispatch-done:${k}`,
    queueName: (n) => `${p}-${n}`,
  };
}

/**
 * How long a key lives: a TTL (and who sets it), or kept until something named deletes it and
 * why. Nothing the gateway writes lives forever without a reason written here; the key-bounds
 * test drives a scenario and fails on a key without a TTL whose family is not `kept`.
 */
export type KeyBound = { readonly ttl: string } | { readonly kept: string };

const UNTIL_CLOSED = { kept: 'while its conversation is open; expires CONVERSATION_RETENTION_DAYS after it closed (set in the closing script, cleared on reopen)' };

/** every family of Keys (the type makes a new family declare its bound) */
export const KEY_BOUNDS: { readonly [K in Exclude<keyof Keys, 'prefix'>]: KeyBound } = {
  workspace: { kept: 'until the workspace is deleted: control plane' },
  workspaces: { kept: 'the index of workspaces: one member per workspace, removed with it' },
  settings: { kept: 'every settings version stays while conversations started under it may still run (PB-4); one per settings change' },
  agents: { kept: 'until the workspace is deleted: one entry per agent' },
  agentActive: { kept: 'an agent\'s assigned conversations: a member leaves when its conversation is reassigned or closed' },
  channel: { kept: 'until the channel is deleted: control plane' },
  secretKeyCheck: { kept: 'one constant per deployment: proves a later start holds the same SECRET_KEY' },
  channelsOf: { kept: 'until the workspace is deleted: one member per channel' },
  customer: { kept: 'until the customer is erased (api.md "Running": customers and profiles stay until erased)' },
  customerIndex: { kept: 'until the customer is erased: finds the customer of a channel user' },
  customerAudit: { kept: 'until the customer is erased; the erasure leaves one line (who and when, no value)' },
  openConversation: { kept: 'deleted when the conversation closes' },
  conversation: UNTIL_CLOSED,
  conversationMessages: { kept: 'a conversation\'s messages, while it is open; expire CONVERSATION_RETENTION_DAYS after it closed. Outside any conversation: that long after the last message' },
  conversationsByStatus: { kept: 'a member per conversation in that status: leaves on a status change; the closed index drops expired conversations on each close' },
  message: UNTIL_CLOSED,
  inboxList: { kept: 'a mailbox: its events leave once processed (an empty list is no key)' },
  inboxNonEmpty: { kept: 'one member per mailbox with events: removed when it is drained' },
  inboxLock: { ttl: 'a drain lease: LEASE_TTL_MS, renewed while held' },
  inboxDone: { ttl: '24 h: only the head of a mailbox can run twice' },
  dedupe: { ttl: 'one set per UTC day, expiring 8 days after its last member: a redelivery is recognised for 7 days' },
  inboundDone: { ttl: '24 h: only written for an event set aside as a dead letter' },
  outboundSeq: UNTIL_CLOSED,
  outboundSettled: UNTIL_CLOSED,
  outbox: { kept: 'a member per stored outbound message until its send job exists (seconds)' },
  claim: { ttl: 'the claim window the caller gives (PX)' },
  cache: { ttl: 'the cache time the caller gives (EX)' },
  visitorStream: { ttl: '30 days after the last message (and trimmed to the last 1,000)' },
  visitorChannel: { kept: 'a pub/sub channel name, never a key' },
  formToken: { ttl: 'FORM_TOKEN_TTL_HOURS: marks a used form link until the link expires anyway' },
  image: { kept: 'uploaded on purpose by the workspace (POST …/images) and referenced by settings and messages; content-addressed, so a repeated upload is the same key. A customer\'s photo expires with its conversation' },
  imageBytes: { kept: 'as `image`: the bytes of one of its variants' },
  rate: { ttl: 'the rate window (PEXPIRE)' },
  eventWaiter: { ttl: 'EVENT_RESULT_TTL_SECONDS (120 s); only for platforms whose webhook waits for the result' },
  webhook: { kept: 'until the webhook endpoint is deleted: control plane' },
  webhooksOf: { kept: 'a member per webhook endpoint, removed with it' },
  webhookWorkspaces: { kept: 'a member per workspace with an endpoint, removed with its last one' },
  webhookCursor: { kept: 'one per workspace with endpoints, deleted with its last one' },
  webhookChain: { kept: 'an endpoint\'s undelivered events of one conversation: each leaves once delivered or given up (an empty list is no key)' },
  webhookChains: { kept: 'a member per non-empty chain, removed when it empties' },
  webhookAttempts: { kept: 'attempt records: those older than EVENT_RETENTION_DAYS are dropped on every settle; deleted with the endpoint' },
  webhookAttemptIndex: { kept: 'as webhookAttempts: its time index' },
  webhookFailed: { kept: 'as webhookAttempts: the failed ones, until resent or older than the retention' },
  apiKey: { kept: 'until the API key is revoked' },
  apiKeysOf: { kept: 'until the workspace is deleted: one member per API key' },
  events: { kept: 'the workspace event log: trimmed to EVENT_RETENTION_DAYS on every append (XADD MINID)' },
  eventSeq: UNTIL_CLOSED,
  dispatchDone: { ttl: 'one hash per UTC day, expiring 2 days after it was started' },
  queueName: { kept: 'BullMQ queue names; their keys are listed under `bq:**`' },
};

/** keys built outside Keys, as globs under the prefix (`*` one id, `**` anything) */
export const OTHER_KEY_BOUNDS: readonly { readonly glob: string; readonly bound: KeyBound }[] = [
  { glob: 'conv:*:out-seq-map', bound: UNTIL_CLOSED },
  { glob: 'conv:*:out-seq-parked', bound: { kept: 'a member while an outbound message waits for its predecessor; removed when it is woken' } },
  { glob: 'conv:*:reply-ctx', bound: { ttl: 'until the Kakao callbackUrl expires' } },
  { glob: 'inbound-done:*:failures', bound: { ttl: '24 h: counts the failures of an event still being retried' } },
  { glob: 'inbound-dead-letters', bound: { kept: 'the index of inbound dead letters: until an operator replays or discards them' } },
  { glob: 'inbound-dead-letter:*', bound: { kept: 'an inbound dead letter: until an operator replays or discards it' } },
  { glob: 'inbound-dead', bound: { kept: 'the dead-letter list of older versions, adopted into the index on first read' } },
  { glob: 'lock:**', bound: { ttl: 'a lease (PX), renewed while held' } },
  { glob: 'bq:**', bound: { kept: 'BullMQ\'s own keys: completed jobs are removed (removeOnComplete), its event streams are capped (maxLenEvents), failed sends stay as dead letters until an operator replays or discards them' } },
];
