/** Every dialog id in one place. */
export const DialogId = {
  main: 'main',
  mainFlow: 'main.flow',
  confirmBlock: 'confirm-block',
  confirmFlow: 'confirm-block.flow',
  prerequisites: 'prerequisites',
  prerequisitesFlow: 'prerequisites.flow',
  caseDetails: 'case-details',
  caseDetailsFlow: 'case-details.flow',
  text: 'text-prompt',
} as const;
