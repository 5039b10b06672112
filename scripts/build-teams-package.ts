import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/config/projectRoot';
import { fillManifest } from '../src/teams/teamsManifest';

/**
 * Writes dist/teams/ (manifest.json + the two icons) from manifest/ and the environment:
 * MicrosoftAppId, TEAMS_APP_ID, PUBLIC_HOST. Zip the three files to upload the app to Teams.
 */
const root = projectRoot();
const { manifest, errors } = fillManifest(readFileSync(join(root, 'manifest', 'manifest.json'), 'utf8'), {
  MicrosoftAppId: process.env.MicrosoftAppId ?? '',
  TEAMS_APP_ID: process.env.TEAMS_APP_ID ?? '',
  PUBLIC_HOST: process.env.PUBLIC_HOST ?? '',
  VERSION: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
});
if (errors.length > 0) {
  console.error(`Cannot build the Teams package:\n  ${errors.join('\n  ')}`);
  process.exitCode = 2;
} else {
  const out = join(root, 'dist', 'teams');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const icon of ['color.png', 'outline.png']) copyFileSync(join(root, 'manifest', icon), join(out, icon));
  console.log(`wrote ${out} (zip manifest.json, color.png and outline.png to upload the app)`);
}
