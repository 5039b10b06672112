import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app/createApp';
import { createThreadedTriageDeps, createTriageDeps } from '../../src/app/createTriageDeps';
import * as recognizerStore from '../../src/recognize/recognizerStore';
import { cachedFingerprint } from '../../src/recognize/recognizerStore';
import { trainingFingerprint } from '../../src/recognize/symptomRecognizer';
import { createTriagePool, type TriagePool } from '../../src/batch/triagePool';
import { loadConfig } from '../../src/config/config';
import { errorOfKind, InputError, RefusedError, UpstreamError } from '../../src/errors/errors';
import { triage, type TriageDeps, type TriageThreads } from '../../src/recognize/triage';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';

jest.setTimeout(180_000);

const FIXTURES = join(__dirname, '..', 'fixtures', 'ndr');
const texts = ['en-5.7.705-newlayout.txt', 'zh-CN-5.7.750.txt', 'ja-5.1.8.txt', 'confusers.txt'].map((f) => readFileSync(join(FIXTURES, f), 'utf8'));
texts.push('depuis ce matin personne ne peut envoyer de mails vers l’extérieur', '530 5.7.57 Client not authenticated to send mail');

describe('triage on threads', () => {
  const config = loadConfig(process.env);
  const local = createTriageDeps(config);
  let pool: TriagePool;
  let threaded: TriageDeps;
  beforeAll(() => {
    pool = createTriagePool(config, 1);
    threaded = { ...local, threads: pool };
  });
  afterAll(() => pool.close());

  it('hands the work to live threads, and keeps it when none is alive', async () => {
    const asked: string[] = [];
    const answer = await triage(texts[0]!, local);
    const fake = (alive: boolean): TriageThreads => ({ alive, triage: async (input) => (asked.push(String(input)), { ...answer, block: 'from-thread' }) });
    expect((await triage('550 5.7.750', { ...local, threads: fake(true) })).block).toBe('from-thread');
    expect((await triage('550 5.7.750', { ...local, threads: fake(false) })).block).toBe('5.7.750');
    expect(asked).toEqual(['550 5.7.750']);
  });

  it('gives the same answers as triage on the caller’s thread', async () => {
    for (const text of texts) {
      for (const options of [{}, { locale: 'fr' as const }]) {
        expect(await triage(text, threaded, options)).toEqual(await triage(text, local, options));
      }
    }
  });

  it('triages on the caller’s thread again once every thread stopped', async () => {
    const stopped = createTriagePool(config, 1);
    await stopped.close();
    expect(stopped.alive).toBe(false);
    expect(await triage(texts[0]!, { ...local, threads: stopped })).toEqual(await triage(texts[0]!, local));
  });

  it('rebuilds an error of the right kind when it crosses from a thread', () => {
    expect(errorOfKind('input', 'bad')).toBeInstanceOf(InputError);
    expect(errorOfKind('too-large', 'big')).toEqual(expect.objectContaining({ kind: 'too-large', message: 'big' }));
    expect(errorOfKind('too-large', 'big')).toBeInstanceOf(RefusedError);
    expect(errorOfKind('upstream', 'down')).toBeInstanceOf(UpstreamError);
    expect(errorOfKind('internal', 'bug').kind).toBe('internal');
  });
});

describe('the server with a triage thread', () => {
  let app: App;
  let base: string;
  beforeAll(async () => {
    app = createApp(loadConfig({ ...process.env, STORAGE: 'memory', TRIAGE_THREADS: '0' }), { storage: new InMemoryStorage(), logDestination: { write: () => undefined } });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  it('answers chat turns and the triage API through its thread', async () => {
    const answered = await fetch(`${base}/api/triage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: texts[1] }) });
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { block: string | null }).block).toBe('5.7.750');
    const chat = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', id: 'm-1', channelId: 'directline', serviceUrl: base, from: { id: 'u' }, recipient: { id: 'bot' }, conversation: { id: 'c-1' }, locale: 'en-US', text: texts[0], deliveryMode: 'expectReplies' }),
    });
    const replies = ((await chat.json()) as { activities: { text?: string }[] }).activities.map((a) => a.text ?? '').join('\n');
    expect(replies).toContain('5.7.705');
  });
});

describe('a server that triages on threads keeps the model in the threads only', () => {
  const config = loadConfig(process.env);

  it('reads the cache’s fingerprint from its first bytes, and null for a missing or foreign file', () => {
    const local = createTriageDeps(config);
    expect(cachedFingerprint(config.MODEL_CACHE)).toBe(local.recognizer.fingerprint);
    expect(cachedFingerprint(config.MODEL_CACHE)).toBe(trainingFingerprint(local.catalog.symptoms));
    const dir = mkdtempSync(join(tmpdir(), 'ndr-model-'));
    expect(cachedFingerprint(join(dir, 'missing.json'))).toBeNull();
    writeFileSync(join(dir, 'odd.json'), '{"model":{},"fingerprint":"abc"}');
    expect(cachedFingerprint(join(dir, 'odd.json'))).toBeNull();
  });

  it('does not load the model on the server’s own thread unless it has to triage there', async () => {
    const load = jest.spyOn(recognizerStore, 'loadRecognizer');
    try {
      let started = 0;
      const deps = createThreadedTriageDeps(config, () => (started++, { alive: true, triage: async () => { throw new Error('not used'); } }));
      expect(started).toBe(1);
      expect(deps.fingerprint).toBe(cachedFingerprint(config.MODEL_CACHE));
      expect(load).not.toHaveBeenCalled();
      // Only a fallback (every thread stopped) reads it here, once.
      expect(deps.recognizer.fingerprint).toBe(deps.fingerprint);
      expect(deps.recognizer).toBe(deps.recognizer);
      expect(load).toHaveBeenCalledTimes(1);
    } finally {
      load.mockRestore();
    }
  });
});
