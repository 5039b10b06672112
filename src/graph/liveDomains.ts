import { z } from 'zod';
import { checkAcceptedDomains } from '../checks/acceptedDomains';
import { withPartial } from '../checks/partialEvidence';
import { graphEvidence, GRAPH_PERMISSIONS, type LiveChecker } from './liveCheck';

/** The properties of a Graph domain the accepted-domains check reads; the others are kept as they come. */
export const GraphDomainSchema = z.looseObject({
  id: z.string().max(253),
  isVerified: z.boolean().optional(),
  isDefault: z.boolean().optional(),
  isInitial: z.boolean().optional(),
});

/** `GET /v1.0/domains` read by the accepted-domains checker, as if the admin had pasted it. */
export const liveAcceptedDomains: LiveChecker = async (client, context) => {
  const read = await client.list('/v1.0/domains', GraphDomainSchema, { permission: GRAPH_PERMISSIONS.domains });
  if (!read.ok) return read;
  const evidence = graphEvidence(read.value.items);
  return { ok: true, result: withPartial(checkAcceptedDomains(evidence, context), read.value), evidence };
};
