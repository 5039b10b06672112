import { evidenceName, itemsNotDone, type PrerequisiteOutcome } from '../../src/case/prerequisiteOutcome';

const checklist = {
  items: [
    { id: 'a', text: { en: 'First', fr: 'Premier', it: 'Primo', 'zh-CN': '第一' } },
    { id: 'b', text: { en: 'Second', fr: 'Deuxième', it: 'Secondo', 'zh-CN': '第二' } },
  ],
};

describe('prerequisite outcome', () => {
  it.each([
    ['accepted-domains', 'json', 'accepted-domains.json'],
    ['message-trace', 'csv', 'message-trace.csv'],
    ['inbound-connectors', 'list', 'inbound-connectors.txt'],
    ['restricted-users', 'table', 'restricted-users.txt'],
  ] as const)('evidence of %s read as %s is attached as %s', (id, format, expected) => {
    expect(evidenceName(id, format)).toBe(expected);
  });

  it.each<[string, PrerequisiteOutcome, string[]]>([
    ['one ticked', { kind: 'answered', answer: 'no', done: ['b'] }, ['Premier']],
    ['none ticked', { kind: 'answered', answer: 'no', done: [] }, ['Premier', 'Deuxième']],
    ['all ticked', { kind: 'answered', answer: 'yes', done: ['a', 'b'] }, []],
    ['no checklist answered', { kind: 'answered', answer: 'no' }, []],
    ['skipped', { kind: 'skipped' }, []],
  ])('items not done, %s', (_name, outcome, expected) => {
    expect(itemsNotDone(checklist, outcome, 'fr')).toEqual(expected);
  });
});
