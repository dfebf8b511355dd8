/**
 * Events of credit-repair (信用修复). A repair application's id travels as the correlationId of
 * every event of the repair, in every service, so credit-repair can follow each effect.
 */
import { JsonSchema, dateSchema, textWithoutIdNumber } from '../json-schema';
import { EventCatalog, defineEvent } from '../registry';

/** What a repair clears: a penalty record's publicity, or a list entry (严重失信主体名单). */
export type RepairTargetType = 'PENALTY' | 'LIST_ENTRY';

export interface RepairApprovedV1 {
  applicationId: string;
  target: { type: RepairTargetType; id: string };
  /** `YYYY-MM-DD`: the date the deciding unit approved the repair. */
  decidedOn: string;
  reason: string;
  /** Department that decided (谁认定、谁修复). */
  decidingUnitCode: string;
}

const targetSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'id'],
  properties: {
    type: { type: 'string', enum: ['PENALTY', 'LIST_ENTRY'] },
    id: { type: 'string', minLength: 1, maxLength: 64 },
  },
};

export const repairApprovedV1 = defineEvent<RepairApprovedV1>({
  type: 'credit-repair.repair-approved',
  version: 1,
  topic: 'subject',
  description:
    'A repair application was approved. double-publicity withdraws the penalty from publicity, joint-punishment exits ' +
    'the list entries based on it and lifts their measures, grading-supervision recomputes the grade, national-connector ' +
    'reports the result upstream; each acknowledges with this correlationId (the application id).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['applicationId', 'target', 'decidedOn', 'reason', 'decidingUnitCode'],
    properties: {
      applicationId: { type: 'string', minLength: 1, maxLength: 64 },
      target: targetSchema,
      decidedOn: dateSchema('Date of the approval (Asia/Shanghai).'),
      reason: textWithoutIdNumber('Why the repair was approved.', 2000),
      decidingUnitCode: { type: 'string', minLength: 1, maxLength: 32 },
    },
  },
});

export const creditRepairCatalog: EventCatalog = { events: [repairApprovedV1] };
