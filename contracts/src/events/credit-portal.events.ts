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

/** What changed on the website besides a repair: a list entry that left a list, a record an upheld objection withdrew or corrected. */
export type WebsiteChange = 'LIST_ENTRY_EXITED' | 'OBJECTION_UPHELD';

export interface WebsiteUpdatedV1 {
  change: WebsiteChange;
  /** LIST_ENTRY_EXITED: the entry no longer shown on the public lists and the subject's page. */
  listEntryId?: string;
  /** OBJECTION_UPHELD: the objection whose outcome the page now shows, and its record. */
  objectionId?: string;
  recordId?: string;
}

export const websiteUpdatedV1 = defineEvent<WebsiteUpdatedV1>({
  type: 'credit-portal.website-updated',
  version: 1,
  topic: 'subject',
  description:
    "credit-portal's acknowledgement that the public page now shows a change that another service reported done: a list " +
    "entry's exit (joint-punishment records it on the entry), or the withdrawal or correction an upheld objection made " +
    '(double-publicity records it on the objection). Under the correlation id of the event it answers.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['change'],
    properties: {
      change: { type: 'string', enum: ['LIST_ENTRY_EXITED', 'OBJECTION_UPHELD'] },
      listEntryId: { type: 'string', minLength: 1, maxLength: 64 },
      objectionId: { type: 'string', format: 'uuid' },
      recordId: { type: 'string', minLength: 1, maxLength: 64 },
    },
    allOf: [
      {
        if: { properties: { change: { const: 'LIST_ENTRY_EXITED' } } },
        then: { required: ['listEntryId'], properties: { listEntryId: { type: 'string' } } },
      },
      {
        if: { properties: { change: { const: 'OBJECTION_UPHELD' } } },
        then: { required: ['objectionId', 'recordId'], properties: { objectionId: { type: 'string' }, recordId: { type: 'string' } } },
      },
    ],
  },
});

export const creditPortalCatalog: EventCatalog = { events: [repairPublicationClearedV1, websiteUpdatedV1] };
