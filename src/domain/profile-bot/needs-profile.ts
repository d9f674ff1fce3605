// PB-1 … PB-3: who gets the bot.
import type { Customer, Profile } from '../conversation.js';
import type { ProfileField, Settings } from '../settings.js';

function hasValue(profile: Profile, field: ProfileField): boolean {
  const v = profile[field];
  if (v === undefined || v === null) return false;
  return typeof v === 'string' ? v.trim() !== '' : true;
}

/**
 * PB-2: a customer with *any* configured field on file is not asked (fields = name, phone and a
 * stored name → no bot). PB-3 needs no memory of its own: after the data is deleted the field is
 * absent, so the next connection request asks again.
 */
export function hasAnyConfiguredField(customer: Customer, fields: readonly ProfileField[]): boolean {
  return fields.some((f) => hasValue(customer.profile, f));
}

/**
 * Whether a connection request sends the card (PB-1 + PB-2), business hours aside (PB-12 may
 * still close the request). The application uses it to mint a form link only when needed.
 */
export function profileBotApplies(settings: Settings, customer: Customer): boolean {
  return settings.profileBot.enabled && !hasAnyConfiguredField(customer, settings.profileBot.fields);
}
