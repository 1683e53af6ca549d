import { operatorRefusal } from '@dangky/core/admin';
import { operatorFacts } from '../../auth/operator-facts.ts';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * An event that names an operator names an enabled account working at the device's site, in a
 * role that records it, who was signed in on this very device when it was recorded (core's
 * `operatorRefusal` decides; this gate brings the facts: the accounts, the site's province and
 * the operators' sign-ins on the device around the batch's times). A device's secret alone can
 * no longer act in anyone's name.
 */
export const operatorSignedIn: PrepareGate = async (tx, { device, events }) => {
  const named = events.flatMap((e) => ('operatorId' in e.payload ? [{ id: e.payload.operatorId, at: Date.parse(e.occurredAt) }] : []));
  if (named.length === 0) return { check: () => null };
  const { staff, place, signIns } = await operatorFacts(tx, device, named);
  return {
    check(event) {
      if (!('operatorId' in event.payload)) return null;
      const id = event.payload.operatorId;
      const code = operatorRefusal(event.type, staff.get(id), place, signIns.get(id) ?? [], event.occurredAt);
      return code ? refuse(code) : null;
    },
  };
};
