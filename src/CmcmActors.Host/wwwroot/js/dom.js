// Small DOM helpers: pages build elements with h() so text from the server is never parsed as HTML.

export function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes ?? {})) {
        if (value === undefined || value === null || value === false) continue;
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2).toLowerCase(), value);
        } else if (name === 'class') {
            element.className = value;
        } else if (value === true) {
            element.setAttribute(name, '');
        } else {
            element.setAttribute(name, String(value));
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children) {
        if (child === undefined || child === null || child === false) continue;
        if (Array.isArray(child)) {
            append(element, child);
        } else {
            element.append(child instanceof Node ? child : document.createTextNode(String(child)));
        }
    }
}

export function replace(element, ...children) {
    element.replaceChildren();
    append(element, children);
}

export const byId = (id) => document.getElementById(id);

export function show(element, visible = true) {
    element.classList.toggle('hidden', !visible);
}

/** The values of a form's named fields, as strings (checkboxes as booleans). */
export function formValues(form) {
    const values = {};
    for (const field of form.elements) {
        if (!field.name) continue;
        values[field.name] = field.type === 'checkbox' ? field.checked : field.value.trim();
    }
    return values;
}
