// The customer's profile form: what GET shows and what POST saves (PB-16, PB-17, PB-19).
// A token is bound to one conversation; GET never consumes it, a successful submit does.
import type { Customer, Conversation, Profile } from '../domain/conversation.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { validateProfileInput } from '../domain/profile-validation.js';
import { PROFILE_ENTERED_BUTTON } from '../domain/profile-bot/texts.js';
import type { ProfileField, VersionedSettings } from '../domain/settings.js';
import type { VisitorCardState, VisitorStreamItem } from '../domain/adapter-port.js';
import type { ChannelStore, ConversationStore, CustomerStore, FormTokenStore, SettingsStore, UseCaseMetrics } from './ports.js';
import type { DispatchRequest } from './conversation-engine.js';
import type { FormLinks } from './form-links.js';

/** what the profile form reads and writes */
export interface ProfileFormDeps {
  formLinks: Pick<FormLinks, 'verify'>;
  formTokens: FormTokenStore;
  conversations: Pick<ConversationStore, 'get'>;
  customers: Pick<CustomerStore, 'get' | 'setProfile'>;
  workspaces: SettingsStore;
  channels: ChannelStore;
  streams: { append(channelId: string, visitorId: string, item: VisitorStreamItem): Promise<unknown> };
  engine: { dispatch(req: DispatchRequest): Promise<unknown> };
  withCustomerLock<T>(customerId: string, fn: () => Promise<T>): Promise<T>;
}

export interface FormContext {
  tokenId: string;
  expiresAt: number;
  conversation: Conversation;
  customer: Customer;
  settings: VersionedSettings;
  used: boolean;
}

export async function loadForm(s: Omit<ProfileFormDeps, 'streams' | 'engine'>, token: string, now: Date): Promise<FormContext> {
  const claims = s.formLinks.verify(token, now);
  const conversation = await s.conversations.get(claims.conversationId);
  if (!conversation) throw new NotFoundError('This profile form link', 'form_not_found');
  const [customer, settings, used] = await Promise.all([
    s.customers.get(conversation.customerId),
    s.workspaces.getSettings(conversation.workspaceId, conversation.settingsVersion),
    s.formTokens.used(claims.tokenId),
  ]);
  if (!customer || !settings) throw new NotFoundError('This profile form link', 'form_not_found');
  return { tokenId: claims.tokenId, expiresAt: claims.expiresAt, conversation, customer, settings, used };
}

/** The web chat card state that marks the button opening this form as done. */
export function profileCardDone(token: string, tokenId: string): VisitorCardState {
  return { id: `card-done-${tokenId}`, kind: 'card_state', buttonPath: `/forms/profile/${token}`, state: 'done', label: PROFILE_ENTERED_BUTTON };
}

/** A script-less submit arrives flat (`address.zonecode`); the route passes how to nest it. */
export type FormInputShaper = (body: Readonly<Record<string, unknown>>, fields: readonly ProfileField[]) => unknown;

export async function submitProfile(
  s: ProfileFormDeps,
  metrics: Pick<UseCaseMetrics, 'formSubmissions'>,
  token: string,
  body: unknown,
  now: Date,
  shape?: FormInputShaper,
): Promise<void> {
  const form = await loadForm(s, token, now);
  const usedError = new ConflictError('This profile form was already submitted; the profile is saved.', 'form_already_used');
  if (form.used) throw usedError;
  const fields = form.settings.profileBot.fields;
  const input = shape && body !== null && typeof body === 'object' ? shape(body as Record<string, unknown>, fields) : body;
  const result = validateProfileInput(fields, input, { now });
  if (!result.ok) {
    metrics.formSubmissions.inc({ outcome: 'invalid' });
    throw new ValidationError('Some fields are not valid; fix them and submit again.', result.errors, 'profile_invalid');
  }
  const ttlSeconds = Math.max(60, Math.ceil((form.expiresAt - now.getTime()) / 1000) + 60);
  await s.withCustomerLock(form.customer.id, async () => {
    // re-check under the lock: two submits of one link save once
    if (await s.formTokens.used(form.tokenId)) throw usedError;
    const fresh = (await s.customers.get(form.customer.id)) ?? form.customer;
    const profile: Profile = { ...fresh.profile, ...result.profile };
    const minor = fresh.flags.under14 === true;
    await s.customers.setProfile(fresh.id, profile, now, `form:${form.tokenId}`, { guardianConsentRequired: fresh.guardianConsentRequired || minor });
    await s.formTokens.markUsed(form.tokenId, now, ttlSeconds);
  });
  metrics.formSubmissions.inc({ outcome: 'saved' });
  const channel = await s.channels.get(form.conversation.channelId, { cached: true });
  if (!channel) return;
  if (channel.type === 'webchat') {
    // the page can change a card it already shows: its button now says the profile is in
    await s.streams.append(channel.id, form.customer.identifier, profileCardDone(token, form.tokenId));
  }
  await s.engine.dispatch({
    channel,
    customerId: form.customer.id,
    conversationId: form.conversation.id,
    event: { type: 'profile_saved' },
    eventKey: `profile-saved:${form.tokenId}`,
  });
}
