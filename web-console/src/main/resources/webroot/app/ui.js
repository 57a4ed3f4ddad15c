// Shared view helpers: icons, page header, empty states, problem display, tabs, formatting.
import { html, svg, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { t, getLang } from './i18n.js';

// ---- icons (24×24 stroke icons, drawn for this console) ----
const ICON_PATHS = {
  headset: svg`<path d="M4 14v-2a8 8 0 0 1 16 0v2"/><rect x="3" y="13" width="4" height="6" rx="1.5"/><rect x="17" y="13" width="4" height="6" rx="1.5"/><path d="M19 19c0 1.5-2 2.5-5 2.5"/>`,
  dispatch: svg`<circle cx="5" cy="12" r="2.5"/><circle cx="19" cy="5" r="2.5"/><circle cx="19" cy="19" r="2.5"/><path d="M7.3 11l9.4-4.8M7.3 13l9.4 4.8"/>`,
  review: svg`<path d="M9 4h6M9 4a1 1 0 0 0-1 1v1h8V5a1 1 0 0 0-1-1"/><path d="M8 5H6a1 1 0 0 0-1 1v14a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V6a1 1 0 0 0-1-1h-2"/><path d="M8.5 13.5l2.5 2.5 4.5-5"/>`,
  inbox: svg`<path d="M3 13l3-8h12l3 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z"/><path d="M3 13h5l1.5 2.5h5L16 13h5"/>`,
  building: svg`<path d="M4 21V5a1 1 0 0 1 1-1h9a1 1 0 0 1 1 1v16"/><path d="M15 9h4a1 1 0 0 1 1 1v11"/><path d="M3 21h18M8 8h3M8 12h3M8 16h3"/>`,
  flag: svg`<path d="M5 21V4"/><path d="M5 4h11l-2 4 2 4H5"/>`,
  chart: svg`<path d="M4 20V4M4 20h16"/><rect x="7" y="12" width="3" height="5"/><rect x="12" y="8" width="3" height="9"/><rect x="17" y="10" width="3" height="7"/>`,
  users: svg`<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0"/><path d="M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14a6.5 6.5 0 0 1 3.5 6"/>`,
  tree: svg`<rect x="9" y="3" width="6" height="5" rx="1"/><rect x="3" y="16" width="6" height="5" rx="1"/><rect x="15" y="16" width="6" height="5" rx="1"/><path d="M12 8v4M6 16v-2h12v2"/>`,
  tag: svg`<path d="M3 12V4a1 1 0 0 1 1-1h8l9 9-9 9z"/><circle cx="8" cy="8" r="1.6"/>`,
  map: svg`<path d="M9 4L3 6v14l6-2 6 2 6-2V4l-6 2z"/><path d="M9 4v14M15 6v14"/>`,
  audit: svg`<path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z"/><path d="M8.5 12l2.5 2.5 4.5-5"/>`,
  logout: svg`<path d="M15 4h3a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1h-3"/><path d="M10 8l-4 4 4 4M6 12h10"/>`,
  globe: svg`<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.5 2.5 3.8 5.5 3.8 9s-1.3 6.5-3.8 9c-2.5-2.5-3.8-5.5-3.8-9S9.5 5.5 12 3z"/>`,
  search: svg`<circle cx="11" cy="11" r="6.5"/><path d="M16 16l4.5 4.5"/>`,
  chevron: svg`<path d="M9 6l6 6-6 6"/>`,
  plus: svg`<path d="M12 5v14M5 12h14"/>`,
  refresh: svg`<path d="M20 11a8 8 0 0 0-14.3-4.9L4 8"/><path d="M4 4v4h4"/><path d="M4 13a8 8 0 0 0 14.3 4.9L20 16"/><path d="M20 20v-4h-4"/>`,
  alert: svg`<circle cx="12" cy="12" r="9"/><path d="M12 7.5v5.5M12 16.2v.3"/>`,
  info: svg`<circle cx="12" cy="12" r="9"/><path d="M12 11v5.5M12 7.8v.3"/>`,
  clock: svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`,
  phone: svg`<path d="M6 3.5l3 .5 1.5 4-2 1.5a11 11 0 0 0 6 6l1.5-2 4 1.5.5 3a1.5 1.5 0 0 1-1.5 1.5C10.5 19.5 4.5 13.5 4.5 5A1.5 1.5 0 0 1 6 3.5z"/>`,
  book: svg`<path d="M4 5a2 2 0 0 1 2-2h13v15H6a2 2 0 0 0-2 2z"/><path d="M4 20a2 2 0 0 0 2 2h13v-4"/>`,
  copy: svg`<rect x="8" y="8" width="12" height="12" rx="1.5"/><path d="M16 8V5a1 1 0 0 0-1-1H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3"/>`,
  key: svg`<circle cx="8" cy="15" r="4"/><path d="M11 12l8-8M16 7l2.5 2.5M18.5 4.5L21 7"/>`,
  edit: svg`<path d="M4 20h4L19 9l-4-4L4 16z"/><path d="M13.5 6.5l4 4"/>`,
  power: svg`<path d="M12 3v8"/><path d="M6.3 6.8a8 8 0 1 0 11.4 0"/>`,
  empty: svg`<path d="M3 13l3-8h12l3 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z"/><path d="M3 13h5l1.5 2.5h5L16 13h5"/>`,
  meeting: svg`<circle cx="12" cy="7" r="3"/><path d="M6 20a6 6 0 0 1 12 0"/><path d="M3 20h18"/>`,
  pin: svg`<path d="M12 21s-6.5-6-6.5-11a6.5 6.5 0 0 1 13 0c0 5-6.5 11-6.5 11z"/><circle cx="12" cy="10" r="2.3"/>`,
  memo: svg`<path d="M6 3h9l4 4v14H6z"/><path d="M15 3v4h4M9 12h7M9 16h5"/>`,
  bell: svg`<path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z"/><path d="M10 20.5a2 2 0 0 0 4 0"/>`,
  calendar: svg`<rect x="3.5" y="5" width="17" height="15.5" rx="1.5"/><path d="M3.5 10h17M8 3v4M16 3v4"/><path d="M8 14h2M14 14h2M8 17h2"/>`,
  trash: svg`<path d="M4 7h16M10 4h4M6 7l1 13h10l1-13"/><path d="M10 11v6M14 11v6"/>`,
  history: svg`<path d="M4 12a8 8 0 1 0 2.3-5.6L4 8.7"/><path d="M4 4v4.7h4.7"/><path d="M12 8v4.5l3 2"/>`,
  tv: svg`<rect x="3" y="6" width="18" height="12" rx="1.5"/><path d="M8 21h8M9 2.5l3 3.5 3-3.5"/>`,
};

export function icon(name, extraClass = '') {
  return html`<svg class="icon ${extraClass}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${ICON_PATHS[name] || nothing}</svg>`;
}

// ---- page building blocks ----

/** The heading block every page starts with. */
export function pageHeader(titleKey, descKey, actions = nothing) {
  return html`
    <header class="page-header">
      <div class="page-header-text">
        <h1 class="page-title" id="page-title">${t(titleKey)}</h1>
        ${descKey ? html`<p class="page-desc">${t(descKey)}</p>` : nothing}
      </div>
      ${actions === nothing ? nothing : html`<div class="page-actions">${actions}</div>`}
    </header>`;
}

export function emptyState(text, hint = '') {
  return html`
    <div class="empty-state" data-empty="true">
      ${icon('empty', 'empty-icon')}
      <p class="empty-text">${text}</p>
      ${hint ? html`<p class="empty-hint">${hint}</p>` : nothing}
    </div>`;
}

export function loadingState() {
  return html`<div class="loading-state" role="status"><span class="spinner" aria-hidden="true"></span><span>${t('common.loading')}</span></div>`;
}

/** A notice strip; kind is info | warn | error | success. */
export function notice(kind, content, id = '') {
  const role = kind === 'error' ? 'alert' : 'status';
  return html`<div class="notice notice-${kind}" role=${role} id=${id || nothing}>
    ${icon(kind === 'error' || kind === 'warn' ? 'alert' : 'info', 'notice-icon')}
    <div class="notice-body">${content}</div>
  </div>`;
}

/** A human message for an error thrown by api.js (or anything else). */
export function errorMessage(error) {
  if (!error) return '';
  if (error.network) return t('error.network');
  if (error.detail) return error.detail;
  if (error.status === 403) return t('error.forbidden');
  if (error.status === 404) return t('error.notFound');
  if (error.title) return error.title;
  if (error.status) return t('error.http', { status: error.status });
  return t('error.unexpected');
}

/** Renders a problem: its detail and any per-field errors not shown next to a field. */
export function problemBox(error, { id = '', shownFields = [] } = {}) {
  if (!error) return nothing;
  const others = (error.errors || []).filter((e) => !shownFields.includes(e.field));
  return notice('error', html`
    <p class="problem-detail">${errorMessage(error)}</p>
    ${others.length
      ? html`<ul class="problem-fields">${others.map((e) => html`<li><span class="problem-field">${fieldLabel(e.field)}</span>${e.message}</li>`)}</ul>`
      : nothing}
    ${error.requestId ? html`<p class="problem-request">${t('error.requestId')}: <code>${error.requestId}</code></p>` : nothing}
  `, id);
}

function fieldLabel(field) {
  if (!field) return '';
  const key = 'field.' + String(field).replace(/\[\d+\]$/, '');
  const label = t(key);
  return label === key ? field : label;
}

/** Per-field error messages under an input. */
export function fieldError(error, field, id) {
  const messages = error && error.fieldErrors ? error.fieldErrors(field) : [];
  if (!messages.length) return nothing;
  return html`<p class="field-error" id=${id} data-field=${field}>${messages.join('；')}</p>`;
}

/**
 * Tabs. items: [{id, label, count}]; onSelect(id). Arrow keys move between tabs.
 */
export function tabs(items, active, onSelect, label = '') {
  const keydown = (e) => {
    const index = items.findIndex((i) => i.id === active);
    let next = -1;
    if (e.key === 'ArrowRight') next = (index + 1) % items.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + items.length) % items.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = items.length - 1;
    if (next < 0) return;
    e.preventDefault();
    onSelect(items[next].id);
    const list = e.currentTarget;
    queueMicrotask(() => {
      const btn = list.querySelector(`[data-tab="${items[next].id}"]`);
      if (btn) btn.focus();
    });
  };
  return html`<div class="tabs" role="tablist" aria-label=${label || nothing} @keydown=${keydown}>
    ${items.map((item) => html`<button type="button" role="tab" class=${classMap({ tab: true, active: item.id === active })}
        data-tab=${item.id} aria-selected=${item.id === active ? 'true' : 'false'} tabindex=${item.id === active ? '0' : '-1'}
        @click=${() => onSelect(item.id)}>
        <span class="tab-label">${item.label}</span>
        ${item.count === undefined ? nothing : html`<span class=${classMap({ 'tab-count': true, [`tone-${item.tone}`]: !!item.tone })} data-count=${item.count}>${item.count}</span>`}
      </button>`)}
  </div>`;
}

/** A preview banner for pages whose workflow arrives in a later release. */
export function previewNotice(key = 'common.previewNotice') {
  return notice('info', html`<p>${t(key)}</p>`, 'preview-notice');
}

// ---- labels ----
export const ROLES = ['operator', 'dispatcher', 'reviewer', 'unit_handler', 'unit_admin', 'supervisor', 'leader', 'admin'];
export const UNIT_KINDS = ['center', 'district_government', 'street_office', 'community', 'city_bureau', 'enterprise'];
export const AREA_LEVELS = ['city', 'district', 'street', 'community'];

export function roleLabel(role) {
  const key = 'role.' + role;
  const label = t(key);
  return label === key ? role : label;
}

export function kindLabel(kind) {
  const key = 'unitKind.' + kind;
  const label = t(key);
  return label === key ? String(kind ?? '') : label;
}

export function levelLabel(level) {
  const key = 'areaLevel.' + level;
  const label = t(key);
  return label === key ? String(level ?? '') : label;
}

// ---- formatting ----
function pad(n) {
  return String(n).padStart(2, '0');
}

/** Local date and time, "2025-03-01 09:30" (seconds when asked). Invalid or empty → ''. */
export function formatDateTime(value, withSeconds = false) {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withSeconds ? `${base}:${pad(d.getSeconds())}` : base;
}

export function formatNumber(n) {
  return new Intl.NumberFormat(getLang()).format(n);
}

// ---- trees ----

/** Walks a tree depth-first; fn(node, depth, parent). */
export function walkTree(nodes, fn, depth = 0, parent = null) {
  for (const node of nodes || []) {
    fn(node, depth, parent);
    walkTree(node.children, fn, depth + 1, node);
  }
}

export function findInTree(nodes, predicate) {
  for (const node of nodes || []) {
    if (predicate(node)) return node;
    const found = findInTree(node.children, predicate);
    if (found) return found;
  }
  return null;
}

/** The tree flattened for a <select>: [{id, label, depth, node}], labels indented with ideographic spaces. */
export function flattenForSelect(nodes) {
  const out = [];
  walkTree(nodes, (node, depth) => {
    out.push({ id: node.id, depth, node, label: '\u3000'.repeat(depth) + (depth ? '└ ' : '') + node.name });
  });
  return out;
}
