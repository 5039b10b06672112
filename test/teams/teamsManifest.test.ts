import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { teamsSchemas, packageSources } from '../../scripts/teamsPackageInputs';
import { loadCatalog } from '../../src/catalog/loadKnowledge';
import { matchCommand } from '../../src/conversation/commands';
import { addressedText } from '../../src/teams/addressing';
import { fillManifest } from '../../src/teams/teamsManifest';
import { buildTeamsPackage, pngSize } from '../../src/teams/teamsPackage';
import { crc32 } from '../../src/teams/zipArchive';
import { readMessageAction } from '../../src/teams/messageActionValue';

const ROOT = join(__dirname, '..', '..');
const template = readFileSync(join(ROOT, 'manifest', 'manifest.json'), 'utf8');
const env = {
  MicrosoftAppId: '5f3a2d1c-0b9e-4c8d-a7f6-e5d4c3b2a190',
  TEAMS_APP_ID: '0d8f6a4e-2c1b-4e3d-9f8a-7b6c5d4e3f21',
  PUBLIC_HOST: 'ndr-bot.contoso.com',
};
const values = { ...env, VERSION: '0.1.0' };
const schemas = teamsSchemas();

/** Reads a zip the way an unzipper does: the end record, the central directory, then each local entry, inflated and CRC-checked. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBe(zip.length - 22);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const packedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const packed = zip.subarray(dataAt, dataAt + packedSize);
    const data = method === 8 ? inflateRawSync(packed) : Buffer.from(packed);
    expect({ name, size: data.length, crc: crc32(data) }).toEqual({ name, size, crc });
    files.set(name, data);
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

describe('Teams app manifest', () => {
  it('validates against the Teams 1.24 schema once filled', () => {
    const { manifest, errors } = fillManifest(template, values);
    expect(errors).toEqual([]);
    expect(schemas.manifest(manifest)).toEqual([]);
    // supportsFiles: users can attach an export or an NDR in the personal chat (the bot downloads it).
    expect(manifest).toMatchObject({ bots: [{ botId: values.MicrosoftAppId, supportsFiles: true }], validDomains: ['ndr-bot.contoso.com', 'token.botframework.com'] });
  });

  it('says which value is wrong instead of writing a broken manifest', () => {
    const { manifest, errors } = fillManifest(template, { ...values, MicrosoftAppId: '', PUBLIC_HOST: 'https://x' });
    expect(manifest).toBeNull();
    expect(errors).toEqual(['MicrosoftAppId: expected the bot registration GUID', 'PUBLIC_HOST: expected the bot host name, e.g. bot.contoso.com']);
  });

  it('the schema check catches a manifest Teams would refuse', () => {
    const { manifest } = fillManifest(template, values);
    const broken = { ...(manifest as object), bots: [{ botId: values.MicrosoftAppId, scopes: ['everywhere'] }] };
    expect(schemas.manifest(broken)).not.toEqual([]);
  });
});

describe('Teams app package (npm run teams:package)', () => {
  const { zip, errors } = buildTeamsPackage(packageSources(ROOT, env), schemas);
  const files = zip ? unzip(zip) : new Map<string, Buffer>();
  const json = (name: string) => JSON.parse(files.get(name)!.toString('utf8')) as Record<string, unknown>;
  const catalog = loadCatalog(join(ROOT, 'knowledge'));

  it('is a zip of the manifest, the two icons and the fr, it and zh-CN localization files', () => {
    expect(errors).toEqual([]);
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png', 'fr.json', 'it.json', 'zh-CN.json']);
  });

  it('holds a manifest filled from the configuration and valid against the schema', () => {
    const manifest = json('manifest.json');
    expect(schemas.manifest(manifest)).toEqual([]);
    expect(manifest).toMatchObject({
      id: '0d8f6a4e-2c1b-4e3d-9f8a-7b6c5d4e3f21',
      version: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
      developer: { privacyUrl: 'https://ndr-bot.contoso.com/privacy', termsOfUseUrl: 'https://ndr-bot.contoso.com/terms' },
      bots: [{ botId: '5f3a2d1c-0b9e-4c8d-a7f6-e5d4c3b2a190', scopes: ['personal', 'team', 'groupChat'] }],
      localizationInfo: {
        defaultLanguageTag: 'en',
        additionalLanguages: [
          { languageTag: 'fr', file: 'fr.json' },
          { languageTag: 'it', file: 'it.json' },
          { languageTag: 'zh-CN', file: 'zh-CN.json' },
        ],
      },
    });
  });

  it.each([
    ['color.png', 192],
    ['outline.png', 32],
  ])('%s is a PNG of %i pixels square', (file, size) => {
    expect(pngSize(files.get(file)!)).toEqual({ width: size, height: size });
  });

  it.each(['fr.json', 'it.json', 'zh-CN.json'])('%s is a valid localization file', (file) => {
    expect(schemas.localization(json(file))).toEqual([]);
    expect(json(file)['name.short']).toBe('NDR Triage');
  });

  // Each scope lists the same three commands; the bot must understand each title as typed (and after its mention).
  const COMMANDS: [string, string, string[]][] = [
    ['en', 'manifest.json', ['help', 'start over', 'new case']],
    ['fr', 'fr.json', ['aide', 'recommencer', 'nouveau cas']],
    ['it', 'it.json', ['aiuto', 'ricomincia', 'nuovo caso']],
    ['zh-CN', 'zh-CN.json', ['帮助', '重新开始', '新案例']],
  ];
  it.each(COMMANDS)('%s: every scope lists help, start over and new case, and the bot understands each', (_lang, file, titles) => {
    const doc = json(file);
    const listed: string[][] =
      file === 'manifest.json'
        ? (doc.bots as { commandLists: { commands: { title: string }[] }[] }[])[0]!.commandLists.map((l) => l.commands.map((c) => c.title))
        : [0, 1, 2].map((i) => [0, 1, 2].map((j) => doc[`bots[0].commandLists[${i}].commands[${j}].title`] as string));
    expect(listed).toEqual([titles, titles, titles]);
    const BOT = '28:5f3a2d1c-0b9e-4c8d-a7f6-e5d4c3b2a190';
    const understood = titles.map((title) => {
      const inChannel = addressedText({
        channelId: 'msteams',
        conversationType: 'channel',
        botId: BOT,
        text: `<at>NDR Triage</at> ${title}`,
        entities: [{ type: 'mention', text: '<at>NDR Triage</at>', mentioned: { id: BOT } }],
      });
      return [matchCommand(catalog, title), inChannel.answer ? matchCommand(catalog, inChannel.text) : null];
    });
    expect(understood).toEqual([
      ['help', 'help'],
      ['startOver', 'startOver'],
      ['startOver', 'startOver'],
    ]);
  });

  it('the command lists are one per scope: personal, team, group chat', () => {
    const lists = (json('manifest.json').bots as { commandLists: { scopes: string[] }[] }[])[0]!.commandLists;
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
  });

  it('declares one message action, "Triage this NDR", that opens its card at once (fetchTask), and the bot reads what Teams sends for it', () => {
    const extensions = json('manifest.json').composeExtensions as { botId: string; commands: { id: string }[] }[];
    expect(extensions).toEqual([
      {
        botId: '5f3a2d1c-0b9e-4c8d-a7f6-e5d4c3b2a190',
        commands: [
          { id: 'triageNdr', type: 'action', title: 'Triage this NDR', description: 'Recognise the sending block in this bounce message', context: ['message'], fetchTask: true },
        ],
      },
    ]);
    for (const command of extensions.flatMap((e) => e.commands)) {
      const value = { commandId: command.id, commandContext: 'message', messagePayload: { body: { contentType: 'html', content: '<p>550 5.7.750</p>' } } };
      expect(readMessageAction(value)).toEqual({ kind: 'triage', text: '550 5.7.750' });
    }
  });

  it.each([
    ['en', 'manifest.json', 'Triage this NDR', 'Recognise the sending block in this bounce message'],
    ['fr', 'fr.json', 'Trier ce NDR', "Reconnaître le blocage d'envoi de ce message de non-remise"],
    ['it', 'it.json', 'Analizza questo NDR', "Riconosci il blocco d'invio in questo messaggio di mancato recapito"],
    ['zh-CN', 'zh-CN.json', '分析此 NDR', '识别此退信中的发送阻止'],
  ] as const)('%s: the message action is named in the language, and its dialog has the same title', (lang, file, title, description) => {
    const doc = json(file);
    const named =
      file === 'manifest.json'
        ? (({ title, description }) => ({ title, description }))((doc.composeExtensions as { commands: { title: string; description: string }[] }[])[0]!.commands[0]!)
        : { title: doc['composeExtensions[0].commands[0].title'], description: doc['composeExtensions[0].commands[0].description'] };
    expect(named).toEqual({ title, description });
    expect(catalog.messages[lang]['teams.triage.command']).toBe(title);
  });

  it('is not written when a localization file is missing or an icon has the wrong size', () => {
    const sources = packageSources(ROOT, env);
    const files = new Map(sources.files);
    files.delete('it.json');
    files.set('outline.png', files.get('color.png')!);
    expect(buildTeamsPackage({ ...sources, files }, schemas)).toEqual({
      zip: null,
      errors: ['icons.outline: outline.png is 192×192, Teams wants 32×32', 'localizationInfo: it.json is not a file in manifest/'],
    });
  });

  it('is not written when a localization file names a string the manifest does not have', () => {
    const sources = packageSources(ROOT, env);
    const fr = JSON.parse(sources.files.get('fr.json')!.toString('utf8')) as Record<string, string>;
    const files = new Map(sources.files).set('fr.json', Buffer.from(JSON.stringify({ ...fr, 'bots[0].commandLists[2].commands[5].title': 'aide' })));
    expect(buildTeamsPackage({ ...sources, files }, schemas).errors).toEqual(['fr.json: bots[0].commandLists[2].commands[5].title names nothing in the manifest']);
  });

  it('is the same bytes for the same files', () => {
    expect(buildTeamsPackage(packageSources(ROOT, env), schemas).zip!.equals(zip!)).toBe(true);
  });
});
