import { Readable } from 'node:stream';
import { csvRecords } from '../../src/batch/csvRecords';
import { mboxMessages } from '../../src/batch/mboxMessages';
import { buildCase } from '../../src/case/buildCase';
import { renderAdaptiveCard } from '../../src/case/renderAdaptiveCard';
import { renderMarkdown } from '../../src/case/renderMarkdown';
import { renderText } from '../../src/case/renderText';
import { cleanText, escapeCardText, escapeMarkdown, markdownCodeBlock, redactSecrets } from '../../src/case/sanitize';
import { CHECKERS } from '../../src/checks/checkers';
import type { CheckContext } from '../../src/checks/checkResult';
import { parseExport } from '../../src/checks/exports/parseExport';
import { answerPrerequisite } from '../../src/conversation/answerPrerequisite';
import { CASE_FIELDS, parseField } from '../../src/conversation/caseFields';
import { matchCommand, matchLanguageSwitch } from '../../src/conversation/commands';
import { findAddresses } from '../../src/ndr/addresses';
import { findStatusCodes } from '../../src/ndr/findStatusCodes';
import { htmlToText } from '../../src/ndr/htmlToText';
import { parseNdr } from '../../src/ndr/parseNdr';
import { decodeFileText } from '../../src/ndr/decodeText';
import { detectLanguage } from '../../src/recognize/detectLanguage';
import { createFileReader } from '../../src/bot/attachedFiles';
import { triage } from '../../src/recognize/triage';
import { addressedText } from '../../src/teams/addressing';
import { cardActionOfInvoke } from '../../src/teams/cardActions';
import { readMessageAction } from '../../src/teams/messageActionValue';
import { parseDate } from '../../src/time/parseDate';
import { deps as caseDeps, sampleInput } from '../fixtures/case/caseFixture';
import { triageDeps } from '../helpers/triageDeps';
import { escapeHtml } from '../../src/text/escapeHtml';
import { errorCode, pageSchema, readGraphBody, retryWait } from '../../src/graph/graphClient';
import { graphEvidence } from '../../src/graph/liveCheck';
import { MessageTraceSchema } from '../../src/graph/liveMessageTrace';
import { GraphDomainSchema } from '../../src/graph/liveDomains';
import { AuditRecordSchema, auditRows } from '../../src/graph/liveAuditLog';
import { checkAcceptedDomains } from '../../src/checks/acceptedDomains';
import { checkAuditLog } from '../../src/checks/auditLog';
import { checkMessageTrace } from '../../src/checks/messageTrace';

/** Drains an async generator fed with `text` in 64 KiB chunks, as a file stream would feed it. */
async function drain<T>(read: (source: Readable) => AsyncGenerator<T>, text: string): Promise<number> {
  const buf = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += 65536) chunks.push(buf.subarray(i, i + 65536));
  let n = 0;
  for await (const _ of read(Readable.from(chunks))) n++;
  return n;
}

/** Something that reads text a user (or a pasted file) gave us. */
export interface EntryPoint {
  readonly name: string;
  readonly run: (text: string) => unknown;
}

const context: CheckContext = {
  sendingDomains: ['contoso.com', 'fabrikam.com'],
  acceptedDomains: ['contoso.com'],
  blockStartedAt: new Date('2026-11-20T08:00:00Z'),
  blockCode: '5.7.750',
  knownConnectors: ['Contoso relay'],
  now: new Date('2026-11-23T09:30:00Z'),
};

const MESSAGE_HEAD = 'From: postmaster@contoso.com\nTo: a@contoso.com\nSubject: Undeliverable\nContent-Type: text/plain; charset=utf-8\n\n';
const NO_LIMIT = { maxBytes: Number.MAX_SAFE_INTEGER };
const fileReader = createFileReader({ maxBytes: Number.MAX_SAFE_INTEGER, allowedHosts: [], allowHttp: false, timeoutMs: 1000 });

/**
 * Every part of the core that sees user input, each as `text → anything`. Size caps are lifted where they exist,
 * so that what is measured is the algorithm, not the cap.
 */
export function entryPoints(): EntryPoint[] {
  const deps = triageDeps();
  const { catalog } = deps;
  return [
    { name: 'triage', run: (t) => triage(t, deps, NO_LIMIT) },
    { name: 'parseNdr (text)', run: (t) => parseNdr(t, NO_LIMIT) },
    { name: 'parseNdr (message)', run: (t) => parseNdr(MESSAGE_HEAD + t, NO_LIMIT) },
    { name: 'detectLanguage', run: (t) => detectLanguage(t) },
    { name: 'findStatusCodes', run: (t) => findStatusCodes(t) },
    { name: 'findAddresses', run: (t) => findAddresses(t) },
    { name: 'htmlToText', run: (t) => htmlToText(t) },
    {
      name: 'readMessageAction (a Teams message action on a pasted HTML message)',
      run: (t) => readMessageAction({ commandId: 'triageNdr', messagePayload: { body: { contentType: 'html', content: t } }, data: { verb: t.slice(0, 100) } }),
    },
    { name: 'cardActionOfInvoke (a pressed card button)', run: (t) => cardActionOfInvoke({ action: { type: 'Action.Execute', verb: 'ndrTriage.answer', data: { answer: t, prompt: t.slice(0, 64) } } }) },
    { name: 'parseDate', run: (t) => [parseDate(t, 'day-first'), parseDate(t, 'month-first')] },
    { name: 'parseExport', run: (t) => parseExport(t) },
    { name: 'batch csvRecords', run: (t) => drain((s) => csvRecords(s, { maxCellChars: Number.MAX_SAFE_INTEGER }), `id,text\n1,${t}\n2,"${t}"\n`) },
    { name: 'batch mboxMessages', run: (t) => drain((s) => mboxMessages(s, { maxMessageBytes: Number.MAX_SAFE_INTEGER }), `From a\n${t}\nFrom b\n${t}`) },
    { name: 'escapeHtml', run: (t) => escapeHtml(t) },
    { name: 'decodeFileText (UTF-8, UTF-16LE with BOM)', run: (t) => [decodeFileText(Buffer.from(t)), decodeFileText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]))] },
    {
      name: 'attached file (data: URL)',
      run: (t) => fileReader({ contentType: 'text/csv', name: t.slice(0, 300), contentUrl: `data:text/csv;base64,${Buffer.from(t).toString('base64')}` }),
    },
    ...Object.entries(CHECKERS).map(([kind, check]) => ({ name: `checker ${kind}`, run: (t: string) => check!(t, context) })),
    // Prerequisites with a checker reach it through the same reply reading; one of them stands for all.
    ...[...catalog.prerequisites.values()].filter((p, i, all) => !CHECKERS[p.checker as keyof typeof CHECKERS] || all.findIndex((q) => CHECKERS[q.checker as keyof typeof CHECKERS]) === i).map((p) => ({
      name: `answer ${p.id}`,
      run: (t: string) => answerPrerequisite(catalog, p, t, CHECKERS, context),
    })),
    { name: 'matchCommand', run: (t) => matchCommand(catalog, t) },
    {
      name: 'addressedText (a Teams channel message, the mention entity made of the input too)',
      run: (t) => {
        const bot = '28:bot';
        const entities = [{ type: 'mention', text: t.slice(0, 300), mentioned: { id: bot } }, { type: 'mention', text: '<at>NDR Triage</at>', mentioned: { id: bot } }];
        return addressedText({ channelId: 'msteams', conversationType: 'channel', botId: bot, text: t, entities });
      },
    },
    { name: 'matchLanguageSwitch', run: (t) => matchLanguageSwitch(catalog, t) },
    { name: 'Graph answer body, error code and Retry-After', run: (t) => [readGraphBody(t, pageSchema(MessageTraceSchema)), errorCode(t), retryWait(t, 0)] },
    {
      name: 'Graph message traces, domains and audit records made of the input, through their checkers',
      run: (t) => {
        const traces = readGraphBody(JSON.stringify({ value: [{ id: t, senderAddress: t, recipientAddress: t, receivedDateTime: t, status: t, subject: t }] }), pageSchema(MessageTraceSchema));
        const domains = readGraphBody(JSON.stringify({ value: [{ id: t.slice(0, 253), isVerified: true }] }), pageSchema(GraphDomainSchema));
        const audit = readGraphBody(JSON.stringify({ value: [{ id: t, operation: t, userPrincipalName: t, auditData: { Operation: t, Parameters: [{ Name: 'Identity', Value: t }] } }] }), pageSchema(AuditRecordSchema));
        return [
          traces && checkMessageTrace(graphEvidence(traces.value), context),
          domains && checkAcceptedDomains(graphEvidence(domains.value), context),
          audit && checkAuditLog(graphEvidence(auditRows(audit.value)), context),
        ];
      },
    },
    ...CASE_FIELDS.map((f) => ({ name: `parseField ${f}`, run: (t: string) => parseField(f, t, context.now) })),
    { name: 'sanitize', run: (t) => [cleanText(t, Number.MAX_SAFE_INTEGER, true), redactSecrets(t), escapeMarkdown(t), escapeCardText(t), markdownCodeBlock(t)] },
    {
      name: 'case renderers',
      run: (t) => {
        const c = buildCase({ ...sampleInput(), ndrText: t, ndrFile: t, impactDescription: t, actionsTaken: [t] }, caseDeps());
        const labels = caseDeps().messages;
        return [renderMarkdown(c, labels), renderText(c, labels), renderAdaptiveCard(c, labels)];
      },
    },
  ];
}
