// The catalogue edition in force: its benefits for the code pickers, code → title, cap definitions by id, and each
// benefit's required documents and circumstances (so that the desk offers them to pick, never to type).
import { get } from './api.js';
import { todayIso } from './format.js';

export const emptyCatalogue = () => ({ edition: null, benefits: [], titles: new Map(), caps: new Map(), byCode: new Map() });

export async function loadCatalogue(on = todayIso()) {
    const listed = await get('/api/catalogue/editions');
    const editions = (Array.isArray(listed) ? listed : listed?.editions ?? [])
        .slice()
        .sort((a, b) => String(a.effectiveFrom).localeCompare(String(b.effectiveFrom)));
    const inForce = editions.find((e) => e.inForce) ?? editions.filter((e) => String(e.effectiveFrom) <= on).pop() ?? editions[0];
    if (!inForce) return emptyCatalogue();
    const edition = await get(`/api/catalogue/editions/${encodeURIComponent(inForce.edition)}`);
    const benefits = edition?.benefits ?? [];
    const caps = new Map();
    for (const benefit of benefits) for (const cap of benefit.caps ?? []) caps.set(cap.id, cap);
    return { edition: inForce.edition, benefits, titles: new Map(benefits.map((b) => [b.code, b.title])), caps, byCode: new Map(benefits.map((b) => [b.code, b])) };
}

/** The benefit and the ones that top it up (its chain), as the catalogue links them. */
function chain(catalogue, code) {
    const codes = new Set([code]);
    let grew = true;
    while (grew) {
        grew = false;
        for (const b of catalogue.benefits) {
            if (!codes.has(b.code) && b.topUpOf && codes.has(b.topUpOf)) {
                codes.add(b.code);
                grew = true;
            }
            if (codes.has(b.code) && b.topUpOf && !codes.has(b.topUpOf)) {
                codes.add(b.topUpOf);
                grew = true;
            }
        }
    }
    return [...codes].map((c) => catalogue.byCode.get(c)).filter(Boolean);
}

const conditionValues = (catalogue, code, kind) =>
    [...new Set(chain(catalogue, code).flatMap((b) => (b.conditions ?? []).filter((c) => c.kind === kind).flatMap((c) => c.values ?? [])))];

/** The documents any benefit of the line's chain requires. */
export const requiredDocuments = (catalogue, code) => conditionValues(catalogue, code, 'requiredDocuments');

/** The circumstances any benefit of the line's chain accepts. */
export const circumstances = (catalogue, code) => conditionValues(catalogue, code, 'anyOfCircumstances');

/** Every document the edition requires somewhere (for a claim whose lines are not known yet). */
export const allDocuments = (catalogue) => [...new Set(catalogue.benefits.flatMap((b) => (b.conditions ?? []).filter((c) => c.kind === 'requiredDocuments').flatMap((c) => c.values ?? [])))];
