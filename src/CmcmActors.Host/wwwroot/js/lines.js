// The claim line editor, shared by the desk's new claim, estimate and correction and by the member's estimate: a
// benefit picked from the catalogue, amounts typed as a person types them (js/amount.js), and the documents and
// circumstances the benefit's conditions name, to tick rather than to type.
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { todayIso, benefitTitle, tierLabel, documentLabel, circumstanceLabel } from './format.js';
import { requiredDocuments, circumstances } from './catalogue.js';
import { field, uid, readAmount, markError } from './fields.js';

const yesNo = (name, path) => h('select', { name, 'data-path': path },
    h('option', { value: '' }, t('common.notKnown')), h('option', { value: 'true' }, t('common.yes')), h('option', { value: 'false' }, t('common.no')));

/**
 * A list of line editors in container. staff: offer the facts only staff may confirm. Returns { add(line?), read(),
 * refresh(catalogue), clear() }: read() gives the lines for the API, or null after marking the wrong fields.
 */
export function lineEditors(container, { catalogue, staff = true, prefix = 'lines' }) {
    let current = catalogue;

    function options(selected) {
        const byTier = new Map();
        for (const benefit of current().benefits) {
            if (!byTier.has(benefit.tier)) byTier.set(benefit.tier, []);
            byTier.get(benefit.tier).push(benefit);
        }
        return [h('option', { value: '' }, current().benefits.length ? t('line.chooseBenefit') : t('common.loading')),
            [...byTier.entries()].map(([tier, benefits]) => h('optgroup', { label: tierLabel(tier) },
                benefits.map((b) => h('option', { value: b.code, selected: b.code === selected }, `${b.code} — ${benefitTitle(b.code, current().titles)}`))))];
    }

    function renumber() {
        [...container.children].forEach((editor, i) => {
            editor.dataset.index = String(i);
            editor.querySelector('legend').textContent = t('decision.line', { n: i + 1 });
            const remove = editor.querySelector('.remove-line');
            remove.textContent = t('line.remove');
            remove.setAttribute('aria-label', t('line.removeNumbered', { n: i + 1 }));
            for (const control of editor.querySelectorAll('[data-field]')) control.dataset.path = `${prefix}[${i}].${control.dataset.field}`;
        });
    }

    function add(initial = {}) {
        const benefit = h('select', { name: 'benefitCode', 'data-field': 'benefitCode', required: true }, options(initial.benefitCode ?? ''));
        const elementBox = h('div', { class: 'field' });
        const picks = h('div', { class: 'picks' });
        const dateOfCare = h('input', { name: 'dateOfCare', 'data-field': 'dateOfCare', type: 'date', value: initial.dateOfCare ?? todayIso(), required: true });
        const invoiced = h('input', { name: 'invoiced', 'data-field': 'invoiced', type: 'text', inputmode: 'decimal', autocomplete: 'off', value: initial.invoiced ?? '', required: true });
        const statutory = h('input', { name: 'statutoryReimbursement', 'data-field': 'statutoryReimbursement', type: 'text', inputmode: 'decimal', autocomplete: 'off', value: initial.statutoryReimbursement ?? '0' });
        const units = h('input', { name: 'units', 'data-field': 'units', type: 'number', min: '1', max: '1000', value: initial.units ?? '1' });
        const country = h('input', { name: 'countryOfCare', 'data-field': 'countryOfCare', value: initial.countryOfCare ?? 'LU', maxlength: 2, autocomplete: 'off' });
        const tariff = h('input', { name: 'officialTariff', 'data-field': 'officialTariff', type: 'text', inputmode: 'decimal', autocomplete: 'off', value: initial.officialTariff ?? '' });
        const incident = h('input', { name: 'incidentId', 'data-field': 'incidentId', autocomplete: 'off', value: initial.incidentId ?? '' });
        const trip = h('input', { name: 'tripId', 'data-field': 'tripId', autocomplete: 'off', value: initial.tripId ?? '' });

        const refreshElement = (value) => {
            const chosen = current().byCode?.get(benefit.value);
            const elements = chosen?.elements ?? [];
            const control = elements.length
                ? h('select', { name: 'element', 'data-field': 'element' }, elements.map((e) => h('option', { value: e, selected: e === value }, t(`element.${e}`) === `element.${e}` ? e : t(`element.${e}`))))
                : h('input', { name: 'element', 'data-field': 'element', autocomplete: 'off', value: value ?? '' });
            const built = field(t('line.element'), control);
            replace(elementBox, ...built.childNodes);
            const documents = requiredDocuments(current(), benefit.value);
            const reasons = staff ? circumstances(current(), benefit.value) : [];
            replace(picks,
                documents.length ? h('fieldset', { class: 'choices', 'data-field': 'documents' }, h('legend', {}, t('line.documents')),
                    documents.map((d) => {
                        const box = h('input', { type: 'checkbox', name: 'documents', value: d, id: uid('doc'), checked: (initial.documents ?? []).includes(d) });
                        return h('label', { class: 'check', for: box.id }, box, documentLabel(d));
                    })) : null,
                reasons.length ? h('fieldset', { class: 'choices', 'data-field': 'circumstances' }, h('legend', {}, t('line.circumstances')),
                    reasons.map((c) => {
                        const box = h('input', { type: 'checkbox', name: 'circumstances', value: c, id: uid('circ'), checked: (initial.circumstances ?? []).includes(c) });
                        return h('label', { class: 'check', for: box.id }, box, circumstanceLabel(c));
                    })) : null);
            renumber();
        };
        benefit.addEventListener('change', () => refreshElement(null));

        const remove = h('button', { type: 'button', class: 'secondary small remove-line' }, t('line.remove'));
        const editor = h('fieldset', { class: 'line-editor' },
            h('legend', {}, ''),
            h('div', { class: 'fields' },
                field(t('line.benefit'), benefit, { wide: true }),
                field(t('line.dateOfCare'), dateOfCare),
                field(t('line.invoiced'), invoiced, { hint: t('line.amountHint') }),
                field(t('line.statutory'), statutory),
                field(t('line.units'), units),
                elementBox),
            picks,
            h('details', {},
                h('summary', {}, t('line.more')),
                h('div', { class: 'fields' },
                    field(t('line.country'), country),
                    field(t('line.officialTariff'), tariff),
                    staff ? field(t('line.authorised'), yesNo('authorised')) : null,
                    staff ? field(t('line.serious'), yesNo('serious')) : null,
                    staff ? field(t('line.programmeCompleted'), yesNo('programmeCompleted')) : null,
                    field(t('line.incident'), incident),
                    field(t('line.trip'), trip))),
            h('div', { class: 'row' }, remove));
        for (const select of editor.querySelectorAll('select[name=authorised], select[name=serious], select[name=programmeCompleted]')) {
            select.dataset.field = select.name;
            const known = initial[select.name];
            if (known === true || known === false) select.value = String(known);
        }
        remove.addEventListener('click', () => {
            if (container.children.length > 1) {
                editor.remove();
                renumber();
                container.querySelector('select[name=benefitCode]')?.focus();
            }
        });
        container.append(editor);
        refreshElement(initial.element ?? null);
        return editor;
    }

    function readLine(editor) {
        const value = (name) => editor.querySelector(`[name="${name}"]`)?.value.trim() ?? '';
        const control = (name) => editor.querySelector(`[name="${name}"]`);
        let ok = true;
        const need = (v) => {
            if (v === undefined) ok = false;
            return v;
        };
        if (!value('benefitCode')) {
            markError(control('benefitCode'), t('error.server.required'));
            ok = false;
        }
        if (!value('dateOfCare')) {
            markError(control('dateOfCare'), t('error.server.required'));
            ok = false;
        }
        const line = {
            benefitCode: value('benefitCode'),
            dateOfCare: value('dateOfCare'),
            invoiced: need(readAmount(control('invoiced'))),
            statutoryReimbursement: need(readAmount(control('statutoryReimbursement'), { required: false })) ?? 0,
            units: Number(value('units') || 1),
            countryOfCare: (value('countryOfCare') || 'LU').toUpperCase(),
        };
        const flag = (name) => (value(name) === '' ? null : value(name) === 'true');
        const checked = (name) => [...editor.querySelectorAll(`input[type=checkbox][name="${name}"]:checked`)].map((b) => b.value);
        const optional = {
            element: value('element') || null,
            officialTariff: need(readAmount(control('officialTariff'), { required: false })),
            authorised: flag('authorised'),
            serious: flag('serious'),
            programmeCompleted: flag('programmeCompleted'),
            circumstances: checked('circumstances').length ? checked('circumstances') : null,
            documents: checked('documents').length ? checked('documents') : null,
            incidentId: value('incidentId') || null,
            tripId: value('tripId') || null,
        };
        for (const [name, v] of Object.entries(optional)) if (v !== null && v !== undefined) line[name] = v;
        return ok ? line : null;
    }

    return {
        add,
        read() {
            const lines = [...container.children].map(readLine);
            return lines.every(Boolean) ? lines : null;
        },
        refresh(catalogue) {
            if (catalogue) current = catalogue;
            for (const select of container.querySelectorAll('select[name=benefitCode]')) {
                const value = select.value;
                replace(select, options(value));
                select.value = value;
                select.dispatchEvent(new Event('change'));
            }
        },
        clear() {
            replace(container);
            add();
        },
    };
}
