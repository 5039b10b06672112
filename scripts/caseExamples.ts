import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCase, type CaseInput, type PrerequisiteInput } from '../src/case/buildCase';
import { renderAdaptiveCard } from '../src/case/renderAdaptiveCard';
import { renderJson } from '../src/case/renderJson';
import { renderMarkdown } from '../src/case/renderMarkdown';
import { renderText } from '../src/case/renderText';
import type { Catalog } from '../src/catalog/catalog';
import { CHECKERS } from '../src/checks/checkers';
import type { CheckContext, CheckerKind } from '../src/checks/checkResult';
import { findingText, problemText } from '../src/conversation/findingText';
import { answerConnectorQuestion } from '../src/conversation/followUp';

/**
 * The two worked examples of the README: a 5.7.750 and a 5.7.705 case, built by the real checkers from
 * example exports and rendered four ways. `npm run docs:examples` writes them to docs/case-examples.md;
 * a test fails when that file is not what this code produces.
 */
const NOW = new Date('2026-11-23T10:00:00Z');

function check(root: string, kind: CheckerKind, file: string, context: CheckContext, readAt?: Date): PrerequisiteInput['outcome'] {
  const result = CHECKERS[kind]!(readFileSync(join(root, file), 'utf8'), context);
  return readAt ? { kind: 'checked', result, readAt: readAt.toISOString() } : { kind: 'checked', result };
}

function examples(root: string): { title: string; input: CaseInput }[] {
  const fx = (p: string) => join('test', 'fixtures', p);
  const ctx750: CheckContext = {
    sendingDomains: ['contoso.com'],
    acceptedDomains: ['contoso.com', 'contoso.onmicrosoft.com'],
    blockStartedAt: new Date('2026-11-23T07:58:12Z'),
    blockCode: '5.7.750',
    knownConnectors: [],
    now: NOW,
  };
  const connectors = check(root, 'inbound-connectors', fx('dialogs/inbound-connectors.txt'), ctx750);
  const recognised =
    connectors.kind === 'checked' ? { ...connectors, result: answerConnectorQuestion(connectors.result, 2, true) } : connectors;
  const ctx705: CheckContext = { ...ctx750, blockCode: '5.7.705', now: new Date('2026-03-20T10:00:00Z'), blockStartedAt: new Date('2026-03-16T23:30:00Z') };
  return [
    {
      title: '5.7.750 — tenant blocked from sending from unregistered domains',
      input: {
        triage: null,
        blockId: '5.7.750',
        ndrText: "Remote Server returned '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains'",
        tenant: { name: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com', id: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
        contact: { name: 'Claire Dubois', email: 'claire.dubois@fabrikam.fr', phone: '+33 1 23 45 67 89' },
        preferredLanguage: 'fr',
        affectedUsers: 40,
        impactDescription: null,
        blockStartedAt: ctx750.blockStartedAt,
        // The message trace and the alert as "Connect your tenant" reads them through Microsoft Graph.
        restrictionAlert: {
          title: 'Tenant restricted from sending unprovisioned email',
          description: 'Outbound mail from domains that are not provisioned in the tenant exceeded the limit.',
          raisedAt: '2026-11-23T07:40:00Z',
        },
        prerequisites: [
          { id: 'accepted-domains', outcome: check(root, 'accepted-domains', fx('dialogs/accepted-domains.txt'), ctx750) },
          { id: 'inbound-connectors', outcome: recognised },
          { id: 'connector-audit', outcome: check(root, 'audit-log', fx('dialogs/audit.csv'), ctx750) },
          { id: 'message-trace', outcome: check(root, 'message-trace', fx('dialogs/trace.txt'), ctx750, NOW) },
          { id: 'onprem-lockdown', outcome: { kind: 'answered', answer: 'yes' } },
          { id: 'admin-hygiene', outcome: { kind: 'answered', answer: 'no', note: 'Multifactor authentication is required for every admin account.' } },
        ],
        actionsTaken: [],
        summaryLanguage: 'en',
      },
    },
    {
      title: '5.7.705 — tenant exceeded the spam threshold (summary in French)',
      input: {
        triage: null,
        blockId: '5.7.705',
        ndrText: '550 5.7.705 Access denied, tenant has exceeded threshold',
        tenant: { name: null, defaultDomain: 'contoso.onmicrosoft.com', id: null },
        contact: { name: 'Adele Vance', email: 'adele.vance@fabrikam.com', phone: null },
        preferredLanguage: 'fr',
        affectedUsers: 350,
        impactDescription: null,
        blockStartedAt: ctx705.blockStartedAt,
        prerequisites: [
          { id: 'restricted-users', outcome: check(root, 'restricted-users', fx('checks/restricted-users/format-list.txt'), ctx705) },
          { id: 'compromised-accounts', outcome: { kind: 'answered', answer: 'yes' } },
          { id: 'inbound-connectors', outcome: { kind: 'skipped' } },
          { id: 'connector-audit', outcome: { kind: 'skipped' } },
          { id: 'onprem-lockdown', outcome: { kind: 'skipped' } },
          { id: 'message-trace', outcome: { kind: 'skipped' } },
          { id: 'admin-hygiene', outcome: { kind: 'answered', answer: 'yes' } },
          { id: 'tenant-licensing', outcome: { kind: 'answered', answer: 'no' } },
        ],
        actionsTaken: [],
        summaryLanguage: 'fr',
      },
    },
  ];
}

export function caseExamplesMarkdown(catalog: Catalog, root: string): string {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const out = [
    '# Support case summaries: two worked examples',
    '',
    'Generated by `npm run docs:examples` from example exports checked by the real evidence checkers; do not edit by hand.',
    '',
  ];
  for (const { title, input } of examples(root)) {
    const labels = catalog.messages[input.summaryLanguage];
    const lang = input.summaryLanguage;
    const c = buildCase(input, {
      catalog,
      messages: labels,
      findingText: (f) => findingText(catalog, lang, f, 'plain'),
      problemText: (p) => problemText(catalog, lang, p, 'plain'),
      random,
      now: NOW,
    });
    out.push(`## ${title}`, '', '### Markdown', '', '````markdown', renderMarkdown(c, labels).trimEnd(), '````', '');
    out.push('### Plain text (to read out on a call)', '', '```text', renderText(c, labels).trimEnd(), '```', '');
    out.push('### JSON', '', '```json', renderJson(c).trimEnd(), '```', '');
    out.push('### Adaptive Card 1.5', '', '```json', JSON.stringify(renderAdaptiveCard(c, labels), null, 2), '```', '');
  }
  return `${out.join('\n')}\n`;
}
