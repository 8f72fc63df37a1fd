// Field errors a clerk can act on: the field is marked (aria-invalid, red border), its message sits under it in the
// page's language and is tied to it (aria-describedby); a summary lists them at the top of the form.
import { h, replace } from './dom.js';
import { t, has } from './i18n.js';
import { ApiError } from './api.js';
import { parseAmount, euros } from './amount.js';
import { validNationalNumber } from './nin.js';

let counter = 0;
/** A unique id for a generated control. */
export const uid = (prefix) => `${prefix}-${++counter}`;

/** A labelled field: the label is tied to the control (for/id), the message box is ready under it. */
export function field(labelText, control, { wide = false, hint = null } = {}) {
    if (!control.id) control.id = uid('f');
    const message = h('div', { class: 'field-error', id: `${control.id}-error`, hidden: true });
    const hintBox = hint ? h('div', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
    if (hintBox) control.setAttribute('aria-describedby', hintBox.id);
    return h('div', { class: wide ? 'field wide' : 'field' }, h('label', { for: control.id }, labelText), control, hintBox, message);
}

export function clearErrors(form) {
    for (const control of form.querySelectorAll('[aria-invalid="true"]')) control.removeAttribute('aria-invalid');
    for (const message of form.querySelectorAll('.field-error')) {
        message.hidden = true;
        message.textContent = '';
    }
    const summary = form.querySelector('.form-errors');
    if (summary) replace(summary);
}

/** Marks a control as wrong with a message. */
export function markError(control, message) {
    control.setAttribute('aria-invalid', 'true');
    const box = document.getElementById(`${control.id}-error`);
    if (box) {
        box.textContent = message;
        box.hidden = false;
        const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
        if (!described.includes(box.id)) control.setAttribute('aria-describedby', [...described, box.id].join(' '));
    }
}

function labelOf(control) {
    return control.labels?.[0]?.textContent ?? control.getAttribute('aria-label') ?? control.name;
}

/** Shows the summary of a form's errors and moves the focus to the first wrong field. */
export function summarise(form, items) {
    let summary = form.querySelector('.form-errors');
    if (!summary) {
        summary = h('div', { class: 'form-errors', role: 'alert' });
        form.prepend(summary);
    }
    if (!items.length) return;
    replace(summary, h('div', { class: 'message error' }, t('error.checkFields'), h('ul', {}, items.map((i) => h('li', {}, i)))));
    form.querySelector('[aria-invalid="true"]')?.focus();
}

/** An amount field's value as euros, or marks the field and returns undefined. Empty gives null when optional. */
export function readAmount(control, { required = true } = {}) {
    const text = control.value.trim();
    if (!text && !required) return null;
    const parsed = parseAmount(text);
    if (parsed.error) {
        markError(control, t(`error.${parsed.error}`));
        return undefined;
    }
    return euros(parsed.cents);
}

/** A national number field (optional): 13 digits with valid check digits, or marks the field. */
export function readNationalNumber(control, birthDate) {
    const text = control.value.replace(/\s/g, '');
    if (!text) return null;
    const error = validNationalNumber(text, birthDate);
    if (error) {
        markError(control, t(`error.nin.${error}`));
        return undefined;
    }
    return text;
}

const knownServerMessages = {
    'Required.': 'error.server.required',
    'An amount has at most two decimals.': 'error.amount.decimals',
};

/** Words for a server's message: a known one in the page's language, else the server's own sentence. */
function serverMessage(message) {
    const key = knownServerMessages[message];
    return key && has(key) ? t(key) : message;
}

/**
 * Shows an API error on a form: each field the problem names is marked (the form's controls carry data-path with the
 * API's field path, e.g. lines[0].invoiced); what names no control goes to the summary, with the label of the field.
 */
export function showApiError(form, error) {
    const items = [];
    if (error instanceof ApiError && error.problem?.errors) {
        for (const [path, messages] of Object.entries(error.problem.errors)) {
            const text = [].concat(messages).map(serverMessage).join(' ');
            const control = form.querySelector(`[data-path="${CSS.escape(path)}"]`);
            if (control) {
                markError(control, text);
                items.push(`${labelOf(control)}: ${text}`);
            } else {
                items.push(text);
            }
        }
    }
    if (!items.length) items.push(errorText(error));
    summarise(form, items);
}

/** A failure in words in the page's language. */
export function errorText(error) {
    if (error instanceof ApiError) {
        if (error.status === 0) return t('error.unreachable');
        if (error.status === 401) return t('error.signedOut');
        if (error.status === 403) return t('error.forbidden');
        if (error.status === 503) return t('error.unavailable');
        if (error.problem?.code && has(`rejection.${error.problem.code}`)) return t(`rejection.${error.problem.code}`);
    }
    return error?.message ?? String(error);
}
