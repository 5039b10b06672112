import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Server } from 'restify';
import { CaseSummarySchema } from '../../src/case/caseSummary';
import { loadConfig } from '../../src/config/config';
import { createServer } from '../../src/server/createServer';
import type { TriageApiResponse } from '../../src/server/triageApi';

/** The body of a triage answer (the API's own response type). */
const answer = async (res: Response) => (await res.json()) as TriageApiResponse & { caseDraft: { language: string } | null };
import { triageDeps } from '../helpers/triageDeps';

jest.setTimeout(180_000);

const KEY = 'helpdesk-key-0123456789';
const OTHER_KEY = 'second-key-abcdefghijkl';
const FR_EML = readFileSync(join(__dirname, '..', 'fixtures', 'ndr', 'fr-5.7.750.eml'));
const NDR_705 = readFileSync(join(__dirname, '..', 'fixtures', 'ndr', 'en-5.7.705-newlayout.txt'), 'utf8');

interface Running {
  readonly server: Server;
  readonly base: string;
}

async function start(env: Record<string, string>): Promise<Running> {
  const server = createServer(loadConfig({ MAX_INPUT_BYTES: String(512 * 1024), ...env }), triageDeps());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
const stop = (r: Running) => new Promise<void>((resolve) => r.server.close(() => resolve()));

const post = (r: Running, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${r.base}/api/triage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /api/triage with API keys', () => {
  let api: Running;
  beforeAll(async () => {
    api = await start({ TRIAGE_API_KEYS: `${KEY}, ${OTHER_KEY}`, CLIENT_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => stop(api));
  const auth = { authorization: `Bearer ${KEY}` };

  it.each([
    ['no Authorization header', {}],
    ['a wrong key', { authorization: 'Bearer wrong-key-0123456789xx' }],
    ['a key with a character missing', { authorization: `Bearer ${KEY.slice(0, -1)}` }],
    ['another scheme', { authorization: `Basic ${Buffer.from(`x:${KEY}`).toString('base64')}` }],
  ])('refuses %s with 401 and a problem body', async (_name, headers) => {
    const res = await post(api, { text: '550 5.7.750' }, headers);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="ndr-triage"');
    expect(await res.json()).toMatchObject({ type: 'about:blank', status: 401, title: 'Unauthorized', detail: expect.stringContaining('Authorization: Bearer') });
  });

  it('answers either key, with the explanation, a reply for the user in their language, a case draft and links', async () => {
    const res = await post(api, { id: 'INC0012345', text: NDR_705 }, { authorization: `Bearer ${OTHER_KEY}` });
    expect(res.status).toBe(200);
    const body = await answer(res);
    expect(body).toMatchObject({
      id: 'INC0012345',
      block: '5.7.705',
      needsConfirmation: false,
      explanation: { title: 'Whole tenant blocked from sending after a spam or bulk outbreak', liftedBy: ['microsoft-support'] },
      replyToUser: expect.stringMatching(/^Thank you for reporting this\. The bounce message shows 5\.7\.705: Whole tenant blocked/),
      links: expect.arrayContaining([expect.objectContaining({ url: expect.stringMatching(/^https:\/\/learn\.microsoft\.com\//) })]),
    });
    expect(body.explanation!.steps.length).toBeGreaterThan(1);
    const draft = CaseSummarySchema.parse(body.caseDraft);
    expect(draft).toMatchObject({ ready: false, block: { code: '5.7.705' }, codes: ['5.7.705'] });
    expect(draft.openItems.length).toBe(draft.prerequisites.length);
    expect(draft.ndrSamples.length).toBe(1);
  });

  it('triages an .eml given in base64 (with line breaks, as base64 tools write it), in French for a French NDR', async () => {
    const eml = FR_EML.toString('base64').replace(/.{76}/g, '$&\n');
    const body = await answer(await post(api, { eml }, auth));
    expect(body).toMatchObject({ block: '5.7.750', language: 'fr-FR', needsConfirmation: false });
    expect(body.replyToUser).toMatch(/^Merci de nous avoir signalé ce problème\. Le message de non-remise indique 5\.7\.750\u00a0: /);
    expect(body.explanation!.title).toBe("Locataire bloqué pour l'envoi depuis des domaines non enregistrés");
    expect(body.caseDraft!.language).toBe('fr');
  });

  it('answers in the language asked for with lang', async () => {
    const body = await answer(await post(api, { eml: FR_EML.toString('base64'), lang: 'zh-CN' }, auth));
    expect(body.replyToUser).toMatch(/^感谢您的反馈。退信显示 5\.7\.750：/);
  });

  it('finds a bounce after 600 KiB of ticket text', async () => {
    const text = `${'The customer explains at length what happened. '.repeat(13_200)}\n${NDR_705}`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(600 * 1024);
    const body = await answer(await post(api, { text }, auth));
    expect(body).toMatchObject({ block: '5.7.705', truncated: true });
  });

  it('asks for the bounce when nothing is recognised, and explains a code that is not a block', async () => {
    const nothing = await answer(await post(api, { text: 'my outlook is slow since monday' }, auth));
    expect(nothing).toMatchObject({ block: null, explanation: null, caseDraft: null, links: [] });
    expect(nothing.replyToUser).toContain('please send us the bounce message you received');
    const other = await answer(await post(api, { text: '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found' }, auth));
    expect(other).toMatchObject({ block: null, outOfScope: { code: '5.1.1' } });
    expect(other.replyToUser).toContain('This is not a block on our sending');
  });

  it.each([
    ['both text and eml', { text: 'a', eml: 'YQ==' }, 'give exactly one of text and eml'],
    ['neither', { id: 'x' }, 'give exactly one of text and eml'],
    ['eml that is not base64', { eml: 'not base64!' }, 'eml: eml must be base64'],
    ['an unknown field', { text: 'a', priority: 'high' }, 'Unrecognized key'],
    ['an unknown language', { text: 'a', lang: 'de' }, 'lang'],
  ])('refuses %s with 400 and says why', async (_name, body, why) => {
    const res = await post(api, body, auth);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toContain(why);
  });

  it.each([
    ['malformed JSON', '{"text": ', {}, 400],
    ['a form body', 'text=550', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['a body over twice MAX_INPUT_BYTES', JSON.stringify({ text: 'x'.repeat(1100 * 1024) }), {}, 413],
  ])('answers %s with a problem body', async (_name, body, headers, status) => {
    const res = await post(api, body, { ...auth, ...headers });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ type: 'about:blank', status });
  });

  it('publishes an OpenAPI 3.1 document generated from the schemas, and real answers validate against it', async () => {
    const doc = (await (await fetch(`${api.base}/api/openapi.json`)).json()) as { components: { schemas: Record<string, object> } };
    expect(doc).toMatchObject({ openapi: '3.1.0', paths: { '/api/triage': { post: { operationId: 'triage' } } } });
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const schemas = doc.components.schemas;
    for (const [name, schema] of Object.entries(schemas)) ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    const validResponse = ajv.compile(schemas.TriageResponse!);
    const validRequest = ajv.compile(schemas.TriageRequest!);
    const validProblem = ajv.compile(schemas.Problem!);
    const requests = [{ id: 7, text: NDR_705 }, { eml: FR_EML.toString('base64'), lang: 'it' }, { text: 'nothing to see' }, { text: '550 5.1.1 user unknown' }];
    for (const request of requests) {
      expect(validRequest(request)).toBe(true);
      const body = await (await post(api, request, auth)).json();
      expect({ request, ok: validResponse(body), errors: validResponse.errors }).toEqual({ request, ok: true, errors: null });
    }
    expect(validRequest({ text: 'a', eml: 'b' })).toBe(true); // "exactly one of" is checked by the server, see above
    expect(validProblem(await (await post(api, { text: 'a' })).json())).toBe(true);
  });
});

describe('POST /api/triage limits and configuration', () => {
  it('limits each key on its own: one key at its limit does not stop the other', async () => {
    const api = await start({ TRIAGE_API_KEYS: `${KEY},${OTHER_KEY}`, CLIENT_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post(api, { text: '550 5.7.750' }, { authorization: `Bearer ${KEY}` })).status);
      expect(statuses.slice(-1)).toEqual([429]);
      const limited = await post(api, { text: '550 5.7.750' }, { authorization: `Bearer ${KEY}` });
      expect(limited.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await post(api, { text: '550 5.7.750' }, { authorization: `Bearer ${OTHER_KEY}` })).status).toBe(200);
    } finally {
      await stop(api);
    }
  });

  it('refuses to start in production with the API on and no key, and accepts it off', () => {
    const production = { NODE_ENV: 'production', MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret' };
    expect(() => loadConfig(production)).toThrow('TRIAGE_API_KEYS: required in production while TRIAGE_API is on');
    expect(() => loadConfig({ ...production, TRIAGE_API: 'off' })).not.toThrow();
    expect(() => loadConfig({ ...production, TRIAGE_API_KEYS: 'short' })).toThrow('each key needs at least 16 characters');
    expect(loadConfig({ ...production, TRIAGE_API_KEYS: ` ${KEY} ,${OTHER_KEY}` }).TRIAGE_API_KEYS).toEqual([KEY, OTHER_KEY]);
  });

  it('with TRIAGE_API off there is no /api/triage', async () => {
    const api = await start({ TRIAGE_API: 'off' });
    try {
      expect((await post(api, { text: '550 5.7.750' })).status).toBe(404);
      expect((await fetch(`${api.base}/api/openapi.json`)).status).toBe(404);
    } finally {
      await stop(api);
    }
  });
});
