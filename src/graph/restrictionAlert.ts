import { z } from 'zod';
import type { GraphClient, GraphResult } from './graphClient';
import { GRAPH_PERMISSIONS } from './liveCheck';

/**
 * The default alert policies Microsoft raises when it restricts sending (alert titles as Defender and Purview show
 * them). alerts_v2 filters on dates, not titles: the titles are matched here, case aside.
 */
export const RESTRICTION_ALERT_TITLES = [
  'User restricted from sending email',
  'Tenant restricted from sending email',
  'Tenant restricted from sending unprovisioned email',
  'Email sending limit exceeded',
] as const;

/** How far back alerts are looked for. */
export const ALERT_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export const AlertSchema = z.looseObject({
  id: z.string().optional(),
  title: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  createdDateTime: z.string().nullable().optional(),
  firstActivityDateTime: z.string().nullable().optional(),
});
type Alert = z.infer<typeof AlertSchema>;

/** What the restriction alert said, and when the restriction started. */
export interface RestrictionAlert {
  readonly title: string;
  readonly description: string | null;
  /** ISO instant: the alert's first activity, else its creation. */
  readonly raisedAt: string;
}

export function alertsPath(now: Date): string {
  const from = new Date(now.getTime() - ALERT_DAYS * DAY_MS).toISOString();
  return `/v1.0/security/alerts_v2?$filter=${encodeURIComponent(`createdDateTime ge ${from}`)}`;
}

/** The latest restriction alert of the last 30 days; null when there is none. */
export async function readRestrictionAlert(client: GraphClient, now: Date): Promise<GraphResult<RestrictionAlert | null>> {
  const read = await client.list(alertsPath(now), AlertSchema, { permission: GRAPH_PERMISSIONS.alerts });
  if (!read.ok) return read;
  const titles = new Set(RESTRICTION_ALERT_TITLES.map((t) => t.toLowerCase()));
  const found = read.value.items
    .map((a) => ({ alert: a, at: instantOf(a) }))
    .filter((x): x is { alert: Alert; at: Date } => x.at !== null && titles.has((x.alert.title ?? '').trim().toLowerCase()))
    .sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  if (!found) return { ok: true, value: null };
  const description = found.alert.description?.trim() ?? '';
  return { ok: true, value: { title: found.alert.title!.trim(), description: description === '' ? null : description, raisedAt: found.at.toISOString() } };
}

function instantOf(alert: Alert): Date | null {
  for (const value of [alert.firstActivityDateTime, alert.createdDateTime]) {
    const d = value ? new Date(value) : null;
    if (d && !Number.isNaN(d.getTime())) return d;
  }
  return null;
}
