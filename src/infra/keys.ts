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
  dedupe(channelId: string, deliveryId: string): string;
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
  /** what a committed conversation-engine dispatch wrote (its replay re-queues, never re-decides) */
  dispatchDone(dispatchKey: string): string;
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
    conversationMessages: (id) => `${p}:conv:${id}:msgs`,
    conversationsByStatus: (ws, s) => `${p}:ws:${ws}:convs:${s}`,
    message: (id) => `${p}:msg:${id}`,
    inboxList: (k) => `${p}:inbox:${k}`,
    inboxNonEmpty: () => `${p}:inbox-nonempty`,
    inboxLock: (k) => `${p}:inbox-lock:${k}`,
    dedupe: (c, d) => `${p}:dedupe:${c}:${d}`,
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
