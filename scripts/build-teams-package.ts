import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/config/projectRoot';
import { buildTeamsPackage, TEAMS_PACKAGE_FILE } from '../src/teams/teamsPackage';
import { packageSources, teamsSchemas } from './teamsPackageInputs';

/**
 * Writes dist/teams/ndr-triage-teams.zip — the Teams app package to upload — from manifest/ and the environment:
 * MicrosoftAppId, TEAMS_APP_ID, PUBLIC_HOST; the version is package.json's. The manifest and its localization files
 * are checked against the Teams schema (offline) before anything is written.
 */
const root = projectRoot();
const { zip, errors } = buildTeamsPackage(packageSources(root, process.env), teamsSchemas());
if (!zip) {
  console.error(`Cannot build the Teams package:\n  ${errors.join('\n  ')}`);
  process.exitCode = 2;
} else {
  const out = join(root, 'dist', 'teams');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, TEAMS_PACKAGE_FILE), zip);
  console.log(`wrote ${join(out, TEAMS_PACKAGE_FILE)}: upload it in Teams (Apps > Manage your apps > Upload an app)`);
}
