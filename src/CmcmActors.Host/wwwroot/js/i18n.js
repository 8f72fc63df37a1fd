// Languages of the pages: French by default, German and English on a switch that is remembered (localStorage).
// Words live in wwwroot/i18n/{fr,de,en}.json, flat keys with {placeholders}, so that a translator edits JSON, not code.
// Formats: Luxembourg's in French and German (1 300,00 €, 21/11/2026), the British ones in English (€1,300.00, 21/11/2026).

export const languages = ['fr', 'de', 'en'];
const storageKey = 'cmcm.lang';

let language = languages.includes(localStorage.getItem(storageKey)) ? localStorage.getItem(storageKey) : 'fr';
let words = {};
let fallback = {};

export const currentLanguage = () => language;

async function load(lang) {
    const response = await fetch(`i18n/${lang}.json`, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`i18n/${lang}.json: ${response.status}`);
    return response.json();
}

/** Loads the remembered language (and English as the fallback for a key a translation lacks). */
export async function initLanguage() {
    fallback = await load('en');
    words = language === 'en' ? fallback : await load(language);
    document.documentElement.lang = language;
}

export async function setLanguage(lang) {
    if (!languages.includes(lang)) return;
    language = lang;
    localStorage.setItem(storageKey, lang);
    await initLanguage();
}

/** The words for key, with {name} replaced by params.name. An unknown key shows itself (a translator sees what is missing). */
export function t(key, params = {}) {
    const text = words[key] ?? fallback[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? `{${name}}`));
}

export const has = (key) => key in words || key in fallback;

/** Fills every element with data-i18n (text), data-i18n-label (aria-label), data-i18n-placeholder in the document. */
export function translatePage(root = document) {
    for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
    for (const element of root.querySelectorAll('[data-i18n-label]')) element.setAttribute('aria-label', t(element.dataset.i18nLabel));
    for (const element of root.querySelectorAll('[data-i18n-placeholder]')) element.setAttribute('placeholder', t(element.dataset.i18nPlaceholder));
}

const nbsp = '\u00a0';

function group(integer, separator) {
    return integer.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** 1300 → "1 300,00 €" (fr, de) or "€1,300.00" (en). */
export function money(amount) {
    if (amount === null || amount === undefined || Number.isNaN(Number(amount))) return '–';
    const cents = Math.round(Math.abs(Number(amount)) * 100);
    const integer = String(Math.floor(cents / 100));
    const decimals = String(cents % 100).padStart(2, '0');
    const sign = Number(amount) < 0 && cents > 0 ? '−' : '';
    return language === 'en'
        ? `${sign}€${group(integer, ',')}.${decimals}`
        : `${sign}${group(integer, nbsp)},${decimals}${nbsp}€`;
}

/** "2026-11-21" → "21/11/2026". */
export function date(iso) {
    if (!iso) return '–';
    const [y, m, d] = String(iso).slice(0, 10).split('-');
    return `${d}/${m}/${y}`;
}

const locales = { fr: 'fr-LU', de: 'de-LU', en: 'en-GB' };

export const time = (iso) => new Date(iso).toLocaleTimeString(locales[language], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function dateTime(iso) {
    const d = new Date(iso);
    const two = (n) => String(n).padStart(2, '0');
    return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The switch in the header: a labelled select; changing it re-renders the page through onChange. */
export function languageSwitch(select, onChange) {
    select.value = language;
    select.addEventListener('change', async () => {
        await setLanguage(select.value);
        await onChange();
    });
}
