// Builders for profile-bot tests. Expected texts are written out here byte for byte (not
// imported from src), so a change to a fixed text fails the tests.
import type { Agent, Conversation, Customer, Profile } from '../../../src/domain/conversation.js';
import type { OutboundImage } from '../../../src/domain/outbound-message.js';
import { defaultSettings, type Settings, type VersionedSettings } from '../../../src/domain/settings.js';
import type { BotAction, BotEvent, DecideInput } from '../../../src/domain/profile-bot/bot-types.js';
import { decide } from '../../../src/domain/profile-bot/decide.js';
import { applyActions, noteMessage } from '../../../src/domain/profile-bot/apply-actions.js';

export const T = {
  PROFILE_REQUIRED: '프로필이 확인되지 않았습니다. 프로필을 먼저 입력 후 메시지를 남겨주세요.',
  MANUAL_GREETING:
    '먼저 접수된 순서대로 상담원이 응답을 준비하고 있습니다. 잠시만 기다려 주세요. 채팅 내용은 관계법령에 의거하여 자동으로 저장됩니다.',
  PROFILE_SAVED: '프로필이 저장되었습니다.',
  OPEN_FORM_BUTTON: '고객 프로필 입력',
  GREETING: '안녕하세요, 무엇을 도와드릴까요?',
  OFF_HOURS: '지금은 상담 시간이 아닙니다. 상담 시간에 확인 후 답변드리겠습니다.',
  GUIDE: '상담 전 프로필을 입력해 주세요.',
} as const;

export const FORM_URL = 'https://gw.example.com/forms/profile/tok-123';
/** Tuesday 2026-05-12 12:00 in Seoul: inside Mon–Fri 09:00–18:00 */
export const IN_HOURS = new Date('2026-05-12T03:00:00Z');
/** Tuesday 2026-05-12 23:00 in Seoul: outside */
export const OFF_HOURS_AT = new Date('2026-05-12T14:00:00Z');

type SettingsPatch = { [K in keyof Settings]?: Partial<Settings[K]> };

/** Bot enabled (name, phone), greeting + off-hours message set, Mon–Fri 09:00–18:00 Seoul. */
export function settings(patch: SettingsPatch = {}, version = 7): VersionedSettings {
  const d = defaultSettings();
  const week = [{ start: '09:00', end: '18:00' }];
  return {
    version,
    profileBot: { ...d.profileBot, enabled: true, guideMessage: T.GUIDE, ...patch.profileBot },
    distribution: { ...d.distribution, ...patch.distribution },
    businessHours: {
      ...d.businessHours,
      enabled: true,
      weekly: { mon: week, tue: week, wed: week, thu: week, fri: week, sat: [], sun: [] },
      ...patch.businessHours,
    },
    autoMessages: { greeting: T.GREETING, offHours: T.OFF_HOURS, ...patch.autoMessages },
    autoClose: { ...d.autoClose, ...patch.autoClose },
  };
}

export function customer(profile: Profile = {}): Customer {
  return {
    id: 'cus-1',
    workspaceId: 'ws-1',
    channelType: 'kakao',
    identifier: 'pfuk-abc',
    profile,
    flags: {},
    guardianConsentRequired: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

export function agent(id: string, over: Partial<Agent> = {}): Agent {
  return {
    id,
    workspaceId: 'ws-1',
    name: id,
    maxConcurrent: 3,
    online: true,
    activeCount: 0,
    lastAssignedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

export function conversation(over: Partial<Conversation> = {}): Conversation {
  return {
    id: 'conv-1',
    workspaceId: 'ws-1',
    channelId: 'ch-kakao',
    channelType: 'kakao',
    customerId: 'cus-1',
    status: 'waiting',
    agentId: null,
    settingsVersion: 7,
    createdAt: '2026-05-12T02:50:00.000Z',
    botSentAt: null,
    awaitingProfile: false,
    profileSavedAt: null,
    suppressGreeting: false,
    assignedAt: null,
    firstResponseAt: null,
    closedAt: null,
    closeReason: null,
    lastMessageAt: null,
    lastMessageFrom: null,
    ...over,
  };
}

export function say(from: 'bot' | 'system', text: string): BotAction {
  return { type: 'send', message: { kind: 'text', from, text } };
}

export function card(url = FORM_URL, description: string = T.GUIDE, image?: OutboundImage): BotAction {
  const message = {
    kind: 'card' as const,
    from: 'bot' as const,
    description,
    buttons: [{ label: T.OPEN_FORM_BUTTON, url }],
    ...(image ? { image } : {}),
  };
  return { type: 'send', message };
}

export interface World {
  settings: VersionedSettings;
  customer: Customer;
  agents: Agent[];
  conversation: Conversation | null;
}

export function world(over: Partial<World> = {}): World {
  return { settings: settings(), customer: customer(), agents: [agent('a1')], conversation: null, ...over };
}

export function decideIn(
  w: World,
  event: BotEvent,
  now: Date,
  extra: Partial<DecideInput> = {},
): BotAction[] {
  return decide({ event, now, formUrl: FORM_URL, ...w, ...extra });
}

/** Runs one event and applies its state actions; customer/agent messages are noted as the app would. */
export function step(w: World, event: BotEvent, now: Date): { actions: BotAction[]; world: World } {
  let conv = w.conversation;
  if (conv && (event.type === 'customer_message' || event.type === 'connect_requested'))
    conv = noteMessage(conv, 'customer', now);
  if (conv && event.type === 'agent_message') conv = noteMessage(conv, 'agent', now);
  const actions = decideIn({ ...w, conversation: conv }, event, now);
  const next = applyActions(conv, actions, {
    now,
    seed: {
      id: 'conv-1',
      workspaceId: 'ws-1',
      channelId: 'ch-kakao',
      channelType: 'kakao',
      customerId: 'cus-1',
    },
  });
  return { actions, world: { ...w, conversation: next } };
}

export function minutesAfter(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000);
}
