import { describe, expect, it } from 'vitest';
import { qrVersionAtM, ticketModuleDots } from './qr-version.ts';

describe('QR version at level M', () => {
  it('matches the standard capacities: alphanumeric 311 characters in version 10, 312 in 11; bytes 213 in 10', () => {
    expect(qrVersionAtM('A'.repeat(311))).toBe(10);
    expect(qrVersionAtM('A'.repeat(312))).toBe(11);
    expect(qrVersionAtM('a'.repeat(213))).toBe(10);
    expect(qrVersionAtM('a'.repeat(214))).toBe(11);
    expect(qrVersionAtM('A'.repeat(3391))).toBe(40);
    expect(qrVersionAtM('A'.repeat(3392))).toBeNull();
  });

  it('picks the largest module size that fits the paper, none below 3 dots', () => {
    expect(ticketModuleDots(14, 384)).toBe(4);
    expect(ticketModuleDots(10, 384)).toBe(5);
    expect(ticketModuleDots(19, 384)).toBe(3);
    expect(ticketModuleDots(25, 384)).toBe(3);
    expect(ticketModuleDots(26, 384)).toBe(0);
    expect(ticketModuleDots(25, 576)).toBe(4);
  });
});
