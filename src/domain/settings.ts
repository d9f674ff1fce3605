// Workspace settings (api.md "The settings object"). The TypeBox schema is the single source:
// the HTTP layer compiles it with ajv once, and the TypeScript type is derived from it.
import { Type, type Static } from '@sinclair/typebox';

export const PROFILE_FIELDS = ['name', 'phone', 'email', 'birthdate', 'address'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HHMM = '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$';
const TimeRange = Type.Object(
  { start: Type.String({ pattern: HHMM }), end: Type.String({ pattern: HHMM }) },
  { additionalProperties: false },
);
const DaySchedule = Type.Array(TimeRange, { maxItems: 10 });

export const SettingsSchema = Type.Object(
  {
    profileBot: Type.Object(
      {
        enabled: Type.Boolean(),
        guideMessage: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
        guideImageId: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]),
        fields: Type.Array(Type.Union(PROFILE_FIELDS.map((f) => Type.Literal(f))), {
          minItems: 1,
          maxItems: 5,
          uniqueItems: true,
        }),
        onMissingProfile: Type.Union([Type.Literal('assign'), Type.Literal('hold')]),
        privacyConsent: Type.Object(
          { enabled: Type.Boolean(), url: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]) },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    distribution: Type.Object(
      {
        mode: Type.Union([Type.Literal('auto'), Type.Literal('manual')]),
        backlog: Type.Union([Type.Literal('auto'), Type.Literal('manual')]),
      },
      { additionalProperties: false },
    ),
    businessHours: Type.Object(
      {
        enabled: Type.Boolean(),
        timeZone: Type.String({ minLength: 1, maxLength: 64 }),
        acceptOffHours: Type.Boolean(),
        weekly: Type.Object(
          {
            mon: Type.Optional(DaySchedule),
            tue: Type.Optional(DaySchedule),
            wed: Type.Optional(DaySchedule),
            thu: Type.Optional(DaySchedule),
            fri: Type.Optional(DaySchedule),
            sat: Type.Optional(DaySchedule),
            sun: Type.Optional(DaySchedule),
          },
          { additionalProperties: false },
        ),
        holidays: Type.Array(Type.String({ format: 'date' }), { maxItems: 366, uniqueItems: true }),
      },
      { additionalProperties: false },
    ),
    autoMessages: Type.Object(
      {
        greeting: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
        offHours: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    autoClose: Type.Object(
      {
        customerIdleMinutes: Type.Union([Type.Integer({ minimum: 1, maximum: 10080 }), Type.Null()]),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, title: 'Settings' },
);

export type Settings = Static<typeof SettingsSchema>;
export type VersionedSettings = Settings & { version: number };

export function defaultSettings(): Settings {
  return {
    profileBot: {
      enabled: false,
      guideMessage: null,
      guideImageId: null,
      fields: ['name', 'phone'],
      onMissingProfile: 'assign',
      privacyConsent: { enabled: false, url: null },
    },
    distribution: { mode: 'auto', backlog: 'auto' },
    businessHours: {
      enabled: false,
      timeZone: 'Asia/Seoul',
      acceptOffHours: false,
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: [],
    },
    autoMessages: { greeting: null, offHours: null },
    autoClose: { customerIdleMinutes: null },
  };
}
