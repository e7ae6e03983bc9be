/**
 * Is this a SIRET? 14 ASCII digits with a valid Luhn checksum; La Poste's establishments (SIREN
 * 356 000 000) do not follow Luhn and are accepted when their digit sum is a multiple of 5
 * (spec §1.5, the recommended check: every example SIRET of the corpus passes).
 */
export function isSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  if (value.startsWith('356000000')) return digitSum(value) % 5 === 0;
  return luhn(value);
}

function digitSum(value: string): number {
  let sum = 0;
  for (const c of value) sum += c.charCodeAt(0) - 48;
  return sum;
}

function luhn(value: string): boolean {
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    let digit = value.charCodeAt(value.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
