// Amounts as a person types them: "85,50", "85.50", "1 300,50", "1.300,50" and "1,300.50" are all understood; what could
// be read two ways ("1,300": 1.30 or 1300?) is refused at the field, never guessed. The value is returned as cents.

const spaces = /[\s\u00a0\u202f']/g;

/** { cents } or { error } where error is an i18n key (amount.*). */
export function parseAmount(text, { allowNegative = false } = {}) {
    let s = String(text ?? '').trim();
    if (s === '') return { error: 'amount.required' };
    let negative = false;
    if (s.startsWith('-')) {
        if (!allowNegative) return { error: 'amount.negative' };
        negative = true;
        s = s.slice(1).trim();
    }
    s = s.replace(/\s*€\s*/g, '').replace(/^EUR\s*|\s*EUR$/gi, '');
    // Spaces only ever group thousands: "1 300,50".
    if (/\s/.test(s) && !/^\d{1,3}([\s\u00a0\u202f]\d{3})+([.,]\d+)?$/.test(s)) return { error: 'amount.format' };
    s = s.replace(spaces, '');
    if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return { error: 'amount.format' };

    const dots = (s.match(/\./g) ?? []).length;
    const commas = (s.match(/,/g) ?? []).length;
    let integer;
    let decimals = '';
    if (dots && commas) {
        // Both: the last one separates the decimals, the other groups thousands.
        const decimalSeparator = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
        const groupSeparator = decimalSeparator === '.' ? ',' : '.';
        const at = s.lastIndexOf(decimalSeparator);
        if (s.split(decimalSeparator).length !== 2) return { error: 'amount.format' };
        integer = s.slice(0, at);
        decimals = s.slice(at + 1);
        if (!new RegExp(`^\\d{1,3}(\\${groupSeparator}\\d{3})*$`).test(integer)) return { error: 'amount.format' };
        integer = integer.split(groupSeparator).join('');
    } else if (dots + commas === 1) {
        const separator = dots ? '.' : ',';
        [integer, decimals] = s.split(separator);
        if (decimals.length === 3) return { error: 'amount.ambiguous' };
        if (integer === '') integer = '0';
    } else if (dots + commas > 1) {
        // Several of one kind: thousands groups only ("1.300.000").
        const separator = dots ? '.' : ',';
        if (!new RegExp(`^\\d{1,3}(\\${separator}\\d{3})+$`).test(s)) return { error: 'amount.format' };
        integer = s.split(separator).join('');
    } else {
        integer = s;
    }
    if (!/^\d+$/.test(integer) || !/^\d*$/.test(decimals)) return { error: 'amount.format' };
    if (decimals.length > 2) return { error: 'amount.decimals' };
    if (decimals === '' && /[.,]$/.test(s)) return { error: 'amount.format' };
    if (integer.length > 9) return { error: 'amount.tooLarge' };
    const cents = Number(integer) * 100 + Number(decimals.padEnd(2, '0'));
    return { cents: negative ? -cents : cents };
}

/** Cents as the JSON number the API takes (euros, two decimals at most). */
export const euros = (cents) => Math.round(cents) / 100;
