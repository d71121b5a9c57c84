// Cairn console: building the page. Every text goes in with textContent, never innerHTML, so a payload or an
// error message shown here can never run script (and the Content-Security-Policy forbids inline script anyway).

/**
 * Makes an element.
 * @param tag e.g. `div`, `button.primary#go` (classes and an id after the tag)
 * @param attrs attributes; `on…` keys are event handlers, `dataset` an object
 * @param children strings, numbers, nodes, arrays of them, null/false (skipped)
 */
export function h(tag, attrs = {}, ...children) {
  const [, name, rest] = tag.match(/^([a-z0-9]+)(.*)$/i);
  const el = document.createElement(name);
  for (const part of rest.match(/[.#][^.#]+/g) ?? []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** @returns an ISO instant as local date and time, or an em dash */
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** @returns how long ago (or from now) an ISO instant is, e.g. `3 min ago`, `in 20 s` */
export function ago(iso) {
  if (!iso) return '—';
  const ms = new Date(iso).getTime() - Date.now();
  const span = duration(Math.abs(ms));
  return ms <= 0 ? `${span} ago` : `in ${span}`;
}

/** @returns milliseconds as `850 ms`, `12 s`, `4 min 3 s`, `2 h 5 min` */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** A message bar: `kind` is `error`, `ok` or `info`. */
export function banner(kind, text) {
  return h(`div.banner.${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** A badge for a state: CLOSED/OPEN/SUCCEEDED/FAILED/... */
export function badge(state) {
  return h(`span.badge.s-${String(state).toLowerCase()}`, {}, state);
}

/** A table from column titles and rows of cells. */
export function table(columns, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, c)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td.empty', { colspan: columns.length }, 'nothing here'))));
}

/** A horizontal bar of `value` out of `max` (CSSOM width, allowed by the Content-Security-Policy). */
export function bar(value, max, kind = '') {
  const fill = h(`span.fill${kind ? `.${kind}` : ''}`);
  fill.style.width = `${max > 0 ? Math.min(100, (100 * value) / max) : 0}%`;
  return h('span.bar', { title: `${value} of ${max}` }, fill);
}

/**
 * Asks before doing something that changes the fleet.
 * @returns a promise of whether the user confirmed
 */
export function confirmAction(title, text, confirmLabel = 'Confirm') {
  return new Promise((resolve) => {
    const dialog = h('dialog#confirm', {},
      h('h3', {}, title), h('p', {}, text),
      h('div.actions', {},
        h('button#confirm-cancel', { type: 'button', onclick: () => close(false) }, 'Cancel'),
        h('button.danger#confirm-ok', { type: 'button', onclick: () => close(true) }, confirmLabel)));
    function close(answer) {
      dialog.close();
      dialog.remove();
      resolve(answer);
    }
    dialog.addEventListener('cancel', () => close(false));
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A labelled input for a filter form. */
export function field(label, name, value = '', attrs = {}) {
  return h('label', {}, h('span', {}, label), h('input', { name, value, ...attrs }));
}

/** @returns a sentence for a failed call: the API's status, code and message, with what to do */
export function errorText(e) {
  return typeof e?.describe === 'function' ? e.describe() : String(e?.message ?? e);
}

/** Puts a failed call's message at the top of `container`, replacing an earlier one. */
export function showError(container, e) {
  container.querySelector(':scope > .banner.error')?.remove();
  container.prepend(banner('error', errorText(e)));
}
