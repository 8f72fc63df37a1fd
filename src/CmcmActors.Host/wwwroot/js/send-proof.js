// A proof the CMCM keeps on a member without a claim (a child's school certificate, a proof of household): the member
// picks for whom and what it is, takes a photo or chooses a PDF, and sees what was sent (docs/documents.md).
import { h, replace } from './dom.js';
import { get, upload } from './api.js';
import { t, dateTime } from './i18n.js';
import { kindLabel, personName } from './format.js';
import { field, clearErrors, summarise, showApiError } from './fields.js';
import { sizeText } from './send-claim.js';

const proofTypes = ['school-certificate', 'proof-of-household', 'other'];

/** Builds the form in `form` and the list in `list`. who(): { familyId, memberId, mainAffiliate, roster }. */
export function sendProofForm(form, list, { who }) {
    const path = (memberId) => `/api/families/${encodeURIComponent(who().familyId)}/members/${encodeURIComponent(memberId)}/files`;

    async function showSent() {
        const me = who();
        const members = me.mainAffiliate && me.roster ? me.roster.members : [{ memberId: me.memberId }];
        try {
            const lists = await Promise.all(members.map((m) => get(path(m.memberId)).then((files) => files.map((f) => ({ ...f, member: m })))));
            const files = lists.flat().sort((a, b) => String(b.sentAt).localeCompare(String(a.sentAt)));
            replace(list, files.length
                ? h('ul', { class: 'plain file-list' }, files.map((f) => h('li', { class: 'file-row', 'data-proof': f.documentId },
                    h('span', { class: 'file-name' }, f.fileName),
                    h('span', {}, t(`send.type.${f.type}`)),
                    h('span', { class: 'hint' }, `${f.member.memberId === me.memberId ? t('send.me') : personName(f.member) ?? f.member.memberId} · ${dateTime(f.sentAt)} · ${sizeText(f.size)}`))))
                : h('p', { class: 'hint' }, t('proof.none')));
        } catch (error) {
            replace(list, h('p', { class: 'message error', role: 'alert' }, error.message));
        }
    }

    function build() {
        const me = who();
        const members = me.mainAffiliate && me.roster ? me.roster.members : [{ memberId: me.memberId, kind: null }];
        const forWhom = h('select', { name: 'proofMember', 'data-path': 'memberId' },
            members.map((m) => h('option', { value: m.memberId, selected: m.memberId === me.memberId },
                m.memberId === me.memberId ? t('send.me') : `${personName(m) ?? m.memberId}${m.kind ? ` (${kindLabel(m.kind)})` : ''}`)));
        const type = h('select', { name: 'proofType', 'data-path': 'types[0]' }, proofTypes.map((p) => h('option', { value: p }, t(`send.type.${p}`))));
        const file = h('input', { type: 'file', name: 'proofFile', id: 'proof-file', accept: 'image/*,application/pdf', capture: 'environment', 'data-path': 'files[0]' });
        replace(form,
            h('div', { class: 'form-errors', role: 'alert' }),
            h('div', { class: 'fields' },
                members.length > 1 ? field(t('send.forWhom'), forWhom) : h('input', { type: 'hidden', name: 'proofMember', value: me.memberId }),
                field(t('proof.type'), type),
                field(t('proof.file'), file, { wide: true, hint: t('send.filesHint') })),
            h('div', { class: 'row' }, h('button', { type: 'submit', id: 'proof-submit' }, t('proof.submit'))));
    }

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(form);
        const file = form.querySelector('[name=proofFile]').files[0];
        if (!file) {
            summarise(form, [t('proof.pickFile')]);
            return;
        }
        const data = new FormData();
        data.append('files', file, file.name);
        data.append('types', form.querySelector('[name=proofType]').value);
        const button = form.querySelector('#proof-submit');
        button.disabled = true;
        try {
            await upload(path(form.querySelector('[name=proofMember]').value), data);
            build();
            await showSent();
        } catch (error) {
            showApiError(form, error);
        } finally {
            button.disabled = false;
        }
    });

    return {
        refresh() {
            build();
            return showSent();
        },
    };
}
