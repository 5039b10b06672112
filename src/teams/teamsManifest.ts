import { GUID } from '../text/guid';

/** Values the Teams app manifest template needs. */
export interface ManifestValues {
  readonly MicrosoftAppId: string;
  readonly TEAMS_APP_ID: string;
  readonly PUBLIC_HOST: string;
  readonly VERSION: string;
}

const HOST = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Checks the values, then fills every {{NAME}} slot of the template; an unknown or missing slot is an error. */
export function fillManifest(template: string, values: ManifestValues): { manifest: unknown; errors: string[] } {
  const errors: string[] = [];
  if (!GUID.test(values.MicrosoftAppId)) errors.push('MicrosoftAppId: expected the bot registration GUID');
  if (!GUID.test(values.TEAMS_APP_ID)) errors.push('TEAMS_APP_ID: expected a GUID for the Teams app');
  if (!HOST.test(values.PUBLIC_HOST)) errors.push('PUBLIC_HOST: expected the bot host name, e.g. bot.contoso.com');
  if (!/^\d+\.\d+\.\d+$/.test(values.VERSION)) errors.push('VERSION: expected major.minor.patch');
  const filled = template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    if (!(name in values)) {
      errors.push(`template slot {{${name}}} has no value`);
      return whole;
    }
    return values[name as keyof ManifestValues];
  });
  return { manifest: errors.length === 0 ? JSON.parse(filled) : null, errors };
}
