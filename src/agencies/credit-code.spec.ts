import { describe, expect, it } from '@jest/globals';
import { creditCodeCheckChar, isValidCreditCode } from './credit-code.js';

describe('统一社会信用代码 check character (GB 32100-2015)', () => {
  it('computes the check character of a published code, worked out by hand', () => {
    // 华为技术有限公司 914403001922038216: values 9,1,4,4,0,3,0,0,1,9,2,2,0,3,8,2,1 × weights
    // 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 = 9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831;
    // 831 mod 31 = 25; 31 − 25 = 6 → "6".
    expect(creditCodeCheckChar('91440300192203821')).toBe('6');
    // 深圳市腾讯计算机系统有限公司 91440300708461136T: sum 966; 966 mod 31 = 5; 31 − 5 = 26 → "T" (value 26).
    expect(creditCodeCheckChar('91440300708461136')).toBe('T');
  });

  it('accepts published codes, including letters in the organisation code', () => {
    expect(isValidCreditCode('914403001922038216')).toBe(true);
    expect(isValidCreditCode('91440300708461136T')).toBe(true);
    // The example code of the GB 32100 guidance: sum 1640, mod 31 = 28, 31 − 28 = 3.
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
  });

  it('maps a remainder of 0 to the check character "0"', () => {
    // 1 × 1 + 30 × 1 … build a body whose weighted sum is 31: "1" at position 1 (1×1) and "A" (10) at position 2 (10×3 = 30).
    expect(creditCodeCheckChar('1A000000000000000')).toBe('0');
    expect(isValidCreditCode('1A0000000000000000')).toBe(true);
  });

  it('rejects a wrong check character, a changed digit, forbidden letters and wrong lengths', () => {
    expect(isValidCreditCode('914403001922038217')).toBe(false);
    expect(isValidCreditCode('914403001922038316')).toBe(false);
    expect(isValidCreditCode('91440300192203821I')).toBe(false);
    expect(isValidCreditCode('9144030019220382160')).toBe(false);
    expect(isValidCreditCode('91440300192203821')).toBe(false);
    expect(isValidCreditCode('91440300708461136t')).toBe(false);
    expect(isValidCreditCode(Number('914403001922038216'))).toBe(false);
  });

  it('requires six digits of administrative division code in positions 3–8', () => {
    const body = '91A4030070846113';
    expect(isValidCreditCode(body + '6' + creditCodeCheckChar(body + '6'))).toBe(false);
  });
});
