import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { fillManifest } from '../../src/teams/teamsManifest';

const ROOT = join(__dirname, '..', '..');
const template = readFileSync(join(ROOT, 'manifest', 'manifest.json'), 'utf8');
const values = {
  MicrosoftAppId: '5f3a2d1c-0b9e-4c8d-a7f6-e5d4c3b2a190',
  TEAMS_APP_ID: '0d8f6a4e-2c1b-4e3d-9f8a-7b6c5d4e3f21',
  PUBLIC_HOST: 'ndr-bot.contoso.com',
  VERSION: '0.1.0',
};

/** The offline copy of the Teams schema that @microsoft/app-manifest ships. */
function teamsSchema(version: string): object {
  const file = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
  // The published schema has a regex with "\a", which JavaScript rejects; the package itself applies the same fix.
  return JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\x07')) as object;
}

describe('Teams app manifest', () => {
  it('validates against the Teams 1.24 schema once filled', async () => {
    const { manifest, errors } = fillManifest(template, values);
    expect(errors).toEqual([]);
    // The same validator @microsoft/app-manifest uses for draft-04 Teams schemas.
    const ajv = new Ajv04({ allErrors: true, strictTypes: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    const validate = ajv.compile(teamsSchema('1.24'));
    expect({ valid: validate(manifest), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    // supportsFiles: users can attach an export or an NDR in the personal chat (the bot downloads it).
    expect(manifest).toMatchObject({ bots: [{ botId: values.MicrosoftAppId, supportsFiles: true }], validDomains: ['ndr-bot.contoso.com'] });
  });

  it('says which value is wrong instead of writing a broken manifest', () => {
    const { manifest, errors } = fillManifest(template, { ...values, MicrosoftAppId: '', PUBLIC_HOST: 'https://x' });
    expect(manifest).toBeNull();
    expect(errors).toEqual(['MicrosoftAppId: expected the bot registration GUID', 'PUBLIC_HOST: expected the bot host name, e.g. bot.contoso.com']);
  });

  it.each([
    ['color.png', 192],
    ['outline.png', 32],
  ])('%s is a PNG of %i pixels square', (file, size) => {
    const png = readFileSync(join(ROOT, 'manifest', file));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
  });
});
