// Calls to the CMCM API (docs/api-routes.md) with the signed-in token. Failures become ApiError with readable text.

export class ApiError extends Error {
    constructor(status, problem) {
        super(problem?.detail || problem?.title || `The server answered ${status}.`);
        this.status = status;
        this.problem = problem;
    }

    /** "field: message" lines of a validation problem. */
    get fieldErrors() {
        const errors = this.problem?.errors ?? {};
        return Object.entries(errors).flatMap(([field, messages]) => [].concat(messages).map((m) => `${field}: ${m}`));
    }
}

let tokenSource = () => null;
let pushSequenceListener = () => {};

/** Called with the Cmcm-Push-Sequence header of every answer that carries one (the claim lists; see live.js). */
export function onPushSequence(listener) {
    pushSequenceListener = listener;
}

/** Where calls take their token from (the page's session). */
export function useToken(source) {
    tokenSource = source;
}

export async function api(method, path, body) {
    return (await call(method, path, body)).data;
}

/** A page of a list: the items and the address of the next page (Link rel="next"), or null. */
export async function getPage(path) {
    const { data, response } = await call('GET', path);
    const link = response.headers.get('Link') ?? '';
    const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null;
    return { items: Array.isArray(data) ? data : [], next };
}

async function call(method, path, body) {
    const headers = { Accept: 'application/json' };
    const token = tokenSource();
    if (token) headers.Authorization = `Bearer ${token}`;
    // A FormData (files) goes as multipart/form-data, its boundary set by the browser.
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    let response;
    try {
        response = await fetch(path, { method, headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body) });
    } catch {
        throw new ApiError(0, { title: 'The server cannot be reached. Check the connection and try again.' });
    }

    const text = await response.text();
    let data = null;
    if (text) {
        try {
            data = JSON.parse(text);
        } catch {
            data = { title: text.slice(0, 300) };
        }
    }

    if (!response.ok) {
        if (response.status === 401) throw new ApiError(401, { title: 'Not signed in, or the sign-in has expired. Sign in again.' });
        if (response.status === 403) throw new ApiError(403, { title: 'This sign-in may not see or do that.' });
        throw new ApiError(response.status, data);
    }

    const sequences = response.headers.get('Cmcm-Push-Sequence');
    if (sequences) pushSequenceListener(sequences);
    return { data, response };
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
export const put = (path, body) => api('PUT', path, body ?? {});

/** Sends files: a FormData of parts named files and types (docs/documents.md). */
export const upload = (path, form) => api('POST', path, form);

/** A file's content as a Blob (for an object URL): images and PDFs are read with the token, never through a plain link. */
export async function blob(path) {
    const token = tokenSource();
    let response;
    try {
        response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    } catch {
        throw new ApiError(0, { title: 'The server cannot be reached. Check the connection and try again.' });
    }
    if (!response.ok) throw new ApiError(response.status, { title: `The server answered ${response.status}.` });
    return response.blob();
}
