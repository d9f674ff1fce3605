// DELETE …/customers/:id (api.md "Running"): an open conversation is closed first (with its
// status event, as an agent's close), then everything of the customer goes in one transaction
// with `customer.erased`. Logs carry ids only.
import type { CloseReason, ConversationStatus } from '../domain/conversation.js';
import type { Backlog } from './backlog.js';
import { loadCustomer, type CustomerProfileDeps } from './customer-profile.js';
import type { ChannelStore, ConversationStore, CustomerErasure } from './ports.js';

export interface EraseDeps {
  customers: CustomerProfileDeps['customers'];
  conversations: Pick<ConversationStore, 'openFor' | 'listAll'>;
  channels: ChannelStore;
  backlog: Pick<Backlog, 'close'>;
  erasure: CustomerErasure;
  withCustomerLock<T>(customerId: string, fn: () => Promise<T>): Promise<T>;
}

/** closed on the operator's request, as an agent's close */
const ERASED: CloseReason = 'agent';
const STATUSES: readonly ConversationStatus[] = ['waiting', 'assigned', 'closed'];

export async function eraseCustomer(d: EraseDeps, req: { ws: string; customerId: string; actor: string; now: Date }): Promise<void> {
  await loadCustomer(d, req.ws, req.customerId);
  const open = await d.conversations.openFor(req.customerId);
  const channel = open ? await d.channels.get(open.channelId, { cached: true }) : null;
  if (open && channel) await d.backlog.close(open, channel, ERASED);
  await d.withCustomerLock(req.customerId, async () => {
    const fresh = await d.customers.get(req.customerId);
    if (!fresh || fresh.workspaceId !== req.ws) return; // erased by a concurrent request
    const all = await Promise.all(STATUSES.map((s) => d.conversations.listAll(req.ws, s)));
    await d.erasure.erase(fresh, all.flat().filter((c) => c.customerId === req.customerId), req.actor, req.now.toISOString());
  });
}
