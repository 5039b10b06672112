import { loadCatalog } from '../../src/catalog/loadKnowledge';
import { FINDING_CODES } from '../../src/catalog/findingCodes';
import { ACCEPTED_DOMAINS_FINDINGS } from '../../src/checks/acceptedDomains';
import { AUDIT_LOG_FINDINGS } from '../../src/checks/auditLog';
import { INBOUND_CONNECTORS_FINDINGS } from '../../src/checks/inboundConnectors';
import { MESSAGE_TRACE_FINDINGS } from '../../src/checks/messageTrace';
import { RESTRICTED_USERS_FINDINGS } from '../../src/checks/restrictedUsers';
import type { CheckResult } from '../../src/checks/checkResult';
import { answerPrerequisite, choiceParts, choicesOf } from '../../src/conversation/answerPrerequisite';
import { choiceList } from '../../src/conversation/choiceList';
import { parseCount } from '../../src/conversation/parseCount';
import { tenantOf } from '../../src/conversation/caseInput';
import { nextMissingField, parseField } from '../../src/conversation/caseFields';
import { fold, matchCommand, matchLanguageSwitch } from '../../src/conversation/commands';
import { answerConnectorQuestion, FOLLOW_UP_FINDINGS, pendingConnectorQuestions } from '../../src/conversation/followUp';
import { newSession } from '../../src/conversation/session';
import { applyAnswer, chooseQuestion, expectedGain, initialBelief, isSettled, nextConfirmStep, withoutCandidate } from '../../src/recognize/disambiguate';
import { conversationLocale } from '../../src/conversation/afterTriage';
import { join } from 'node:path';

const catalog = loadCatalog(join(__dirname, '..', '..', 'knowledge'));
const NOW = new Date('2026-11-23T10:00:00Z');
const context = { sendingDomains: [], acceptedDomains: [], blockStartedAt: null, blockCode: null, knownConnectors: [], now: NOW };

describe('commands in every language', () => {
  it.each([
    ['help', 'help'], ['Aide !', 'help'], ['aiuto', 'help'], ['帮助', 'help'],
    ['Start over', 'startOver'], ['recommencer', 'startOver'], ['ricomincia', 'startOver'], ['重新开始', 'startOver'],
    ['back', 'back'], ['retour', 'back'], ['indietro', 'back'], ['返回', 'back'],
    ['I have a different problem', 'differentProblem'], ['autre problème', 'differentProblem'], ['altro problema', 'differentProblem'], ['其他问题', 'differentProblem'],
    ['Skip', 'skip'], ['passer', 'skip'], ['salta', 'skip'], ['跳过', 'skip'],
    ['OUI', 'yes'], ['sì', 'yes'], ['si', 'yes'], ['是的', 'yes'], ['non', 'no'], ['否', 'no'],
  ])('%s → %s', (text, command) => {
    expect(matchCommand(catalog, text)).toBe(command);
  });

  it('does not take a sentence that contains a command word for the command', () => {
    expect(matchCommand(catalog, 'I need help, the whole tenant is blocked')).toBeNull();
    expect(matchCommand(catalog, '550 5.7.750 back')).toBeNull();
  });

  it('takes a command wrapped in spaces, accents and punctuation, and no pasted bounce for one', () => {
    const pasted = `Delivery has failed to these recipients or groups:\n\n${'Remote Server returned 550 5.7.750\n'.repeat(40)}help`;
    expect(matchCommand(catalog, `\n\t  «  HELP  » !!! \n`)).toBe('help');
    expect(matchCommand(catalog, pasted)).toBeNull();
    expect(matchLanguageSwitch(catalog, pasted)).toBeNull();
    expect(matchLanguageSwitch(catalog, `   PARLE   FRANÇAIS   `)).toBe('fr');
  });

  it.each([['parle français', 'fr'], ['Parla italiano', 'it'], ['说中文', 'zh-CN'], ['speak English', 'en'], ['français ?', 'fr']])(
    'switches language on %s',
    (text, locale) => {
      expect(matchLanguageSwitch(catalog, text)).toBe(locale);
    },
  );

  it('folds accents, case, quotes and surrounding punctuation', () => {
    expect(fold('  « Problème Différent » !')).toBe('probleme different');
  });
});

describe('telling blocks apart', () => {
  const scope = catalog.questions.find((q) => q.id === 'scope')!;

  it('asks the question that splits two close candidates, and one answer settles it', () => {
    const belief = initialBelief({ block: '5.7.705', confidence: 0.5, alternatives: [{ block: '5.1.8', confidence: 0.4 }] });
    expect(isSettled(belief)).toBe(false);
    expect(chooseQuestion(belief, catalog.questions, [])?.id).toBe('scope');
    const after = applyAnswer(belief, scope, 'everyone');
    expect(after[0]!.block).toBe('5.7.705');
    expect(after[0]!.confidence).toBeCloseTo(0.5 / (0.5 + 0.04), 6);
    expect(isSettled(after)).toBe(true);
  });

  it('does not ask a question that cannot change anything', () => {
    const belief = initialBelief({ block: '5.7.705', confidence: 0.5, alternatives: [{ block: '5.7.750', confidence: 0.45 }] });
    expect(expectedGain(belief, scope)).toBeCloseTo(0, 6);
    expect(chooseQuestion(belief, catalog.questions, ['domains', 'relay'])).toBeNull();
  });

  it('states a block it is sure of, but asks first when the recognizer was unsure', () => {
    const sure = [{ block: '5.7.705', confidence: 0.9 }, { block: '5.1.8', confidence: 0.05 }];
    expect(nextConfirmStep(sure, false, [], catalog.questions)).toEqual({ kind: 'confirm', block: '5.7.705' });
    expect(nextConfirmStep(sure, true, [], catalog.questions).kind).toBe('question');
    expect(nextConfirmStep(sure, true, ['scope'], catalog.questions)).toEqual({ kind: 'confirm', block: '5.7.705' });
  });

  it('after two telling questions, shows at most three SMTP texts to choose from', () => {
    const open = [
      { block: '5.7.511', confidence: 0.3 },
      { block: '5.7.606', confidence: 0.3 },
      { block: '5.7.501', confidence: 0.2 },
      { block: '5.1.8', confidence: 0.2 },
    ];
    expect(nextConfirmStep(open, true, ['scope', 'relay'], catalog.questions)).toEqual({ kind: 'which', blocks: ['5.7.511', '5.7.606', '5.7.501'] });
    expect(nextConfirmStep([], false, [], catalog.questions)).toEqual({ kind: 'none' });
  });

  it('drops a block the user rejected and weighs the rest again', () => {
    expect(withoutCandidate([{ block: '5.7.705', confidence: 0.6 }, { block: '5.1.8', confidence: 0.2 }], '5.7.705')).toEqual([{ block: '5.1.8', confidence: 1 }]);
  });

  it('never asks the same question twice', () => {
    const belief = initialBelief({ block: '5.7.705', confidence: 0.5, alternatives: [{ block: '5.1.8', confidence: 0.4 }] });
    expect(chooseQuestion(belief, catalog.questions, ['scope'])?.id).not.toBe('scope');
  });
});

describe('answering a prerequisite', () => {
  const accepted = catalog.prerequisites.get('accepted-domains')!;
  const lockdown = catalog.prerequisites.get('onprem-lockdown')!;
  const licensing = catalog.prerequisites.get('tenant-licensing')!;

  it('offers what was done where a paste is asked, never a bare yes; all/none at a checklist; yes/no at a question', () => {
    expect(choicesOf(accepted)).toEqual(['ranClean', 'cannotRun', 'skip']);
    expect(choicesOf(lockdown)).toEqual(['all', 'none', 'skip']);
    expect(choicesOf(licensing)).toEqual(['yes', 'no', 'skip']);
    expect(choiceParts(choicesOf(accepted))).toEqual([{ m: 'choice.ranClean' }, { m: 'choice.cannotRun' }, { m: 'choice.skip' }]);
  });

  it.each([
    // [prerequisite, reply, picked button, expected]
    ['accepted-domains', 'skip', null, { ok: true, outcome: { kind: 'skipped' } }],
    ['accepted-domains', 'je ne sais pas', null, { ok: true, outcome: { kind: 'skipped' } }],
    ['accepted-domains', 'I ran it — nothing unusual', 'ranClean', { ok: true, outcome: { kind: 'attested' } }],
    ['accepted-domains', '2', 'cannotRun', { ok: true, outcome: { kind: 'cannotRun' } }],
    ['accepted-domains', 'yes', null, { ok: false, reason: 'yes-no-at-paste', items: 0 }],
    ['accepted-domains', 'non', null, { ok: false, reason: 'yes-no-at-paste', items: 0 }],
    ['accepted-domains', 'hmm', null, { ok: false, reason: 'not-an-export', items: 0 }],
    ['tenant-licensing', 'yes', null, { ok: true, outcome: { kind: 'answered', answer: 'yes' } }],
    ['tenant-licensing', '否', null, { ok: true, outcome: { kind: 'answered', answer: 'no' } }],
    ['tenant-licensing', 'maybe', null, { ok: false, reason: 'not-a-choice', items: 0 }],
    ['onprem-lockdown', 'pas encore', null, { ok: false, reason: 'not-item-numbers', items: 5 }],
    ['onprem-lockdown', '1 9', null, { ok: false, reason: 'no-such-item', items: 5 }],
    ['onprem-lockdown', '0', null, { ok: false, reason: 'no-such-item', items: 5 }],
    // On a channel without buttons "2" is the second button, except at a checklist, where it is item 2.
    ['onprem-lockdown', '2', 'none', { ok: true, outcome: { kind: 'answered', answer: 'no', done: ['servers-patched'] } }],
  ] as const)('%s: "%s" (button %s)', (id, reply, picked, expected) => {
    expect(answerPrerequisite(catalog, catalog.prerequisites.get(id)!, reply, {}, context, picked)).toEqual(expected);
  });

  it('runs the checker on pasted evidence', () => {
    const checker = jest.fn((): CheckResult => ({ checker: 'accepted-domains', verdict: 'pass', findings: [], format: 'lines', recordsRead: 2, problems: [] }));
    const answer = answerPrerequisite(catalog, accepted, 'contoso.com\nfabrikam.com', { 'accepted-domains': checker }, context);
    expect(answer).toEqual({ ok: true, outcome: { kind: 'checked', result: expect.objectContaining({ verdict: 'pass', recordsRead: 2 }) } });
    expect(checker).toHaveBeenCalledWith('contoso.com\nfabrikam.com', context);
  });

  it.each([
    ['all', 'yes', ['relay-known-hosts', 'servers-patched', 'credentials-rotated', 'malware-scan', 'smtp-logs-reviewed']],
    ['1 3', 'no', ['relay-known-hosts', 'credentials-rotated']],
    ['1, 2, 3, 4, 5', 'yes', ['relay-known-hosts', 'servers-patched', 'credentials-rotated', 'malware-scan', 'smtp-logs-reviewed']],
    ['none', 'no', []],
  ])('checklist "%s"', (reply, answer, done) => {
    expect(answerPrerequisite(catalog, lockdown, reply, {}, context)).toEqual({ ok: true, outcome: { kind: 'answered', answer, done } });
  });

  it.each([
    ['en', '“I ran it — nothing unusual”, “I can\'t run it” or “Skip”'],
    ['fr', "« Je l'ai exécutée — rien d'anormal », « Je ne peux pas l'exécuter » ou « Passer »"],
    ['it', "“L'ho eseguito — niente di anomalo”, “Non posso eseguirlo” o “Salta”"],
    ['zh-CN', '“已运行——没有异常”、“我无法运行”或“跳过”'],
  ] as const)('names the choices shown in a sentence (%s)', (locale, expected) => {
    expect(choiceList(catalog, locale, choiceParts(choicesOf(accepted)))).toBe(expected);
  });
});

describe('counts, exact or estimated', () => {
  it.each([
    ['40', { value: 40, approximate: false }],
    ['1 200', { value: 1200, approximate: false }],
    ['1,200 users', { value: 1200, approximate: false }],
    ['about 40 users', { value: 40, approximate: true }],
    ['around 40', { value: 40, approximate: true }],
    ['~40', { value: 40, approximate: true }],
    ['environ 40 utilisateurs', { value: 40, approximate: true }],
    ['à peu près 40', { value: 40, approximate: true }],
    ['40 environ', { value: 40, approximate: true }],
    ['circa 40 utenti', { value: 40, approximate: true }],
    ['più o meno 40 persone', { value: 40, approximate: true }],
    ['大约40个用户', { value: 40, approximate: true }],
    ['40人左右', { value: 40, approximate: true }],
    ['200', { value: 200, approximate: false }],
    ['about forty', null],
    ['between 40 and 50', null],
    ['-3', null],
    ['someone', null],
  ] as const)('%s', (text, expected) => {
    expect(parseCount(text)).toEqual(expected);
  });
});

describe('connector follow-up questions', () => {
  const result: CheckResult = {
    checker: 'inbound-connectors',
    verdict: 'unknown',
    findings: [
      { code: 'inbound-connector-count', severity: 'info', params: { count: 2, enabled: 2 } },
      { code: 'inbound-connector-unrecognised', severity: 'question', params: { name: 'Relay A' } },
      { code: 'inbound-connector-unrecognised', severity: 'question', params: { name: 'Relay B' } },
    ],
    format: 'list',
    recordsRead: 2,
    problems: [],
  };

  it('lists the connectors to ask about', () => {
    expect(pendingConnectorQuestions(result)).toEqual([{ index: 1, name: 'Relay A' }, { index: 2, name: 'Relay B' }]);
  });

  it('passes once every connector is recognised, fails when one is not', () => {
    const both = answerConnectorQuestion(answerConnectorQuestion(result, 1, true), 2, true);
    expect(both.verdict).toBe('pass');
    const oneUnknown = answerConnectorQuestion(answerConnectorQuestion(result, 1, true), 2, false);
    expect(oneUnknown.verdict).toBe('fail');
    expect(oneUnknown.findings[2]).toEqual({ code: 'inbound-connector-not-recognised', severity: 'problem', params: { name: 'Relay B' } });
  });
});

describe('conversation language', () => {
  const result = { decidedBy: 'symptoms', language: 'it-IT' } as Parameters<typeof conversationLocale>[1];
  it('follows a description the user wrote, not the language of a pasted NDR', () => {
    expect(conversationLocale('en', result)).toBe('it');
    expect(conversationLocale('en', { ...result, decidedBy: 'code', language: 'fr-FR' })).toBe('en');
  });
});

describe('case details', () => {
  it.each([
    ['tenantId', '72F988BF-86F1-41AF-91AB-2D7CD011DB47', { ok: true, value: '72f988bf-86f1-41af-91ab-2d7cd011db47' }],
    ['tenantId', '{72F988BF-86F1-41AF-91AB-2D7CD011DB47}', { ok: true, value: '72f988bf-86f1-41af-91ab-2d7cd011db47' }],
    ['tenantId', 'contoso', { ok: false, error: 'case.invalid.tenantId' }],
    ['email', 'Ana@Contoso.com', { ok: true, value: 'ana@contoso.com' }],
    ['email', 'ana at contoso', { ok: false, error: 'case.invalid.email' }],
    ['affectedUsers', '1 200', { ok: true, value: 1200 }],
    ['affectedUsers', 'about forty', { ok: false, error: 'case.invalid.number' }],
    ['affectedUsers', 'environ 40', { ok: true, value: 40, approximate: true }],
    ['affectedUsers', '大约40个用户', { ok: true, value: 40, approximate: true }],
    ['startedAt', '2026-11-23 08:30', { ok: true, value: '2026-11-23T08:30:00.000Z' }],
    ['startedAt', 'yesterday-ish', { ok: false, error: 'case.invalid.date' }],
    ['startedAt', '2030-01-01 00:00', { ok: false, error: 'case.invalid.date' }],
  ] as const)('%s: %s', (field, text, expected) => {
    expect(parseField(field, text, NOW)).toEqual(expected);
  });

  it.each([
    // [typed or initial domain, default domain an export marked, case tenant]
    ['contoso.onmicrosoft.com', 'contoso.com', { name: 'contoso.onmicrosoft.com', defaultDomain: 'contoso.com' }],
    ['contoso.onmicrosoft.com', null, { name: null, defaultDomain: 'contoso.onmicrosoft.com' }],
    ['Contoso Ltd', null, { name: 'Contoso Ltd', defaultDomain: null }],
    [null, 'contoso.com', { name: null, defaultDomain: 'contoso.com' }],
    ['contoso.com', 'contoso.com', { name: null, defaultDomain: 'contoso.com' }],
  ] as const)('tenant %s with default domain %s', (name, defaultDomain, expected) => {
    expect(tenantOf(name, defaultDomain)).toEqual(expected);
  });

  it('does not ask for the tenant when an export marked its default domain, nor for a tenant id the headers gave', () => {
    const s = newSession('en');
    s.details.defaultDomain = 'contoso.com';
    s.details.tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    expect(nextMissingField(s.details, [])).toBe('contactName');
  });

  it('does not ask again for what is already known', () => {
    const s = newSession('en');
    s.details.tenantName = 'contoso.onmicrosoft.com';
    s.details.startedAt = '2026-11-23T07:58:12.000Z';
    expect(nextMissingField(s.details, [])).toBe('tenantId');
    expect(nextMissingField(s.details, ['tenantId', 'contactName', 'email', 'phone'])).toBe('affectedUsers');
  });
});

it('every finding code a checker writes has wording, and no wording is orphaned', () => {
  const written = [
    ...ACCEPTED_DOMAINS_FINDINGS,
    ...AUDIT_LOG_FINDINGS,
    ...INBOUND_CONNECTORS_FINDINGS,
    ...MESSAGE_TRACE_FINDINGS,
    ...RESTRICTED_USERS_FINDINGS,
    ...FOLLOW_UP_FINDINGS,
  ];
  expect([...new Set(written)].sort()).toEqual([...FINDING_CODES].sort());
});
