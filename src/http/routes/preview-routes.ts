// PB-22: preview the profile card and form from unsaved (or saved) settings, per channel, exactly
// as they will be sent. Nothing is stored and nothing is sent.
import type { Request, Response } from 'express';
import { Type } from '@sinclair/typebox';
import type { ChannelType } from '../../domain/channel.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import type { OutboundImage } from '../../domain/outbound-message.js';
import { buildProfileCard, type ProfileCard } from '../../domain/profile-bot/card.js';
import { SettingsSchema, type Settings } from '../../domain/settings.js';
import type { HttpDeps } from '../deps.js';
import { jsonBody } from '../middleware/body.js';
import { GUIDE_IMAGE_PATH, previewChannel, type ChannelPreview, type PreviewWarning } from '../pages/preview/channel-previews.js';
import { previewCsp, renderPreviewPage } from '../pages/preview/preview.html.js';
import { renderProfileFormPage } from '../pages/profile-form/profile-form.html.js';
import { def, type RouteDef } from '../route-def.js';
import { createValidator, onePerPath, type Validator } from '../schemas/validator.js';
import { requireWorkspace, settingsErrors } from './workspace-routes.js';

/**
 * The token in the preview's form URL. It is a placeholder: every real card carries a signed,
 * per-conversation token (src/app/form-links.ts), and this one opens nothing.
 */
export const PREVIEW_FORM_TOKEN = 'preview-token';

/** channelType: one of the adapter registry's types */
export const previewBodySchema = (types: readonly ChannelType[]) =>
  Type.Object(
    {
      settings: Type.Optional(SettingsSchema),
      channelType: Type.Union(types.map((t) => Type.Literal(t))),
    },
    { additionalProperties: false },
  );

type BodyValidator = Validator<{ channelType: ChannelType; settings?: Settings }>;
const validateQuery = createValidator(
  Type.Object({ settingsVersion: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$' })) }),
  'query',
);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The body with every failing field at once: its schema's and the settings' (prefixed /settings). */
async function readBody(deps: HttpDeps, validateBody: BodyValidator, ws: string, raw: unknown): Promise<{ channelType: ChannelType; settings?: Settings }> {
  const settings = isRecord(raw) && raw['settings'] !== undefined ? raw['settings'] : undefined;
  const rules = settings === undefined ? [] : await settingsErrors(deps, ws, settings);
  const details = onePerPath(validateBody.errorsOf(raw), rules.map((d) => ({ ...d, path: `/settings${d.path}` })));
  if (details.length > 0) {
    throw new ValidationError('The preview request is invalid; fix the fields listed in details.', details);
  }
  return validateBody(raw);
}

async function savedSettings(deps: HttpDeps, ws: string, version?: number): Promise<Settings & { version: number }> {
  const s = await deps.workspaces.getSettings(ws, version);
  if (!s) throw new NotFoundError(`Settings version ${version ?? ''}`.trim(), 'settings_version_not_found');
  return s;
}

interface PreviewCard {
  card: ProfileCard;
  warnings: PreviewWarning[];
}

/** The card every channel gets; an image that cannot be resolved is left out, with a warning. */
async function profileCard(deps: HttpDeps, ws: string, s: Settings, formUrl: string): Promise<PreviewCard> {
  const imageId = s.profileBot.guideImageId;
  let image: OutboundImage | undefined;
  const warnings: PreviewWarning[] = [];
  if (imageId !== null) {
    image = await deps.services.resolveImage(ws, imageId);
    if (!image) {
      warnings.push({
        path: GUIDE_IMAGE_PATH,
        message: `The guide image ${imageId} cannot be shown yet, so the preview leaves it out (on Kakao that is a textCard instead of a basicCard).`,
      });
    }
  }
  return { card: buildProfileCard(s.profileBot, formUrl, image), warnings };
}

function withoutVersion(s: Settings & { version?: number }): Settings {
  const { version: _v, ...rest } = s;
  return rest;
}

export function previewRoutes(deps: HttpDeps): RouteDef[] {
  const formUrl = (): string => `${deps.publicBaseUrl}/forms/profile/${PREVIEW_FORM_TOKEN}`;
  const adapters = deps.services.adapters;
  const PreviewBody = previewBodySchema(adapters.types);
  const validateBody: BodyValidator = createValidator(PreviewBody, 'preview request');
  return [
    def<{ ws: string }>(
      { method: 'post', path: '/v1/workspaces/:ws/profile-bot/preview', operationId: 'previewProfileCard', tag: 'integrators', auth: 'admin', scope: 'settings',
        summary: 'The profile card as one channel would be sent it, from the given (unsaved) or the saved settings; formUrl is a placeholder',
        body: PreviewBody,
        responses: { 200: '{channelType, card, formUrl, warnings: [{path, message}]}', 400: 'every failing field', 401: 'no token', 404: 'unknown workspace' } },
      jsonBody(),
      async (req: Request<{ ws: string }>, res: Response) => {
        const ws = req.params.ws;
        await requireWorkspace(deps, ws);
        const body = await readBody(deps, validateBody, ws, req.body);
        const settings = body.settings ?? withoutVersion(await savedSettings(deps, ws));
        const url = formUrl();
        const { card, warnings } = await profileCard(deps, ws, settings, url);
        const preview = previewChannel(adapters.get(body.channelType), card, { workspaceId: ws, now: deps.now(), warnings });
        res.json({ channelType: preview.channelType, card: preview.card, formUrl: url, warnings: preview.warnings });
      },
    ),
    def<{ ws: string }>(
      { method: 'get', path: '/v1/workspaces/:ws/profile-bot/preview.html', operationId: 'getProfileBotPreviewPage', tag: 'integrators', auth: 'admin', scope: 'settings', browserSession: true,
        summary: 'The profile card on every channel side by side, and the form (HTML, no script)',
        query: { settingsVersion: 'an older settings version (default: the current one)' }, produces: 'text/html',
        responses: { 200: 'HTML page', 400: 'bad settingsVersion', 401: 'no token', 404: 'unknown workspace or version' } },
      async (req: Request<{ ws: string }>, res: Response) => {
        const ws = req.params.ws;
        const q = validateQuery({ ...req.query });
        await requireWorkspace(deps, ws);
        const workspace = await deps.workspaces.get(ws);
        const saved = await savedSettings(deps, ws, q.settingsVersion ? Number(q.settingsVersion) : undefined);
        const settings = withoutVersion(saved);
        const url = formUrl();
        const { card, warnings } = await profileCard(deps, ws, settings, url);
        const previews: ChannelPreview[] = adapters.all().map((a) =>
          previewChannel(a, card, { workspaceId: ws, now: deps.now(), warnings }),
        );
        const bot = settings.profileBot;
        const formHtml = renderProfileFormPage({
          token: PREVIEW_FORM_TOKEN,
          fields: bot.fields,
          privacyConsent: bot.privacyConsent,
          guardianNotice: false,
          preview: true,
        });
        res.setHeader('Content-Security-Policy', previewCsp(previews));
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Referrer-Policy', 'no-referrer');
        res.setHeader('Cache-Control', 'no-store');
        res.type('html').send(
          renderPreviewPage({
            workspaceName: workspace?.name ?? ws,
            settingsVersion: saved.version,
            enabled: bot.enabled,
            formUrl: url,
            previews,
            formHtml,
          }),
        );
      },
    ),
  ];
}
