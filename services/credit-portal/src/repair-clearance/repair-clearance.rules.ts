/**
 * When the website has cleared a repair (pure): the penalty is out of the page (withdrawn for the
 * repair, or already out of publicity, or the target was a list entry) and joint-punishment's exits
 * of the repair are in the projection. Then, and only then, the repair's website effect is done.
 */
export interface Clearance {
  publicityCleared: boolean;
  listsCleared: boolean;
  acknowledged: boolean;
}

export function clearanceToAcknowledge(clearance: Clearance): boolean {
  return clearance.publicityCleared && clearance.listsCleared && !clearance.acknowledged;
}
