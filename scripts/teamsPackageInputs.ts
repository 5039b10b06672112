import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { PackageSources, TeamsSchemas } from '../src/teams/teamsPackage';

/** The manifest schema version manifest/manifest.json is written for. */
export const TEAMS_SCHEMA_VERSION = '1.24';

/** The offline copy of a Teams schema that @microsoft/app-manifest (a dev dependency) ships. */
function teamsSchema(version: string, file: string): object {
  const path = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/${file}`);
  // The published schema has a regex with "\a", which JavaScript rejects; the package itself applies the same fix.
  return JSON.parse(readFileSync(path, 'utf8').replace(/\\a/g, '\\x07')) as object;
}

/** Validators for the manifest and its localization files, offline, as @microsoft/app-manifest validates draft-04 Teams schemas. */
export function teamsSchemas(version = TEAMS_SCHEMA_VERSION): TeamsSchemas {
  const check = (schema: object, unicodeRegExp = true) => {
    const ajv = new Ajv04({ allErrors: true, strictTypes: false, unicodeRegExp });
    addFormats(ajv, ['uri', 'email', 'regex']);
    const validate = ajv.compile(schema);
    return (value: unknown) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`));
  };
  return {
    manifest: check(teamsSchema(version, 'MicrosoftTeams.schema.json')),
    // Its key patterns ("…\\b]\\.description$") are valid only without the "u" flag.
    localization: check(teamsSchema(version, 'MicrosoftTeams.Localization.schema.json'), false),
  };
}

/** What the package is built from: manifest/ and the configuration (the version is package.json's). */
export function packageSources(root: string, env: Readonly<Record<string, string | undefined>>): PackageSources {
  const dir = join(root, 'manifest');
  return {
    template: readFileSync(join(dir, 'manifest.json'), 'utf8'),
    files: new Map(readdirSync(dir).filter((f) => f !== 'manifest.json').map((f) => [f, readFileSync(join(dir, f))])),
    values: {
      MicrosoftAppId: env.MicrosoftAppId ?? '',
      TEAMS_APP_ID: env.TEAMS_APP_ID ?? '',
      PUBLIC_HOST: env.PUBLIC_HOST ?? '',
      VERSION: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
    },
  };
}
