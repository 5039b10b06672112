import { interruptionOf } from '../../src/conversation/interruption';
import { pickChoice } from '../../src/conversation/pickChoice';
import type { Part } from '../../src/conversation/session';
import { SUMMARY_LANGUAGE_CHOICES } from '../../src/conversation/summaryLanguage';
import { triageDeps } from '../helpers/triageDeps';

const { catalog } = triageDeps();
const SUMMARY_LANGUAGES = SUMMARY_LANGUAGE_CHOICES;
const YES_NO: readonly Part[] = [{ m: 'choice.yes' }, { m: 'choice.no' }];

describe('interruptionOf: what a message does besides answering', () => {
  it.each([
    ['parle français', null, { kind: 'language', locale: 'fr' }],
    ['speak English', YES_NO, { kind: 'language', locale: 'en' }],
    ['说中文', YES_NO, { kind: 'language', locale: 'zh-CN' }],
    ['parla italiano', null, { kind: 'language', locale: 'it' }],
    ['help', YES_NO, { kind: 'help' }],
    ['aide', null, { kind: 'help' }],
    ['帮助', null, { kind: 'help' }],
    ['start over', YES_NO, { kind: 'restart' }],
    ['recommencer', null, { kind: 'restart' }],
    ['ricomincia', null, { kind: 'restart' }],
    ['different problem', null, { kind: 'restart' }],
    ['back', YES_NO, { kind: 'command' }],
    ['skip', null, { kind: 'command' }],
    ['550 5.7.750', YES_NO, { kind: 'answer' }],
    ['our tenant cannot send', null, { kind: 'answer' }],
    // Offered as a choice, a language name is the answer, not a switch.
    ['Français', SUMMARY_LANGUAGES, { kind: 'answer' }],
    ['2', SUMMARY_LANGUAGES, { kind: 'answer' }],
    // Yes offered: "yes" answers; not offered, it is a command the step reads.
    ['oui', YES_NO, { kind: 'answer' }],
    ['yes', null, { kind: 'command' }],
  ] as const)('%j with choices %j → %j', (text, offered, expected) => {
    expect(interruptionOf(catalog, text, offered)).toEqual(expected);
  });
});

describe('pickChoice', () => {
  it.each([
    ['2', YES_NO, 1],
    ['3', YES_NO, -1],
    ['NON', YES_NO, 1],
    ['是', YES_NO, 0],
    ['sì', YES_NO, 0],
    ['中文', SUMMARY_LANGUAGES, 3],
    ['maybe', YES_NO, -1],
  ] as const)('%j among %j → %i', (reply, choices, index) => {
    expect(pickChoice(catalog, reply, choices)).toBe(index);
  });
});
