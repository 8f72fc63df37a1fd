// The catalogue edition in force: its benefits for the code picker, and code → title for the decisions.
import { get } from './api.js';
import { todayIso } from './format.js';

export async function loadCatalogue(on = todayIso()) {
    const listed = await get('/api/catalogue/editions');
    const editions = (Array.isArray(listed) ? listed : listed?.editions ?? [])
        .slice()
        .sort((a, b) => String(a.effectiveFrom).localeCompare(String(b.effectiveFrom)));
    const inForce = editions.find((e) => e.inForce) ?? editions.filter((e) => String(e.effectiveFrom) <= on).pop() ?? editions[0];
    if (!inForce) return { edition: null, benefits: [], titles: new Map() };
    const edition = await get(`/api/catalogue/editions/${encodeURIComponent(inForce.edition)}`);
    const benefits = edition?.benefits ?? [];
    return { edition: inForce.edition, benefits, titles: new Map(benefits.map((b) => [b.code, b.title])) };
}
