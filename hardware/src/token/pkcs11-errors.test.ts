import { describe, expect, it } from 'vitest';
import pkcs11js from 'pkcs11js';
import { isErrorCode } from '@dangky/core/errors';
import { ckrCodes, codeForCkr, errorFromWire } from './pkcs11-errors.ts';

const ckrNames = Object.keys(pkcs11js).filter((k) => k.startsWith('CKR_') && k !== 'CKR_OK');

describe('CKR_* → error code', () => {
  it.each(ckrNames)('%s maps to a registered code', (name) => expect(isErrorCode(codeForCkr(name))).toBe(true));

  it('every table entry names a real CKR_* value and a registered code', () => {
    for (const [name, code] of Object.entries(ckrCodes)) {
      expect(ckrNames, name).toContain(name);
      expect(isErrorCode(code), code).toBe(true);
    }
  });

  it.each([
    ['CKR_PIN_INCORRECT', 'DK_ERR_TOKEN_PIN_INCORRECT'],
    ['CKR_PIN_LOCKED', 'DK_ERR_TOKEN_PIN_LOCKED'],
    ['CKR_DEVICE_REMOVED', 'DK_ERR_TOKEN_NOT_PRESENT'],
    ['CKR_TOKEN_NOT_PRESENT', 'DK_ERR_TOKEN_NOT_PRESENT'],
    ['CKR_VENDOR_DEFINED_0x8000001', 'DK_ERR_TOKEN_MODULE'],
    [undefined, 'DK_ERR_TOKEN_MODULE'],
  ])('%s → %s', (ckr, code) => expect(codeForCkr(ckr)).toBe(code));

  it('keeps the CKR name and method as detail, and our own code when the worker sent one', () => {
    const error = errorFromWire({ ckr: 'CKR_PIN_LOCKED', method: 'C_Login', message: 'CKR_PIN_LOCKED' }, 'login');
    expect(error).toMatchObject({ code: 'DK_ERR_TOKEN_PIN_LOCKED', detail: { op: 'login', ckr: 'CKR_PIN_LOCKED', method: 'C_Login' } });
    expect(errorFromWire({ code: 'DK_ERR_TOKEN_NOT_FOUND', message: 'x' }, 'sign').code).toBe('DK_ERR_TOKEN_NOT_FOUND');
    expect(errorFromWire({ code: 'NOT_OURS', message: 'x' }, 'sign').code).toBe('DK_ERR_TOKEN_MODULE');
  });
});
