import { z } from 'zod';
import { checkMessageTrace } from '../checks/messageTrace';
import { withPartial } from '../checks/partialEvidence';
import { graphEvidence, GRAPH_PERMISSIONS, type LiveChecker } from './liveCheck';

/** The properties of an exchangeMessageTrace the message-trace check reads; the others are kept as they come. */
export const MessageTraceSchema = z.looseObject({
  id: z.string().optional(),
  messageId: z.string().nullable().optional(),
  senderAddress: z.string().nullable().optional(),
  recipientAddress: z.string().nullable().optional(),
  receivedDateTime: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  subject: z.string().nullable().optional(),
});

/** How far back the live trace looks: the last two days, as Get-MessageTraceV2 does without dates. */
export const TRACE_DAYS = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The documented list call: `receivedDateTime` filtered with ge/le, the largest page Graph allows. */
export function messageTracePath(now: Date): string {
  const from = new Date(now.getTime() - TRACE_DAYS * DAY_MS).toISOString();
  const filter = `receivedDateTime ge ${from} and receivedDateTime le ${now.toISOString()}`;
  return `/v1.0/admin/exchange/tracing/messageTraces?$filter=${encodeURIComponent(filter)}&$top=5000`;
}

/** The last two days of message trace, read by the message-trace checker as if the admin had pasted them. */
export const liveMessageTrace: LiveChecker = async (client, context, options) => {
  const read = await client.list(messageTracePath(options.now), MessageTraceSchema, { permission: GRAPH_PERMISSIONS.messageTrace });
  if (!read.ok) return read;
  const evidence = graphEvidence(read.value.items);
  return { ok: true, result: withPartial(checkMessageTrace(evidence, context), read.value), evidence };
};
