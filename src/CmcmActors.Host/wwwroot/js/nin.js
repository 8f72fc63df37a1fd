// The Luxembourg national identification number, checked at the field as the domain checks it
// (CmcmActors.Domain.People.NationalNumber): 13 digits, a birth date YYYYMMDD, a serial of 3 digits, then the Luhn
// check digit and the Verhoeff check digit of the first 11 digits.

function luhn(digits) {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
        let d = Number(digits[digits.length - 1 - i]);
        if (i % 2 === 0) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
    }
    return (10 - (sum % 10)) % 10;
}

const multiplication = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]];
const permutation = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]];
const inverse = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

function verhoeff(digits) {
    let c = 0;
    for (let i = 0; i < digits.length; i++) c = multiplication[c][permutation[(i + 1) % 8][Number(digits[digits.length - 1 - i])]];
    return inverse[c];
}

/** null when valid; else the reason (length, date, check, birthDate). birthDate (yyyy-MM-dd), when given, must be the number's. */
export function validNationalNumber(text, birthDate) {
    if (!/^\d{13}$/.test(text)) return 'length';
    const y = Number(text.slice(0, 4));
    const m = Number(text.slice(4, 6));
    const d = Number(text.slice(6, 8));
    const day = new Date(Date.UTC(y, m - 1, d));
    if (m < 1 || m > 12 || day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return 'date';
    const body = text.slice(0, 11);
    if (Number(text[11]) !== luhn(body) || Number(text[12]) !== verhoeff(body)) return 'check';
    if (birthDate && birthDate.replace(/-/g, '') !== text.slice(0, 8)) return 'birthDate';
    return null;
}
