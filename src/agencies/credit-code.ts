import { registerDecorator, type ValidationOptions } from 'class-validator';

/** The 31 characters of GB 32100-2015 (no I, O, Z, S, V), in value order 0–30. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of positions 1–17: 3^(i-1) mod 31. */
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * The check character (position 18) of a 统一社会信用代码 from its first 17 characters:
 * C18 = 31 − (Σ value(Ci) × Wi mod 31), where 31 maps to 0. Returns undefined for a character outside the alphabet.
 */
export function creditCodeCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (v < 0) return undefined;
    sum += v * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** The form of a 统一社会信用代码 (its check character aside). */
export const CREDIT_CODE = /^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/;

/**
 * Whether `code` is a well-formed 统一社会信用代码: 18 characters of the alphabet, an administrative division code
 * of six digits in positions 3–8, and the right check character.
 */
export function isValidCreditCode(code: unknown): boolean {
  if (typeof code !== 'string' || !CREDIT_CODE.test(code)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/** class-validator decorator for {@link isValidCreditCode}. */
export function IsCreditCode(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCreditCode',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a unified social credit code (GB 32100-2015) with a valid check character`, ...options },
      validator: { validate: isValidCreditCode },
    });
}
