import { fillManifest, type ManifestValues } from './teamsManifest';
import { zipArchive, type ZipEntry } from './zipArchive';

/** Schema checks of the two kinds of JSON file in a Teams app package: each returns its problems, none when valid. */
export interface TeamsSchemas {
  readonly manifest: (value: unknown) => string[];
  readonly localization: (value: unknown) => string[];
}

export interface PackageSources {
  /** manifest/manifest.json, with {{NAME}} slots. */
  readonly template: string;
  /** The other files of manifest/ by name: the icons and the localization files the manifest names. */
  readonly files: ReadonlyMap<string, Buffer>;
  readonly values: ManifestValues;
}

/** The package file name `npm run teams:package` writes. */
export const TEAMS_PACKAGE_FILE = 'ndr-triage-teams.zip';

/** Icon sizes Teams requires: a 192×192 colour icon and a 32×32 outline. */
const ICON_SIZES = { color: 192, outline: 32 } as const;

interface ManifestShape {
  readonly icons?: { readonly color?: unknown; readonly outline?: unknown };
  readonly localizationInfo?: { readonly additionalLanguages?: readonly { readonly file?: unknown }[] };
}

/** Width and height from a PNG's IHDR, or null when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | null {
  if (png.length < 24 || png.toString('latin1', 0, 8) !== '\x89PNG\r\n\x1a\n' || png.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The value at a localization key's path ("bots[0].commandLists[1].commands[2].title") in the manifest. */
function valueAt(manifest: unknown, path: string): unknown {
  let here: unknown = manifest;
  for (const step of path.split(/[.[\]]+/).filter((s) => s !== '')) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<string, unknown>)[step];
  }
  return here;
}

/** A localization key names a manifest string: plain keys ("name.short") are dotted paths too. */
function checkLocalization(file: string, text: string, manifest: unknown, schemas: TeamsSchemas): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [`${file}: not JSON`];
  }
  const errors = schemas.localization(value).map((e) => `${file}: ${e}`);
  for (const key of Object.keys(value as object)) {
    if (key === '$schema' || key === 'localizationKeys') continue;
    if (typeof valueAt(manifest, key) !== 'string') errors.push(`${file}: ${key} names nothing in the manifest`);
  }
  return errors;
}

/**
 * The Teams app package: the manifest filled from the configuration and checked against the schema, the two icons
 * (checked for their sizes) and every localization file the manifest names (checked against their schema and
 * against the manifest), zipped. Nothing is zipped when anything is wrong.
 */
export function buildTeamsPackage(sources: PackageSources, schemas: TeamsSchemas): { zip: Buffer | null; errors: string[] } {
  const filled = fillManifest(sources.template, sources.values);
  if (filled.errors.length > 0) return { zip: null, errors: filled.errors };
  const manifest = filled.manifest as ManifestShape;
  const errors = schemas.manifest(manifest).map((e) => `manifest.json: ${e}`);
  const entries: ZipEntry[] = [{ name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) }];
  for (const [icon, size] of Object.entries(ICON_SIZES)) {
    const name = manifest.icons?.[icon as keyof typeof ICON_SIZES];
    const data = typeof name === 'string' ? sources.files.get(name) : undefined;
    const found = data ? pngSize(data) : null;
    if (!data || !found) errors.push(`icons.${icon}: ${String(name)} is not a PNG file in manifest/`);
    else if (found.width !== size || found.height !== size) errors.push(`icons.${icon}: ${String(name)} is ${found.width}×${found.height}, Teams wants ${size}×${size}`);
    else entries.push({ name: name as string, data });
  }
  for (const { file } of manifest.localizationInfo?.additionalLanguages ?? []) {
    const data = typeof file === 'string' ? sources.files.get(file) : undefined;
    if (!data) {
      errors.push(`localizationInfo: ${String(file)} is not a file in manifest/`);
      continue;
    }
    errors.push(...checkLocalization(file as string, data.toString('utf8'), manifest, schemas));
    entries.push({ name: file as string, data });
  }
  return errors.length > 0 ? { zip: null, errors } : { zip: zipArchive(entries), errors: [] };
}
