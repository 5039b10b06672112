import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Activity, ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { InputError, RateLimitedError, RefusedError } from '../errors/errors';
import { CREATE_ONLY_ETAG, type CasStorage } from '../storage/casStorage';
import { CONVERSATION_FORGOTTEN } from '../bot/triageBot';
import { isStorageConflict } from '../storage/isStorageConflict';
import { ConversationQueue } from './conversationQueue';
import { clientKey } from './createServer';
import { jsonShapeProblem } from './jsonShape';
import { sendProblem } from './problem';
import type { RateLimiter } from './rateLimiter';
import { readUpload, type UploadedFile } from './readUpload';
import { UPLOAD_ROUTE } from './requireJson';

/**
 * The part of the Direct Line 3.0 protocol that Web Chat needs, served by the bot itself in local mode (no Azure):
 * start a conversation, post an activity (or upload files with it), poll activities with a watermark, refresh the
 * token. Activities are run through the bot in-process and kept, with the conversation, in the bot's storage — a
 * reload or a restart resumes. Tokens are HMAC-signed and scoped to one conversation and one user.
 */
const TOKEN_SECONDS = 3600;
/** Where the token signing secret is stored; not conversation data, so retention keeps it. */
export const LOCAL_DIRECT_LINE_SECRET_KEY = 'directline/secret';
const SECRET_KEY = LOCAL_DIRECT_LINE_SECRET_KEY;

/** A local conversation keeps at most this many activities and bytes; posts beyond get 413 (start a new one). */
export const MAX_TRANSCRIPT_ACTIVITIES = 500;
export const MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024;

const Claims = z.object({ conv: z.string().min(1), user: z.string().min(1), exp: z.number().finite() });
type Claims = z.infer<typeof Claims>;

/** What the page may post: an activity with a type; who sent it and where it goes are ours to say. */
const PostedActivity = z.looseObject({
  type: z.string().min(1).max(64),
  text: z.string().optional(),
  locale: z.string().max(64).optional(),
  attachments: z.array(z.unknown()).max(20).optional(),
  entities: z.array(z.unknown()).max(50).optional(),
});

const StartRequest = z.object({ locale: z.string().max(64).optional() }).loose();

interface Transcript {
  activities: Partial<Activity>[];
  /** Activities before these were forgotten ("forget this conversation"); positions (ids, watermarks) go on counting. */
  dropped?: number;
  eTag?: string;
}

export interface LocalDirectLineOptions {
  readonly adapter: CloudAdapter;
  readonly bot: ActivityHandler;
  readonly storage: CasStorage;
  readonly ownUrl: () => string;
  /** Posts per conversation and user (the token's). */
  readonly postLimiter: RateLimiter;
  /** New conversations per client address. */
  readonly startLimiter: RateLimiter;
  /** Bytes of file content one upload may carry (UPLOAD_MAX_BYTES). */
  readonly uploadMaxBytes: number;
  readonly now?: () => number;
}

export function mountLocalDirectLine(server: Server, options: LocalDirectLineOptions): void {
  const now = options.now ?? Date.now;
  const queue = new ConversationQueue();
  let secret: Buffer | null = null;

  /** The signing secret lives in storage so that tokens survive a restart; the first instance to store one wins. */
  async function signingSecret(): Promise<Buffer> {
    for (;;) {
      if (secret) return secret;
      const stored = (await options.storage.read([SECRET_KEY]))[SECRET_KEY] as { key?: string } | undefined;
      if (stored?.key) return (secret = Buffer.from(stored.key, 'base64'));
      const mine = randomBytes(32);
      try {
        await options.storage.write({ [SECRET_KEY]: { key: mine.toString('base64'), eTag: CREATE_ONLY_ETAG } });
        secret = mine;
      } catch (err) {
        if (!isStorageConflict(err)) throw err;
      }
    }
  }

  async function issue(conv: string, user: string): Promise<{ conversationId: string; token: string; expires_in: number }> {
    const body = Buffer.from(JSON.stringify({ conv, user, exp: Math.floor(now() / 1000) + TOKEN_SECONDS } satisfies Claims)).toString('base64url');
    const sig = createHmac('sha256', await signingSecret()).update(body).digest('base64url');
    return { conversationId: conv, token: `${body}.${sig}`, expires_in: TOKEN_SECONDS };
  }

  async function verify(req: Request, conv?: string): Promise<Claims | null> {
    const m = /^Bearer\s+([\w-]+)\.([\w-]+)$/.exec(req.header('authorization') ?? '');
    if (!m) return null;
    const expected = createHmac('sha256', await signingSecret()).update(m[1]!).digest();
    const given = Buffer.from(m[2]!, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    // Signed is not enough: a token must say, with a number, when it expires.
    const parsed = Claims.safeParse(raw);
    if (!parsed.success) return null;
    const claims = parsed.data;
    if (claims.exp < now() / 1000) return null;
    if (conv !== undefined && claims.conv !== conv) return null;
    return claims;
  }

  /**
   * Transcripts live under `directline/transcripts/…`. Conversation state keys are `<channel>/conversations/<id>/`,
   * so the second segment tells them apart whatever the ids are (the older `directline/conversations/<id>` differed
   * from the state key only by its trailing slash, which some stores drop).
   */
  const key = (conv: string) => `directline/transcripts/${conv}`;

  /** Runs one activity from the user through the bot in-process and appends it and the replies to the transcript. */
  function exchange(conv: string, posted: Partial<Activity>, user: string): Promise<string> {
    const conversation = { id: conv, isGroup: false, conversationType: 'personal', name: '' };
    return queue.run(conv, async () => {
      const transcript = await readTranscript(conv);
      const seq = (transcript.dropped ?? 0) + transcript.activities.length;
      if (transcript.activities.length >= MAX_TRANSCRIPT_ACTIVITIES || Buffer.byteLength(JSON.stringify(transcript.activities)) >= MAX_TRANSCRIPT_BYTES) {
        throw new RefusedError('too-large', 'This conversation is full (a local conversation keeps 500 activities or 2 MiB); start a new conversation.');
      }
      const userActivity: Partial<Activity> = {
        ...posted,
        id: `${conv}|${String(seq).padStart(7, '0')}`,
        // The user is who the token says, whatever the page claims.
        from: { id: user, name: posted.from?.name ?? '', role: 'user' },
        recipient: { id: 'bot', name: 'NDR Triage Bot', role: 'bot' },
        conversation,
        channelId: 'directline',
        serviceUrl: options.ownUrl(),
        timestamp: new Date(now()),
      };
      const replies: Partial<Activity>[] = [];
      let forgotten = false;
      await options.adapter.processActivityDirect('', { ...userActivity, deliveryMode: 'expectReplies' } as Activity, async (context) => {
        await options.bot.run(context);
        replies.push(...context.bufferedReplyActivities);
        forgotten = context.turnState.get(CONVERSATION_FORGOTTEN) === true;
      });
      // Only what a person sees is kept: the user's messages and the bot's messages (no traces, no
      // conversationUpdate). Ids follow the position in the transcript, which is also the watermark.
      const shown = [
        ...(userActivity.type === 'message' ? [withoutFileContent(userActivity)] : []),
        ...replies
          .filter((r) => r.type === 'message' || r.type === 'typing' || r.type === 'event')
          .map((r) => ({ ...r, from: { id: 'bot', name: 'NDR Triage Bot', role: 'bot' }, conversation, timestamp: new Date(now()), replyToId: userActivity.id })),
      ];
      const kept = shown.map((a, i) => ({ ...a, id: `${conv}|${String(seq + i).padStart(7, '0')}` }));
      if (forgotten) {
        // Everything up to and including the user's "forget" goes; the bot's confirmation is all that remains.
        const mine = kept.filter((a) => a.from?.role === 'bot');
        await replaceTranscript(conv, { activities: mine, dropped: seq + kept.length - mine.length });
        return kept[0]?.id ?? userActivity.id!;
      }
      await append(conv, transcript, kept);
      return kept[0]?.id ?? userActivity.id!;
    });
  }

  /**
   * Appends to the transcript with compare-and-set, re-reading when another instance appended first (create-only
   * when there is none yet). The turn itself was already saved; only its place in the transcript is retried.
   */
  async function append(conv: string, read: Transcript, kept: readonly Partial<Activity>[]): Promise<void> {
    for (let transcript = read; ; transcript = await readTranscript(conv)) {
      const eTag = transcript.eTag ?? CREATE_ONLY_ETAG;
      try {
        await options.storage.write({ [key(conv)]: { activities: [...transcript.activities, ...kept], dropped: transcript.dropped ?? 0, eTag } });
        return;
      } catch (err) {
        if (!isStorageConflict(err)) throw err;
      }
    }
  }

  /** Overwrites the transcript whatever another instance appended meanwhile: forgetting wins. */
  async function replaceTranscript(conv: string, next: Omit<Transcript, 'eTag'>): Promise<void> {
    await options.storage.write({ [key(conv)]: { ...next, eTag: '*' } });
  }

  async function readTranscript(conv: string): Promise<Transcript> {
    return ((await options.storage.read([key(conv)]))[key(conv)] as Transcript | undefined) ?? { activities: [] };
  }

  function unauthorized(res: Response): void {
    sendProblem(res, new RefusedError('forbidden', 'The token is missing, expired, forged or for another conversation.'));
  }

  /**
   * Every answer that is not a success is a problem from the error table (5xx without internals). `closing`: a
   * refused request's body is not read on, so the connection is closed after the answer.
   */
  const guarded = (handler: (req: Request, res: Response) => Promise<void>, closing = false) => async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (err) {
      if (closing) res.setHeader('connection', 'close');
      if (!res.headersSent) sendProblem(res, err);
    }
  };

  // Start: a new conversation with a token bound to it (the page asks for one; no secret reaches the browser).
  server.post('/v3/directline/tokens/generate', guarded(async (req: Request, res: Response) => {
    const wait = options.startLimiter.take(clientKey(req));
    if (wait > 0) return sendProblem(res, new RateLimitedError(wait, `Too many new conversations; try again in ${wait} s.`));
    const body = StartRequest.safeParse(req.body ?? {});
    if (!body.success) return sendProblem(res, new InputError('The body may only hold a "locale" string.'));
    const conv = randomUUID();
    const user = `dl_${randomUUID()}`;
    const locale = body.data.locale;
    // The bot greets the new member, as a channel would on conversationUpdate.
    await exchange(conv, {
      type: 'conversationUpdate',
      membersAdded: [{ id: user, name: '' }],
      from: { id: user, name: '' },
      ...(locale ? { locale: locale.slice(0, 20) } : {}),
    }, user);
    res.send(200, await issue(conv, user));
  }));

  server.post('/v3/directline/tokens/refresh', guarded(async (req: Request, res: Response) => {
    const claims = await verify(req);
    if (!claims) return unauthorized(res);
    res.send(200, await issue(claims.conv, claims.user));
  }));

  // DirectLineJS calls this to start (or, with a conversation id, to reconnect to) its conversation.
  const start = guarded(async (req: Request, res: Response) => {
    const claims = await verify(req, req.params.id as string | undefined);
    if (!claims) return unauthorized(res);
    res.send(200, { ...(await issue(claims.conv, claims.user)), streamUrl: null });
  });
  server.post('/v3/directline/conversations', start);
  server.get('/v3/directline/conversations/:id', start);

  server.get('/v3/directline/conversations/:id/activities', guarded(async (req: Request, res: Response) => {
    const conv = req.params.id as string;
    if (!(await verify(req, conv))) return unauthorized(res);
    const { activities, dropped = 0 } = await readTranscript(conv);
    const watermark = new URL(req.url ?? '/', 'http://localhost').searchParams.get('watermark');
    const from = Math.max(0, Number.parseInt(watermark ?? '0', 10) || 0);
    res.send(200, { activities: activities.slice(Math.max(0, from - dropped)), watermark: String(dropped + activities.length) });
  }));

  server.post('/v3/directline/conversations/:id/activities', guarded(async (req: Request, res: Response) => {
    const conv = req.params.id as string;
    const claims = await verify(req, conv);
    if (!claims) return unauthorized(res);
    const wait = options.postLimiter.take(JSON.stringify([claims.conv, claims.user]));
    if (wait > 0) return sendProblem(res, new RateLimitedError(wait, `This conversation sends too fast; try again in ${wait} s.`));
    const shape = jsonShapeProblem(req.body);
    const posted = shape === null ? PostedActivity.safeParse(req.body) : null;
    if (!posted?.success) return sendProblem(res, new InputError(`Not a usable activity: ${shape ?? 'it needs a "type" (and "text", if any, a string)'}.`));
    const id = await exchange(conv, posted.data as Partial<Activity>, claims.user);
    res.send(200, { id });
  }));

  // Web Chat's file upload (DirectLineJS postMessageWithAttachments): the activity as a JSON part, one part per file.
  // Token and rate limit are checked before the body is read; the files reach the bot inline, as data: URLs.
  server.post(UPLOAD_ROUTE, guarded(async (req: Request, res: Response) => {
    const conv = req.params.id as string;
    const claims = await verify(req, conv);
    if (!claims) throw new RefusedError('forbidden', 'The token is missing, expired, forged or for another conversation.');
    const wait = options.postLimiter.take(JSON.stringify([claims.conv, claims.user]));
    if (wait > 0) throw new RateLimitedError(wait, `This conversation sends too fast; try again in ${wait} s.`);
    const upload = await readUpload(req, options.uploadMaxBytes);
    const shape = jsonShapeProblem(upload.activity);
    const posted = shape === null ? PostedActivity.safeParse(upload.activity) : null;
    if (!posted?.success || posted.data.type !== 'message') throw new InputError(`The "activity" part is not a usable message: ${shape ?? 'it needs "type": "message"'}.`);
    const id = await exchange(conv, { ...(posted.data as Partial<Activity>), attachments: upload.files.map(inlineFile) }, claims.user);
    res.send(200, { id });
  }, true));
}

const MEDIA_TYPE = /^[\w.+-]{1,64}\/[\w.+-]{1,64}$/;

/** An uploaded file as an attachment the bot reads itself: its content inline, as a data: URL (nothing to fetch). */
function inlineFile(file: UploadedFile): { contentType: string; name: string; contentUrl: string } {
  const contentType = MEDIA_TYPE.test(file.contentType) ? file.contentType : 'application/octet-stream';
  return { contentType, name: file.name.slice(0, 200), contentUrl: `data:${contentType};base64,${file.bytes.toString('base64')}` };
}

/** What the transcript keeps of the user's message: its files by name and type, not their content. */
function withoutFileContent(activity: Partial<Activity>): Partial<Activity> {
  if (!activity.attachments?.some((a) => a.contentUrl?.startsWith('data:'))) return activity;
  return { ...activity, attachments: activity.attachments.map(({ contentUrl, ...rest }) => (contentUrl?.startsWith('data:') ? rest : { ...rest, contentUrl })) };
}
