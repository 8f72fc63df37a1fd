// The member sends a claim from the phone (docs/documents.md): for whom, the date of care, what was treated (found by
// words in French, German or English: "lunettes", "Brille", "glasses"), what was invoiced and what the statutory fund
// paid, and photos or PDFs of the invoice and the fund's statement, taken with the phone's camera or chosen. The claim
// is decided in the answer; the files follow it to the claim. The page then shows the decision in plain words.
import { h, replace } from './dom.js';
import { post, upload } from './api.js';
import { t, date, money } from './i18n.js';
import { todayIso, benefitTitle, departmentLabel, kindLabel, personName } from './format.js';
import { field, readAmount, markError, clearErrors, summarise, showApiError } from './fields.js';

const languages = ['fr', 'de', 'en'];
const maxFileBytes = 10 * 1024 * 1024;
const maxFiles = 20;
const fileTypes = ['invoice', 'fund-statement', 'other'];
let dictionaries = null;

/** Every language's words, once: a member finds "lunettes" whatever language the page is in. */
async function allWords() {
    if (!dictionaries) {
        dictionaries = Promise.all(languages.map((lang) => fetch(`i18n/${lang}.json`).then((r) => (r.ok ? r.json() : {})).catch(() => ({}))));
    }
    return dictionaries;
}

/** Lower case, without accents: "Brillengläser" → "brillenglaser". */
export const fold = (text) => String(text ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** The benefits a member may name (the top-ups are paid through the benefit they top up), each with its words in every language. */
export async function searchableBenefits(catalogue) {
    const words = await allWords();
    return catalogue.benefits.filter((b) => !b.topUpOf).map((b) => ({
        code: b.code,
        haystack: fold([b.code, b.title, ...words.flatMap((w) => [w[`benefit.${b.code}`], w[`send.words.${b.category}`]])].filter(Boolean).join(' ')),
    }));
}

/** The benefits whose words contain every word of the query (all of them for an empty query). */
export function findBenefits(benefits, query) {
    const wanted = fold(query).split(/[^a-z0-9]+/).filter(Boolean);
    return benefits.filter((b) => wanted.every((w) => b.haystack.includes(w)));
}

/** 1.2 MB, or 35 KB for a small file. */
export const sizeText = (bytes) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

const capPeriods = (catalogue, code) => new Set((catalogue.byCode.get(code)?.caps ?? []).map((c) => c.period));

function invoiceReference() {
    const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(36).toUpperCase().padStart(7, '0');
    return `APP-${todayIso().replaceAll('-', '')}-${random}`;
}

/** What the decision means for the member, in one sentence. */
export function plainWords(claim) {
    if (claim.status === 'pended' && claim.pending) {
        return t('send.answer.pended', { department: departmentLabel(claim.pending.department), weeks: claim.pending.expectedWeeks });
    }
    if (claim.status === 'approved' || claim.status === 'partiallyApproved') return t('send.answer.paid', { amount: money(claim.totalPaid) });
    if (claim.status === 'refused') return t('send.answer.refused');
    return t('send.answer.received');
}

/**
 * Builds the form in `form`. who(): { familyId, memberId (the signed-in member), mainAffiliate, roster }; catalogue():
 * the loaded catalogue; onSent(claim, files): the claim as decided and the files sent with it.
 */
export function sendClaimForm(form, { who, catalogue, onSent }) {
    let benefits = [];
    let chosen = [];
    // A claim recorded whose files did not go (the network, a refused file): the next submit sends only its files.
    let awaitingFiles = null;

    function build() {
        const me = who();
        const members = me.mainAffiliate && me.roster ? me.roster.members : [{ memberId: me.memberId, kind: null }];
        const forWhom = h('select', { name: 'memberId', 'data-path': 'memberId' },
            members.map((m) => h('option', { value: m.memberId, selected: m.memberId === me.memberId },
                m.memberId === me.memberId ? t('send.me') : `${personName(m) ?? m.memberId}${m.kind ? ` (${kindLabel(m.kind)})` : ''}`)));
        const dateOfCare = h('input', { name: 'dateOfCare', type: 'date', max: todayIso(), value: todayIso(), required: true, 'data-path': 'lines[0].dateOfCare' });
        const search = h('input', { type: 'search', id: 'send-search', autocomplete: 'off', 'data-i18n-placeholder': 'send.searchExample', placeholder: t('send.searchExample') });
        const benefit = h('select', { name: 'benefitCode', id: 'send-benefit', size: 5, required: true, 'data-path': 'lines[0].benefitCode' });
        const extra = h('div', { class: 'fields' });
        const invoiced = h('input', { name: 'invoiced', type: 'text', inputmode: 'decimal', autocomplete: 'off', required: true, 'data-path': 'lines[0].invoiced' });
        const statutory = h('input', { name: 'statutoryReimbursement', type: 'text', inputmode: 'decimal', autocomplete: 'off', value: '0', 'data-path': 'lines[0].statutoryReimbursement' });
        const camera = h('input', { type: 'file', id: 'send-camera', accept: 'image/*,application/pdf', capture: 'environment', class: 'file-input' });
        const picker = h('input', { type: 'file', id: 'send-files', accept: 'image/*,application/pdf', multiple: true, class: 'file-input' });
        const list = h('ul', { class: 'plain file-list', id: 'send-file-list', 'data-path': 'files' });

        const showBenefits = () => {
            const found = findBenefits(benefits, search.value);
            const current = benefit.value;
            replace(benefit, found.map((b) => h('option', { value: b.code, selected: b.code === current }, benefitTitle(b.code, catalogue().titles))));
            if (found.length === 1) benefit.value = found[0].code;
            showExtra();
        };
        const showExtra = () => {
            const b = catalogue().byCode.get(benefit.value);
            const periods = capPeriods(catalogue(), benefit.value);
            replace(extra,
                b?.elements?.length ? field(t('line.element'), h('select', { name: 'element', 'data-path': 'lines[0].element' },
                    b.elements.map((e) => h('option', { value: e }, t(`element.${e}`) === `element.${e}` ? e : t(`element.${e}`))))) : null,
                periods.has('trip') ? field(t('send.trip'), h('input', { name: 'tripId', autocomplete: 'off', required: true, 'data-path': 'lines[0].tripId' }), { hint: t('send.tripHint') }) : null,
                periods.has('incident') ? field(t('send.incident'), h('input', { name: 'incidentId', autocomplete: 'off', required: true, 'data-path': 'lines[0].incidentId' }), { hint: t('send.incidentHint') }) : null);
        };
        search.addEventListener('input', showBenefits);
        benefit.addEventListener('change', showExtra);

        const renderFiles = () => replace(list, chosen.map((item, i) => {
            const type = h('select', { 'aria-label': t('send.fileType', { name: item.file.name }) }, fileTypes.map((f) => h('option', { value: f, selected: f === item.type }, t(`send.type.${f}`))));
            type.addEventListener('change', () => { item.type = type.value; });
            return h('li', { class: 'file-row' },
                h('span', { class: 'file-name' }, item.file.name),
                h('span', { class: 'hint' }, sizeText(item.file.size)),
                type,
                h('button', { type: 'button', class: 'secondary small', 'aria-label': t('send.removeFile', { name: item.file.name }), onclick: () => { chosen.splice(i, 1); renderFiles(); } }, t('send.remove')));
        }));
        const take = (input) => () => {
            for (const file of input.files) chosen.push({ file, type: chosen.length === 0 ? 'invoice' : chosen.some((c) => c.type === 'fund-statement') ? 'other' : 'fund-statement' });
            input.value = '';
            renderFiles();
        };
        camera.addEventListener('change', take(camera));
        picker.addEventListener('change', take(picker));

        replace(form,
            h('div', { class: 'form-errors', role: 'alert' }),
            h('div', { class: 'fields' },
                members.length > 1 ? field(t('send.forWhom'), forWhom) : h('input', { type: 'hidden', name: 'memberId', value: me.memberId }),
                field(t('line.dateOfCare'), dateOfCare),
                field(t('send.search'), search, { wide: true, hint: t('send.searchHint') }),
                field(t('send.benefit'), benefit, { wide: true })),
            extra,
            h('div', { class: 'fields' },
                field(t('line.invoiced'), invoiced, { hint: t('line.amountHint') }),
                field(t('send.statutory'), statutory, { hint: t('send.statutoryHint') })),
            h('fieldset', { class: 'choices' },
                h('legend', {}, t('send.files')),
                h('p', { class: 'hint' }, t('send.filesHint')),
                h('div', { class: 'row' },
                    camera, h('label', { class: 'button secondary', for: camera.id }, t('send.takePhoto')),
                    picker, h('label', { class: 'button secondary', for: picker.id }, t('send.chooseFiles'))),
                list),
            h('div', { class: 'row' }, h('button', { type: 'submit', id: 'send-submit' }, t('send.submit'))));
        showBenefits();
        renderFiles();
    }

    function readLine() {
        const control = (name) => form.querySelector(`[name="${name}"]`);
        let ok = true;
        if (!control('benefitCode').value) {
            markError(control('benefitCode'), t('send.pickBenefit'));
            ok = false;
        }
        const dateOfCare = control('dateOfCare').value;
        if (!dateOfCare) {
            markError(control('dateOfCare'), t('error.server.required'));
            ok = false;
        }
        const invoiced = readAmount(control('invoiced'));
        const statutory = readAmount(control('statutoryReimbursement'), { required: false });
        if (invoiced === undefined || statutory === undefined) ok = false;
        for (const name of ['tripId', 'incidentId']) {
            if (control(name) && !control(name).value.trim()) {
                markError(control(name), t('error.server.required'));
                ok = false;
            }
        }
        const line = { benefitCode: control('benefitCode').value, dateOfCare, invoiced, statutoryReimbursement: statutory ?? 0 };
        for (const name of ['element', 'tripId', 'incidentId']) if (control(name)?.value.trim()) line[name] = control(name).value.trim();
        return ok ? line : null;
    }

    function checkFiles() {
        const wrong = chosen.filter((c) => c.file.size > maxFileBytes || !/^(image\/|application\/pdf$)/.test(c.file.type || 'image/'))
            .map((c) => t('send.fileRefused', { name: c.file.name }));
        if (chosen.length > maxFiles) wrong.push(t('send.tooManyFiles', { max: maxFiles }));
        return wrong;
    }

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(form);
        const line = awaitingFiles ? {} : readLine();
        const wrongFiles = checkFiles();
        if (!line || wrongFiles.length) {
            summarise(form, wrongFiles.length ? wrongFiles : [t('send.fixFields')]);
            return;
        }
        const me = who();
        const memberId = awaitingFiles?.memberId ?? form.querySelector('[name=memberId]').value;
        const button = form.querySelector('#send-submit');
        button.disabled = true;
        try {
            const claim = awaitingFiles ?? await post('/api/claims', { familyId: me.familyId, memberId, invoiceReference: invoiceReference(), channel: 'app', lines: [line] });
            let files = [];
            let filesError = null;
            if (chosen.length) {
                const data = new FormData();
                for (const item of chosen) data.append('files', item.file, item.file.name);
                for (const item of chosen) data.append('types', item.type);
                try {
                    files = await upload(`/api/claims/${encodeURIComponent(memberId)}/${encodeURIComponent(claim.invoiceReference)}/files`, data);
                } catch (error) {
                    filesError = error;
                }
            }
            onSent(claim, files, filesError);
            if (filesError) {
                awaitingFiles = claim;
                showApiError(form, filesError);
                button.textContent = t('send.resendFiles');
            } else {
                awaitingFiles = null;
                chosen = [];
                build();
            }
        } catch (error) {
            showApiError(form, error);
        } finally {
            button.disabled = false;
        }
    });

    return {
        /** Builds the form again (a language change, the roster or catalogue loaded). */
        async refresh() {
            benefits = catalogue().benefits.length ? await searchableBenefits(catalogue()) : [];
            build();
        },
    };
}

/** The answer to a sent claim: the decision in plain words, live, and the files that went with it (or why not). */
export function sentAnswer(claim, files, filesError) {
    return h('div', { class: `message ${claim.status === 'pended' ? 'notice' : claim.status === 'refused' ? 'error' : 'ok'}`, 'data-sent-claim': claim.claimId, 'data-status': claim.status, role: 'status' },
        h('strong', {}, plainWords(claim)),
        h('div', { class: 'hint' }, t('send.answer.reference', { invoice: claim.invoiceReference, date: date(claim.receivedOn) })),
        files?.length ? h('div', { class: 'hint', 'data-files-sent': files.length }, t('send.answer.files', { n: files.length })) : null,
        filesError ? h('div', { role: 'alert' }, t('send.answer.filesFailed'), ' ', filesError.message ?? '') : null);
}
