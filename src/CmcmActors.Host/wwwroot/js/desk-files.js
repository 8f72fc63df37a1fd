// The files of a claim beside its decision, and the files a member sent without a claim, for the desk: each shown as it
// was stored (a photo inline, a PDF in the page), with who sent it and when; the clerk ticks which required document a
// file is, and the claim is decided again (POST /api/files/{id}/confirmation). Files are read with the clerk's token
// into object URLs: a plain link would carry no token, and a token in a URL would end up in logs.
import { h, replace } from './dom.js';
import { get, post, blob } from './api.js';
import { t, dateTime } from './i18n.js';
import { documentLabel, personName } from './format.js';
import { requiredDocuments } from './catalogue.js';
import { field, uid, clearErrors, summarise, showApiError } from './fields.js';

const shown = new Map();

/** Frees the object URLs of an earlier rendering of `key` (a claim, a family). */
function release(key) {
    for (const url of shown.get(key) ?? []) URL.revokeObjectURL(url);
    shown.set(key, []);
}

const typeLabel = (type) => t(`send.type.${type}`);
const sizeText = (bytes) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
const sender = (d) => (d.sentByStaff ? t('files.sentByStaff', { who: d.sentBy }) : t('files.sentByMember', { who: d.sentBy }));

/** The file itself: the photo inline, the PDF in a frame; read when shown. */
function preview(document, key) {
    const box = h('div', { class: 'file-preview', 'data-preview': document.documentId }, h('p', { class: 'hint' }, t('common.loading')));
    blob(document.href).then((content) => {
        const url = URL.createObjectURL(content);
        shown.get(key)?.push(url);
        replace(box, document.contentType === 'application/pdf'
            ? h('iframe', { src: url, title: t('files.pdfTitle', { name: document.fileName }), class: 'file-pdf' })
            : h('img', { src: url, alt: t('files.photoAlt', { name: document.fileName }), class: 'file-photo' }));
    }).catch((error) => replace(box, h('p', { class: 'message error', role: 'alert' }, t('files.readFailed'), ' ', error.message)));
    return box;
}

function fileCard(document, key, tick) {
    return h('li', { class: 'file-card', 'data-document': document.documentId, 'data-confirmed': document.confirmedAs ?? '' },
        h('div', { class: 'row spread' },
            h('strong', { class: 'file-name' }, document.fileName),
            h('span', { class: 'pill s-received' }, typeLabel(document.type))),
        h('div', { class: 'hint' }, `${sender(document)} · ${dateTime(document.sentAt)} · ${sizeText(document.size)}`),
        document.confirmedAs
            ? h('div', { class: 'message ok', 'data-confirmed-as': document.confirmedAs },
                t('files.confirmedAs', { document: documentLabel(document.confirmedAs), who: document.confirmedBy, at: dateTime(document.confirmedAt) }))
            : null,
        preview(document, key),
        tick ? tick(document) : null);
}

/**
 * A claim's files; `catalogue` gives the documents its benefits require (the choices to tick), `onConfirmed` is called
 * with the claim as decided again after a tick. Returns the section at once and fills it when the files are read.
 */
export function claimFiles(claim, { catalogue, onConfirmed }) {
    const key = `claim:${claim.claimId}`;
    release(key);
    const section = h('section', { class: 'files', 'aria-labelledby': 'files-heading', 'data-files-for': claim.claimId },
        h('h3', { id: 'files-heading' }, t('files.heading')),
        h('p', { class: 'hint' }, t('common.loading')));
    const required = [...new Set((claim.lines ?? claim.submittedLines ?? []).flatMap((l) => requiredDocuments(catalogue, l.benefitCode)))];
    const tick = (document) => {
        if (!required.length || claim.status !== 'pended' || document.confirmedAs) return null;
        const choice = h('select', { name: 'requiredDocument', 'data-path': 'requiredDocument', id: uid('required') },
            required.map((d) => h('option', { value: d }, documentLabel(d))));
        const form = h('form', { class: 'row tick', novalidate: true },
            h('div', { class: 'form-errors', role: 'alert' }),
            field(t('files.isDocument'), choice),
            h('button', { type: 'submit', 'aria-label': t('files.confirmNamed', { name: document.fileName }) }, t('files.confirm')));
        form.addEventListener('submit', async (event) => {
            event.preventDefault();
            clearErrors(form);
            try {
                await post(`/api/files/${encodeURIComponent(document.documentId)}/confirmation`, { requiredDocument: choice.value });
                onConfirmed(await get(`/api/claims/${encodeURIComponent(claim.memberId)}/${encodeURIComponent(claim.invoiceReference)}`));
            } catch (error) {
                showApiError(form, error);
                if (!form.querySelector('.form-errors').childNodes.length) summarise(form, [error.message]);
            }
        });
        return form;
    };
    get(`/api/claims/${encodeURIComponent(claim.memberId)}/${encodeURIComponent(claim.invoiceReference)}/files`).then((files) => {
        replace(section, h('h3', { id: 'files-heading' }, t('files.heading')),
            files.length ? h('ul', { class: 'plain file-cards' }, files.map((d) => fileCard(d, key, tick))) : h('p', { class: 'hint' }, t('files.none')));
    }).catch((error) => replace(section, h('h3', { id: 'files-heading' }, t('files.heading')), h('p', { class: 'message error', role: 'alert' }, error.message)));
    return section;
}

/** The files each member of the family sent without a claim (school certificates, proofs of household). */
export async function memberFiles(container, family) {
    const key = `family:${family.familyId}`;
    release(key);
    const members = family.members.filter((m) => !m.leftOn);
    const lists = await Promise.all(members.map((m) => get(`/api/families/${encodeURIComponent(family.familyId)}/members/${encodeURIComponent(m.memberId)}/files`).catch(() => [])));
    const held = members.map((m, i) => [m, lists[i]]).filter(([, files]) => files.length);
    replace(container, h('details', { class: 'action', id: 'member-files-panel' },
        h('summary', {}, t('files.memberHeading', { n: held.reduce((n, [, files]) => n + files.length, 0) })),
        held.length
            ? held.map(([m, files]) => h('div', { 'data-member-files': m.memberId },
                h('h4', {}, personName(m) ?? m.memberId),
                h('ul', { class: 'plain file-cards' }, files.map((d) => fileCard(d, key, null)))))
            : h('p', { class: 'hint' }, t('files.memberNone'))));
}
