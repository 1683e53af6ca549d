import { deviceProblems, errorRegistry, isDeviceProblem, saidInFull } from '@dangky/core/errors';

/**
 * Every registry code's message as the kiosk says it. A device or card problem is said in its
 * plain two-part words (what happened, what to do now) in both languages; the registry's English
 * for those codes is for technicians' logs, not for a citizen.
 */
export const errorMessages = (language: 'vi' | 'en'): Record<string, string> =>
  Object.fromEntries(
    Object.entries(errorRegistry).map(([code, spec]) => [
      code,
      isDeviceProblem(code) ? saidInFull(deviceProblems[code][language]) : spec[language],
    ]),
  );
