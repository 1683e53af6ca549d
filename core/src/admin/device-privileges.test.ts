import { describe, expect, it } from 'vitest';
import { eventTypes, type EventType } from '../events/event-types.ts';
import {
  boardReaders,
  deviceKinds,
  mayRecord,
  operatorProblem,
  operatorRefusal,
  pullProblem,
  servesAt,
  SIGN_IN_CLOCK_SLACK_MS,
  wasSignedIn,
} from './device-privileges.ts';

const benThanh = { id: 'hcm-ben-thanh', provinceCode: '79' };
const clerk = { role: 'clerk', siteIds: ['hcm-ben-thanh'], provinceCode: '79' } as const;

describe('which device kind records which event', () => {
  // The whole matrix, written out: a change to the table shows here as a changed row.
  const kiosk: EventType[] = ['registration.submitted'];
  it.each(eventTypes)('%s: a kiosk only for the submission, a counter for everything else', (type) => {
    expect(mayRecord('kiosk', type)).toBe(kiosk.includes(type));
    expect(mayRecord('counter', type)).toBe(!kiosk.includes(type));
  });

  it('a call display records nothing, and only it reads the call board', () => {
    expect(deviceKinds).toContain('display');
    for (const type of eventTypes) expect(mayRecord('display', type)).toBe(false);
    expect(boardReaders).toEqual(['display']);
  });
});

describe('who may be named as the operator', () => {
  it('the submission names nobody', () => {
    expect(operatorProblem('registration.submitted', undefined, benThanh)).toBeNull();
  });

  it('a clerk of the site records counter actions, not elsewhere, not an approval', () => {
    expect(operatorProblem('token.issued', clerk, benThanh)).toBeNull();
    expect(operatorProblem('token.issued', clerk, { id: 'hcm-book-fair', provinceCode: '79' })).toBe('DK_ERR_UNKNOWN_OPERATOR');
    expect(operatorProblem('identity.mismatch-approved', clerk, benThanh)).toBe('DK_ERR_OPERATOR_ROLE');
    expect(operatorProblem('registration.called', undefined, benThanh)).toBe('DK_ERR_UNKNOWN_OPERATOR');
  });

  it('a city manager acts in their province only; an administrator records nothing at a counter', () => {
    const cityManager = { role: 'city-manager', siteIds: [], provinceCode: '79' } as const;
    expect(operatorProblem('identity.mismatch-approved', cityManager, benThanh)).toBeNull();
    expect(operatorProblem('registration.cancelled', cityManager, { id: 'hn-hoan-kiem', provinceCode: '01' })).toBe(
      'DK_ERR_UNKNOWN_OPERATOR',
    );
    const admin = { role: 'admin', siteIds: [], provinceCode: '79' } as const;
    expect(operatorProblem('registration.cancelled', admin, benThanh)).toBe('DK_ERR_OPERATOR_ROLE');
    expect(servesAt(admin, benThanh)).toBe(false);
    expect(servesAt(clerk, benThanh)).toBe(true);
    expect(servesAt(clerk, { id: 'hcm-book-fair', provinceCode: '79' })).toBe(false);
  });
});

describe('an event falls inside a sign-in by the time it was recorded', () => {
  const shift = [{ from: '2026-12-01T01:00:00.000Z', to: '2026-12-01T09:00:00.000Z' }];
  const at = (ms: number) => new Date(ms).toISOString();
  it('inside, and within the clock slack at either end', () => {
    expect(wasSignedIn(shift, '2026-12-01T05:00:00.000Z')).toBe(true);
    expect(wasSignedIn(shift, at(Date.parse(shift[0]!.from) - SIGN_IN_CLOCK_SLACK_MS))).toBe(true);
    expect(wasSignedIn(shift, at(Date.parse(shift[0]!.to) + SIGN_IN_CLOCK_SLACK_MS))).toBe(true);
  });
  it('outside, or with no sign-in at all', () => {
    expect(wasSignedIn(shift, at(Date.parse(shift[0]!.from) - SIGN_IN_CLOCK_SLACK_MS - 1))).toBe(false);
    expect(wasSignedIn(shift, at(Date.parse(shift[0]!.to) + SIGN_IN_CLOCK_SLACK_MS + 1))).toBe(false);
    expect(wasSignedIn([], '2026-12-01T05:00:00.000Z')).toBe(false);
  });
});

describe('a counter pulls the queue only with a serving person signed in on it', () => {
  const siteManager = { role: 'site-manager', siteIds: ['hcm-ben-thanh'], provinceCode: '79' } as const;
  const cityManager = { role: 'city-manager', siteIds: [], provinceCode: '79' } as const;
  const admin = { role: 'admin', siteIds: [], provinceCode: '79' } as const;
  const otherClerk = { role: 'clerk', siteIds: ['hcm-book-fair'], provinceCode: '79' } as const;
  it.each([
    ['kiosk', clerk, 'DK_ERR_DEVICE_KIND_FORBIDDEN'],
    ['kiosk', null, 'DK_ERR_DEVICE_KIND_FORBIDDEN'],
    ['display', clerk, 'DK_ERR_DEVICE_KIND_FORBIDDEN'],
    ['counter', null, 'DK_ERR_PULL_NEEDS_STAFF'],
    ['counter', clerk, null],
    ['counter', siteManager, null],
    ['counter', cityManager, null],
    ['counter', admin, 'DK_ERR_PULL_NEEDS_STAFF'],
    ['counter', otherClerk, 'DK_ERR_PULL_NEEDS_STAFF'],
  ] as const)('%s with %j → %s', (kind, person, code) => {
    expect(pullProblem(kind, person, benThanh)).toBe(code);
  });
});

describe('an event names its operator only if they were signed in on the device', () => {
  const shift = [{ from: '2026-12-01T01:00:00.000Z', to: '2026-12-01T09:00:00.000Z' }];
  const during = '2026-12-01T05:00:00.000Z';
  const after = '2026-12-01T10:00:00.000Z';
  const siteManager = { role: 'site-manager', siteIds: ['hcm-ben-thanh'], provinceCode: '79' } as const;
  const admin = { role: 'admin', siteIds: [], provinceCode: '79' } as const;
  it.each([
    ['registration.submitted', undefined, [], during, null],
    ['token.issued', clerk, shift, during, null],
    ['token.issued', clerk, shift, after, 'DK_ERR_OPERATOR_NOT_SIGNED_IN'],
    ['token.issued', clerk, [], during, 'DK_ERR_OPERATOR_NOT_SIGNED_IN'],
    ['token.issued', undefined, shift, during, 'DK_ERR_UNKNOWN_OPERATOR'],
    ['token.issued', { ...clerk, siteIds: ['hcm-book-fair'] }, shift, during, 'DK_ERR_UNKNOWN_OPERATOR'],
    ['token.issued', admin, shift, during, 'DK_ERR_OPERATOR_ROLE'],
    ['registration.cancelled', siteManager, shift, during, null],
    // A manager's approval is proven by the approval they signed in for, not by a session on the counter.
    ['identity.mismatch-approved', siteManager, [], during, null],
    ['identity.mismatch-approved', clerk, shift, during, 'DK_ERR_OPERATOR_ROLE'],
  ] as const)('%s by %j, signed in %j, at %s → %s', (type, person, signIns, occurredAt, code) => {
    expect(operatorRefusal(type, person, benThanh, signIns, occurredAt)).toBe(code);
  });
});
