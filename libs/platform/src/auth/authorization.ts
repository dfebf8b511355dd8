/**
 * Who may do what, as pure rules over the verified principal: no Nest, no I/O. Services and
 * deciders call them with the facts they hold (the unit a record belongs to, the unit named in a
 * request) and turn a refusal into 403 or 404 themselves.
 *
 * The rules live once in `@credit/credit-rules` (units.rules.ts: same unit compared normalised,
 * admins act for any unit; access.rules.ts: read scopes); the platform offers them under its names.
 */
export { actsForUnit, normalizedUnitCode as normalizedUnit, readScope, readsEveryUnit, readsRecordOf, sameUnit } from '@credit/credit-rules';
