import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/projectRoot';

jest.setTimeout(120_000);

/**
 * What a server process holds in memory is what it loads. These run the built app (`dist`, as `npm start` does) in a
 * fresh process and list the packages it loaded, so that the README's memory figures cannot quietly grow back:
 * the dialog library's recognizer suites (~25 MiB), the language detector's tables (~50 MiB) and the Azure Blob SDK
 * are each loaded only where they are used.
 */
function packagesLoaded(env: Record<string, string>, afterStart = ''): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'ndr-modules-'));
  const dist = join(projectRoot(), 'dist', 'src');
  const script = `
    const { createApp } = require(${JSON.stringify(join(dist, 'app', 'createApp'))});
    const { loadConfig } = require(${JSON.stringify(join(dist, 'config', 'config'))});
    const app = createApp(loadConfig({ ...process.env, ...${JSON.stringify({ SQLITE_PATH: join(dir, 'state.db'), LOG_LEVEL: 'silent', ...env })} }));
    (async () => {
      ${afterStart}
      const names = new Set();
      for (const file of Object.keys(require.cache)) {
        const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(file);
        if (m) names.add(m[1].replace(/\\\\/g, '/'));
      }
      process.stdout.write(JSON.stringify([...names]));
      process.exit(0);
    })();
  `;
  try {
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: projectRoot(), encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test' } })) as string[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('what the server process loads', () => {
  it('with triage on a thread: the bot, but no recognizer suite, no language tables and no Blob SDK', () => {
    const loaded = packagesLoaded({ STORAGE: 'sqlite', TRIAGE_THREADS: '1' });
    expect(loaded).toEqual(expect.arrayContaining(['botbuilder', 'botbuilder-dialogs', 'restify', 'better-sqlite3']));
    for (const heavy of ['@microsoft/recognizers-text-suite', '@microsoft/recognizers-text-date-time', '@microsoft/recognizers-text-choice', 'tinyld', '@azure/storage-blob']) {
      expect(loaded).not.toContain(heavy);
    }
  });

  it('triaging on its own event loop, it loads the language tables on the first Latin-script text', () => {
    const before = packagesLoaded({ STORAGE: 'memory', TRIAGE_THREADS: '0' });
    expect(before).not.toContain('tinyld');
    const after = packagesLoaded(
      { STORAGE: 'memory', TRIAGE_THREADS: '0' },
      `const { detectLanguage } = require(${JSON.stringify(join(projectRoot(), 'dist', 'src', 'recognize', 'detectLanguage'))});
       if (detectLanguage('Bonjour, plus personne ne peut envoyer de courriels depuis ce matin') !== 'fr') throw new Error('not French');`,
    );
    expect(after).toContain('tinyld');
  });

  it('loads the Blob SDK when the state lives in Azure Blob storage', () => {
    const loaded = packagesLoaded({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true', TRIAGE_THREADS: '0' });
    expect(loaded).toContain('@azure/storage-blob');
  });
});
