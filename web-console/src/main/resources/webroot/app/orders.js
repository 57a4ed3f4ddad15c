// Work orders in the console: labels, badges, deadlines, the reference trees as picker items, the orders table.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { t } from './i18n.js';
import { formatDateTime, walkTree, kindLabel, emptyState } from './ui.js';
import { orderHref } from './router.js';

export const STATUSES = ['ACCEPTED', 'DISPATCHED', 'SIGNED', 'SUSPENDED', 'RETURNED', 'REPLIED', 'CALLBACK', 'CLOSED', 'MERGED'];
export const TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'];
export const URGENCIES = ['normal', 'urgent', 'emergency'];
export const CHANNELS = ['phone', 'web', 'wechat', 'open311', 'sms', 'email'];
export const RETURN_REASONS = ['not_our_responsibility', 'wrong_area', 'insufficient_information', 'duplicate', 'other'];
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'];
export const REVEAL_REASONS = ['callback', 'contact_citizen', 'verify_information', 'other'];
/** Roles that may ask for a citizen's full contact (revealCitizenContact). */
export const REVEAL_ROLES = ['operator', 'dispatcher', 'reviewer', 'unit_handler', 'unit_admin'];

function label(prefix, value, fallback) {
  if (value === null || value === undefined || value === '') return '';
  const key = prefix + value;
  const text = t(key);
  return text === key ? String(fallback ?? value) : text;
}

export const statusLabel = (s, fallback) => label('status.', s, fallback);
export const actionLabel = (a) => label('action.', a);
export const typeLabel = (v) => label('orderType.', v);
export const urgencyLabel = (v) => label('urgency.', v);
export const channelLabel = (v) => label('channel.', v);
export const satisfactionLabel = (v) => label('satisfaction.', v);
export const returnReasonLabel = (v) => label('returnReason.', v);

/** The status as a coloured badge; data-status carries the API value. */
export function statusBadge(order, id = '') {
  const status = order && order.status ? String(order.status) : '';
  return html`<span class=${'status-badge st-' + status.toLowerCase()} id=${id || nothing} data-status=${status}>${statusLabel(status, order && order.statusName)}</span>`;
}

export function urgencyBadge(urgency) {
  if (!urgency) return nothing;
  return html`<span class=${'urg urg-' + urgency} data-urgency=${urgency}>${urgencyLabel(urgency)}</span>`;
}

// ---- deadlines ----

const HOUR = 3600_000;
const WITH_UNIT = new Set(['DISPATCHED', 'SIGNED', 'SUSPENDED']);

/**
 * The deadline that matters now: signing while dispatched, handling while in hand. null when the clock is not
 * running (not with a unit, or suspended).
 */
export function currentDeadline(order, now = Date.now()) {
  if (!order || !order.deadlines || !WITH_UNIT.has(order.status)) return null;
  const kind = order.status === 'DISPATCHED' && order.deadlines.sign ? 'sign' : 'handle';
  const at = order.deadlines[kind];
  if (!at) return null;
  return deadlineState(kind, at, now, order.status === 'SUSPENDED');
}

/** { kind, at, ms, tone: ok | warn | over | paused } for one deadline. */
export function deadlineState(kind, at, now = Date.now(), paused = false) {
  const when = new Date(at).getTime();
  if (Number.isNaN(when)) return null;
  const ms = when - now;
  // Amber: the server's "overdue soon" window (24 h) for handling; the last half hour for signing.
  const soon = kind === 'sign' ? 0.5 * HOUR : 24 * HOUR;
  const tone = paused ? 'paused' : ms < 0 ? 'over' : ms <= soon ? 'warn' : 'ok';
  return { kind, at, ms, tone };
}

/** "2天3小时" / "45分钟" — a duration in days, hours and minutes, the two largest units. */
export function formatDuration(ms) {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return t('duration.dh', { d, h });
  if (h > 0) return t('duration.hm', { h, m });
  return t('duration.m', { m });
}

export function remainingText(state) {
  if (!state) return '';
  if (state.tone === 'paused') return t('deadline.paused');
  return state.ms < 0 ? t('deadline.overBy', { d: formatDuration(state.ms) }) : t('deadline.left', { d: formatDuration(state.ms) });
}

/** A compact deadline: remaining time in its colour, the absolute time below. */
export function deadlineCell(order, now = Date.now()) {
  const state = currentDeadline(order, now);
  if (!state) return html`<span class="muted">—</span>`;
  return html`<div class=${'deadline tone-' + state.tone} data-tone=${state.tone} title=${formatDateTime(state.at)}>
    <span class="deadline-kind">${t('deadline.kind.' + state.kind)}</span>
    <span class="deadline-left">${remainingText(state)}</span>
  </div>`;
}

// ---- reference trees ----

const cache = new Map();

/** GET once per session (units, categories, areas change rarely); a failure is not cached. */
export function loadTree(api, path) {
  if (!cache.has(path)) {
    const p = api.get(path).then((r) => (r && r.items) || []);
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return cache.get(path);
}

/** Category items: every active node, leaves preferred; the input shows the full path once chosen. */
export function categoryItems(roots) {
  const out = [];
  const visit = (nodes, parents, depth) => {
    for (const n of nodes || []) {
      if (n.active === false) continue;
      const names = parents.concat([n.name]);
      const kids = (n.children || []).filter((c) => c.active !== false);
      out.push({
        id: n.id, label: n.name, display: n.name, fullPath: names.join(' / '), path: parents.join(' / '), depth,
        leaf: kids.length === 0, search: `${names.join(' ')} ${n.code || ''}`,
      });
      visit(kids, names, depth + 1);
    }
  };
  visit(roots, [], 0);
  return out;
}

/** Area items below the city: districts, streets (and communities), streets preferred. */
export function areaItems(roots) {
  const out = [];
  const visit = (nodes, parents, depth) => {
    for (const n of nodes || []) {
      const top = n.level === 'city';
      const names = top ? parents : parents.concat([n.name]);
      if (!top) {
        out.push({
          id: n.id, label: n.name, display: names.join(' / '), path: parents.join(' / '), depth,
          leaf: n.level !== 'district', hint: n.level ? t('areaLevel.' + n.level) : '', search: `${names.join(' ')} ${n.code || ''}`,
        });
      }
      visit(n.children, names, top ? depth : depth + 1);
    }
  };
  visit(roots, [], 0);
  return out;
}

/** Unit items that can handle orders (active, not the centre); `within` limits them to a subtree. */
export function unitItems(roots, { below = null } = {}) {
  const out = [];
  const visit = (nodes, depth, inside, parents) => {
    for (const n of nodes || []) {
      const isRoot = below !== null && String(n.id) === String(below);
      const usable = n.active !== false && n.kind !== 'center' && (below === null || inside);
      if (usable) {
        out.push({
          id: n.id, label: n.name, display: n.name, path: parents.join(' / '), depth, leaf: true,
          hint: kindLabel(n.kind), search: `${n.name} ${n.code || ''} ${kindLabel(n.kind)} ${parents.join(' ')}`,
        });
      }
      visit(n.children, usable ? depth + 1 : depth, inside || isRoot, parents.concat([n.name]));
    }
  };
  visit(roots, 0, false, []);
  return out;
}

export function unitNames(roots) {
  const names = new Map();
  walkTree(roots, (n) => names.set(String(n.id), n.name));
  return names;
}

// ---- the orders table ----

export const ORDER_COLUMNS = ['number', 'type', 'urgency', 'category', 'area', 'excerpt', 'unit', 'deadline', 'created'];

/** Opens the order page. */
export function openOrder(id) {
  window.location.hash = orderHref(id);
}

/**
 * The queue table. rows: list items; options: { columns, extra: {header, cell(row)} , id, emptyText, emptyHint,
 * now, rowClass(row), deadline(row) (the deadline cell when the caller knows better, e.g. from the server's clocks) }. A row opens its order on click or Enter; links and controls inside keep their own behaviour.
 */
export function ordersTable(rows, options = {}) {
  const columns = options.columns || ORDER_COLUMNS;
  const now = options.now || Date.now();
  const span = columns.length + (options.extra ? 1 : 0);
  const open = (row) => (e) => {
    if (e.defaultPrevented) return;
    if (e.target.closest('a, button, input, select, textarea, label, .row-extra')) return;
    openOrder(row.id);
  };
  const key = (row) => (e) => {
    if (e.key === 'Enter' && e.target === e.currentTarget) {
      e.preventDefault();
      openOrder(row.id);
    }
  };
  const cell = (c, row) => {
    switch (c) {
      case 'number':
        return html`<td class="nowrap col-number"><a class="order-link" href=${orderHref(row.id)}>${row.number}</a>
          <div class="sub">${statusBadge(row)}${row.extensionPending ? html` <span class="flag flag-ext">${t('order.extensionPending')}</span>` : nothing}</div></td>`;
      case 'type':
        return html`<td class="nowrap">${typeLabel(row.type)}</td>`;
      case 'urgency':
        return html`<td class="nowrap">${urgencyBadge(row.urgency)}</td>`;
      case 'category':
        return html`<td class="col-category" title=${row.category ? row.category.path || '' : ''}>${row.category ? row.category.name : html`<span class="muted">—</span>`}</td>`;
      case 'area':
        return html`<td class="nowrap" title=${row.area ? row.area.path || '' : ''}>${row.area ? row.area.name : html`<span class="muted">—</span>`}</td>`;
      case 'excerpt':
        return html`<td class="col-excerpt"><span class="excerpt" title=${row.excerpt || ''}>${row.excerpt || ''}</span></td>`;
      case 'unit': {
        const unit = row.handlerUnit || row.leadUnit;
        return html`<td class="col-unit">${unit ? unit.name : html`<span class="muted">${t('order.noUnit')}</span>`}</td>`;
      }
      case 'deadline':
        return html`<td class="nowrap">${(options.deadline && options.deadline(row)) || deadlineCell(row, now)}</td>`;
      case 'created':
        return html`<td class="nowrap num muted">${formatDateTime(row.createdAt)}</td>`;
      default:
        return html`<td></td>`;
    }
  };
  return html`<div class="table-wrap">
    <table class="data-table orders-table" id=${options.id || nothing}>
      <thead><tr>
        ${columns.map((c) => html`<th scope="col" class=${'col-' + c}>${t('ordersCol.' + c)}</th>`)}
        ${options.extra ? html`<th scope="col" class="col-extra">${options.extra.header}</th>` : nothing}
      </tr></thead>
      <tbody>
        ${rows.length
          ? rows.map((row) => html`<tr data-order-id=${String(row.id)} data-number=${row.number} data-status=${row.status}
                tabindex="0" class=${classMap({ 'order-row': true, [`urg-row-${row.urgency}`]: !!row.urgency, ...(options.rowClass ? options.rowClass(row) : {}) })}
                @click=${open(row)} @keydown=${key(row)}>
              ${columns.map((c) => cell(c, row))}
              ${options.extra ? html`<td class="col-extra row-extra">${options.extra.cell(row)}</td>` : nothing}
            </tr>`)
          : html`<tr class="empty-row"><td colspan=${span}>${emptyState(options.emptyText || t('common.noOrders'), options.emptyHint || '')}</td></tr>`}
      </tbody>
    </table>
  </div>`;
}
