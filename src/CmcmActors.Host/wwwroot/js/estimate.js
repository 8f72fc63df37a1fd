// The estimate form of both pages: what planned care would pay, consuming nothing (POST /api/estimates).
import { replace, byId } from './dom.js';
import { post } from './api.js';
import { renderEstimate } from './decision.js';
import { t } from './i18n.js';
import { clearErrors, summarise, showApiError } from './fields.js';

/** Wires #estimate-form: the lines of `lines`, the family and member `who(form)` names, the answer in #estimate-result. */
export function wireEstimateForm(lines, who, catalogue) {
    byId('estimate-form').addEventListener('submit', async (event) => {
        event.preventDefault();
        const form = event.target;
        clearErrors(form);
        replace(byId('estimate-result'));
        const read = lines.read();
        if (!read) {
            summarise(form, [t('error.linesWrong')]);
            return;
        }
        try {
            const estimate = await post('/api/estimates', { ...who(form), lines: read });
            replace(byId('estimate-result'), renderEstimate(estimate, catalogue()));
        } catch (error) {
            showApiError(form, error);
        }
    });
}
