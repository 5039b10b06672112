/* The adaptivecards package ships a browser bundle; its parser runs in Node without a DOM. */
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** Every event the adaptivecards parser and validator raise for `json` (empty when the card is valid). */
export function cardValidationErrors(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) {
    const e = context.getEventAt(i);
    events.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of card.validateProperties().validationEvents) events.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  return events;
}
