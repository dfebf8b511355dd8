/**
 * Events of credit-portal (the credit website's read side). It publishes one thing: that the public
 * page no longer shows what a repair cleared, so that a repair is COMPLETED only once the website is clean.
 */
import { EventCatalog, defineEvent } from '../registry';
import { REPAIR_TARGET_SCHEMA } from './credit-repair.events';

export interface RepairPublicationClearedV1 {
  repairApplicationId: string;
  target: { type: 'PENALTY' | 'LIST_ENTRY'; id: string };
}

export const repairPublicationClearedV1 = defineEvent<RepairPublicationClearedV1>({
  type: 'credit-portal.repair-publication-cleared',
  version: 1,
  topic: 'subject',
  description:
    "credit-portal's acknowledgement of a repair (correlationId = the application id): the subject's public page no longer " +
    'shows the repaired penalty nor the list entries the repair exited. Sent once the withdrawal (or the note that the penalty ' +
    'was already out of publicity) and joint-punishment\'s repair-effects-completed are both in its projection.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['repairApplicationId', 'target'],
    properties: {
      repairApplicationId: { type: 'string', minLength: 1, maxLength: 64 },
      target: REPAIR_TARGET_SCHEMA,
    },
  },
});

export const creditPortalCatalog: EventCatalog = { events: [repairPublicationClearedV1] };
