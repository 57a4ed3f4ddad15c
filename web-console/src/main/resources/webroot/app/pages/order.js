// 工单详情 — one order: its header (number, status, deadlines), its clocks (time left, escalation), the request and
// the citizen, the units handling it, the story so far (timeline), and one button per action the server allows the
// caller now, each with a small form.
// Every action sends If-Match with the version shown; 412 (changed meanwhile) reloads, 409 explains.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { keyed } from '/webjars/lit-html/3.3.1/directives/keyed.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { t } from '../i18n.js';
import { seg, ifMatch, ApiError } from '../api.js';
import { icon, problemBox, fieldError, loadingState, notice, formatDateTime, errorMessage, roleLabel } from '../ui.js';
import {
  statusBadge, statusLabel, urgencyBadge, typeLabel, channelLabel, actionLabel, satisfactionLabel, returnReasonLabel,
  deadlineState, remainingText, loadTree, unitItems, unitNames, RETURN_REASONS, REVEAL_REASONS, REVEAL_ROLES,
} from '../orders.js';
import { Combo, comboView } from '../combo.js';
import { newCallback, callbackFields, callbackReady, callbackBody, unsuccessful } from '../callback.js';
import { orderHref } from '../router.js';
import {
  clockKindLabel, remainingWords, clockTone, levelBadge, levelLabel, outcomeLabel, notifyLabel, durationWords,
} from '../clocks.js';

/** How often the page asks for the clocks again (their time left is counted by the server). */
const REFRESH_MS = 60_000;

/**
 * The fields of each action's form (performWorkOrderAction). kind: textarea | text | number | select | unit (one
 * unit) | units (co-units) | subunit (a unit below the handling unit) | order (an order number or id).
 */
const FORMS = {
  'answer-directly': [{ name: 'text', kind: 'textarea', required: true, rows: 4 }],
  dispatch: [{ name: 'leadUnitId', kind: 'unit', required: true }, { name: 'coUnitIds', kind: 'units' }, { name: 'note', kind: 'text' }],
  merge: [{ name: 'parentId', kind: 'order', required: true }, { name: 'reason', kind: 'text' }],
  unmerge: [{ name: 'reason', kind: 'text' }],
  urge: [{ name: 'reason', kind: 'textarea', rows: 2 }],
  transfer: [{ name: 'leadUnitId', kind: 'unit', required: true }, { name: 'coUnitIds', kind: 'units' }, { name: 'reason', kind: 'textarea', required: true, rows: 2 }],
  'approve-return': [{ name: 'leadUnitId', kind: 'unit' }, { name: 'coUnitIds', kind: 'units' }, { name: 'note', kind: 'text' }],
  'reject-return': [{ name: 'reason', kind: 'textarea', required: true, rows: 2 }],
  'approve-extension': [{ name: 'note', kind: 'text' }],
  'reject-extension': [{ name: 'reason', kind: 'textarea', required: true, rows: 2 }],
  'approve-reply': [{ name: 'note', kind: 'text' }],
  'reject-reply': [{ name: 'reason', kind: 'textarea', required: true, rows: 3 }],
  reopen: [{ name: 'reason', kind: 'textarea', required: true, rows: 2 }],
  callback: [],
  sign: [],
  return: [{ name: 'reason', kind: 'select', options: RETURN_REASONS, required: true }, { name: 'text', kind: 'textarea', required: true, rows: 3 }],
  'request-extension': [{ name: 'workingDays', kind: 'number', min: 1, max: 60, required: true }, { name: 'reason', kind: 'textarea', required: true, rows: 2 }],
  suspend: [{ name: 'reason', kind: 'textarea', required: true, rows: 2 }],
  resume: [{ name: 'note', kind: 'text' }],
  reply: [{ name: 'text', kind: 'textarea', required: true, rows: 5 }, { name: 'policy', kind: 'text' }],
  'sub-dispatch': [{ name: 'unitId', kind: 'subunit', required: true }, { name: 'note', kind: 'text' }],
  assign: [{ name: 'userId', kind: 'number', min: 1, required: true }],
  'co-reply': [{ name: 'text', kind: 'textarea', required: true, rows: 3 }],
};

/** The step the order is waiting for; its button is the primary one. */
const PRIMARY = ['sign', 'reply', 'approve-reply', 'callback', 'dispatch', 'approve-return', 'approve-extension', 'co-reply', 'resume'];
/** Steps that push back; shown in a warning colour. */
const PUSHBACK = ['return', 'reject-return', 'reject-extension', 'reject-reply', 'suspend', 'unmerge', 'reopen'];

function fieldLabel(action, name) {
  const specific = `af.${action}.${name}`;
  const text = t(specific);
  return text === specific ? t('af.' + name) : text;
}

function lastEvent(order, action) {
  const list = (order && order.timeline) || [];
  for (let i = list.length - 1; i >= 0; i--) if (list[i].action === action) return list[i];
  return null;
}

export function create(ctx) {
  const state = {
    loading: true,
    error: null,
    order: null,
    units: [],
    names: new Map(),
    action: null, // { id, busy, error, combos, callback, suggestion }
    notice: null, // { kind, text }
    reveal: null, // { open, reason, note, busy, error, contact }
    now: Date.now(),
    reloading: false,
  };
  const id = ctx.params && ctx.params[0];
  let tick = 0;
  let refresher = 0;

  /**
   * The clocks' time left is counted by the server in working time, so the page asks again every minute. With a
   * form open only the clocks are replaced: the form keeps the version it was opened on (a stale one gets 412).
   */
  async function refreshQuietly() {
    if (!ctx.isCurrent() || document.hidden || state.reloading || !state.order) return;
    try {
      const fresh = await fetchOrder();
      if (!ctx.isCurrent() || !state.order) return;
      const busy = state.action || (state.reveal && (state.reveal.open || state.reveal.contact));
      state.order = busy ? { ...state.order, clocks: fresh.clocks } : fresh;
      state.now = Date.now();
      ctx.update();
    } catch {
      // the next minute tries again; the page keeps what it shows
    }
  }

  async function fetchOrder() {
    if (!id || !/^\d+$/.test(id)) throw new ApiError(404, { detail: t('order.badId') }, null);
    return ctx.api.get('/work-orders/' + seg(id));
  }

  async function reload() {
    state.reloading = true;
    ctx.update();
    try {
      state.order = await fetchOrder();
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    state.reloading = false;
    state.now = Date.now();
    ctx.update();
  }

  // ---- actions ----

  function openAction(actionId) {
    if (state.action && state.action.id === actionId) {
      closeAction();
      return;
    }
    const order = state.order;
    const combos = {};
    for (const f of FORMS[actionId] || []) {
      if (f.kind === 'unit' || f.kind === 'units' || f.kind === 'subunit') {
        const combo = new Combo({ update: ctx.update, multiple: f.kind === 'units' });
        const below = f.kind === 'subunit' && order.handlerUnit ? order.handlerUnit.id : null;
        combo.setItems(unitItems(state.units, { below }));
        combos[f.name] = combo;
      }
    }
    if (combos.leadUnitId && combos.coUnitIds) {
      const lead = combos.leadUnitId;
      const co = combos.coUnitIds;
      lead.onChange = (item) => co.setExclude(item ? [item.id] : []);
      co.onChange = (items) => lead.setExclude(items.map((i) => i.id));
    }
    state.action = { id: actionId, busy: false, error: null, combos, callback: newCallback(), suggestion: null };
    ctx.update();
    if (combos.leadUnitId && ['dispatch', 'transfer', 'approve-return'].includes(actionId)) suggest(state.action);
    requestAnimationFrame(() => {
      const form = document.getElementById('action-form');
      const first = form && form.querySelector('input:not([type="hidden"]):not([disabled]), textarea, select, button[data-callback]');
      if (first) first.focus();
    });
  }

  async function suggest(action) {
    const order = state.order;
    if (!order.category) return;
    const roles = ctx.user.roles || [];
    if (!roles.some((r) => ['operator', 'dispatcher', 'reviewer'].includes(r))) return;
    const params = new URLSearchParams({ categoryId: String(order.category.id) });
    if (order.area) params.set('areaId', String(order.area.id));
    try {
      const r = await ctx.api.get('/dispatch-rules/suggest?' + params.toString());
      if (state.action !== action || !r || !r.rule || !r.rule.unit) return;
      action.suggestion = r.rule.unit;
      const lead = action.combos.leadUnitId;
      if (action.id === 'dispatch' && lead && !lead.value) lead.set(r.rule.unit.id);
      ctx.update();
    } catch {
      // a suggestion is a convenience; the form works without it
    }
  }

  function closeAction() {
    const was = state.action && state.action.id;
    state.action = null;
    ctx.update();
    if (was) {
      requestAnimationFrame(() => {
        const btn = document.querySelector(`#action-bar button[data-action="${was}"]`);
        if (btn) btn.focus();
      });
    }
  }

  function invalid(fields) {
    return new ApiError(400, { detail: t('af.fixFields'), errors: fields.map((field) => ({ field, message: t('af.required') })) }, null);
  }

  async function resolveOrderRef(raw) {
    const value = raw.trim();
    if (/^\d{1,12}$/.test(value)) return Number(value);
    const r = await ctx.api.get('/work-orders?' + new URLSearchParams({ q: value, limit: '5' }).toString());
    const hit = ((r && r.items) || []).find((o) => String(o.number).toUpperCase() === value.toUpperCase());
    if (!hit) throw new ApiError(400, { detail: t('af.fixFields'), errors: [{ field: 'parentId', message: t('af.orderNotFound') }] }, null);
    return hit.id;
  }

  async function buildBody(action, form) {
    if (action.id === 'callback') {
      const cb = action.callback;
      const missing = [];
      if (cb.resolved === null) missing.push('resolved');
      if (!cb.satisfaction) missing.push('satisfaction');
      if (unsuccessful(cb) && !cb.note.trim()) missing.push('note');
      if (missing.length) throw invalid(missing);
      return callbackBody(cb);
    }
    const body = {};
    const missing = [];
    const data = new FormData(form);
    for (const f of FORMS[action.id] || []) {
      if (action.combos[f.name]) {
        const combo = action.combos[f.name];
        if (f.kind === 'units') {
          if (combo.ids.length) body[f.name] = combo.ids;
        } else if (combo.id !== null) body[f.name] = combo.id;
        else if (f.required) missing.push(f.name);
        continue;
      }
      const raw = String(data.get(f.name) ?? '').trim();
      if (!raw) {
        if (f.required) missing.push(f.name);
        continue;
      }
      if (f.kind === 'number') body[f.name] = Number(raw);
      else if (f.kind === 'order') body[f.name] = raw;
      else body[f.name] = raw;
    }
    if (missing.length) throw invalid(missing);
    if (body.parentId !== undefined) body.parentId = await resolveOrderRef(String(body.parentId));
    return body;
  }

  async function submitAction(e) {
    e.preventDefault();
    const action = state.action;
    if (!action || action.busy) return;
    const form = e.currentTarget;
    action.error = null;
    let body;
    try {
      body = await buildBody(action, form);
    } catch (err) {
      action.error = err;
      ctx.update();
      focusFirstError();
      return;
    }
    action.busy = true;
    ctx.update();
    const order = state.order;
    try {
      const updated = await ctx.api.post(`/work-orders/${seg(order.id)}/actions/${seg(action.id)}`, body, { headers: ifMatch(order.version) });
      if (state.action !== action) return;
      state.action = null;
      state.notice = null;
      if (updated && Array.isArray(updated.timeline)) state.order = updated;
      else await reload();
      state.now = Date.now();
      ctx.toast('order.done', { action: actionLabel(action.id), number: order.number });
      if (ctx.refreshNotifications) ctx.refreshNotifications();
      ctx.update();
      requestAnimationFrame(() => {
        const bar = document.getElementById('action-bar');
        const next = bar && bar.querySelector('button.btn-primary, button[data-action]');
        if (next) next.focus();
        else {
          const title = document.getElementById('order-number');
          if (title) title.focus();
        }
      });
    } catch (err) {
      if (state.action !== action) return;
      action.busy = false;
      if (err.status === 412) {
        state.action = null;
        state.notice = { kind: 'warn', text: t('order.stale'), id: 'order-stale' };
        await reload();
      } else if (err.status === 409) {
        state.action = null;
        state.notice = { kind: 'error', text: conflictText(err, action.id), id: 'order-conflict' };
        await reload();
      } else {
        action.error = err;
        ctx.update();
        focusFirstError();
      }
    }
  }

  /** A 409 in words: the status the order is in, and what may be done now (the server's detail otherwise). */
  function conflictText(err, actionId) {
    const p = err.problem || {};
    if (!p.orderStatus) return err.detail || errorMessage(err);
    const allowed = Array.isArray(p.allowedActions) ? p.allowedActions.map(actionLabel).join('、') : '';
    return t(allowed ? 'order.conflict' : 'order.conflictNone', { status: statusLabel(p.orderStatus), action: actionLabel(actionId), allowed });
  }

  function focusFirstError() {
    requestAnimationFrame(() => {
      const el = document.querySelector('#action-form [aria-invalid="true"]');
      if (el) el.focus();
    });
  }

  // ---- citizen contact ----

  function openReveal() {
    state.reveal = { open: true, reason: 'contact_citizen', note: '', busy: false, error: null, contact: null };
    ctx.update();
    requestAnimationFrame(() => {
      const el = document.getElementById('reveal-reason');
      if (el) el.focus();
    });
  }

  async function submitReveal(e) {
    e.preventDefault();
    const r = state.reveal;
    if (!r || r.busy) return;
    r.busy = true;
    r.error = null;
    ctx.update();
    try {
      const body = { reason: r.reason };
      if (r.note.trim()) body.note = r.note.trim();
      r.contact = await ctx.api.post(`/work-orders/${seg(state.order.id)}/contact`, body) || {};
      r.open = false;
    } catch (err) {
      r.error = err;
    }
    r.busy = false;
    ctx.update();
    // The reveal is a step on the order's timeline: show it.
    if (r.contact) reload();
  }

  // ---- views ----

  /** The clock of a kind the header shows: the open one, else the most recent (the API lists open clocks first). */
  function clockOf(o, kind) {
    const list = Array.isArray(o.clocks) ? o.clocks : [];
    return list.find((c) => c.kind === kind) || null;
  }

  /** A header deadline box driven by the server's clock: time left in working time, or how it ended. */
  function clockBox(kind, c) {
    const tone = clockTone(c);
    const open = c.status !== 'stopped';
    let left;
    if (open) left = remainingWords(c);
    else if (c.outcome === 'met' || c.outcome === 'late') left = t('clock.doneAt.' + kind, { time: formatDateTime(c.stoppedAt) });
    else left = t('deadline.stopped');
    return html`<div class=${'dl-box tone-' + tone} data-deadline=${kind} data-tone=${tone} data-clock=${String(c.id)}>
      <span class="dl-label">${t('deadline.kind.' + kind + 'Full')}${c.level ? html` ${levelBadge(c.level)}` : nothing}</span>
      <span class="dl-left">${left}</span>
      <span class="dl-at">${t('deadline.due', { time: formatDateTime(c.deadline) })}${!open && c.outcome === 'late' ? html` · <span class="late-note">${outcomeLabel('late')}</span>` : nothing}</span>
    </div>`;
  }

  /** The policy version the order's clocks run under, from the timeline's clock-started steps. */
  function policyVersion(o) {
    const started = (o.timeline || []).filter((ev) => ev.action === 'clock-started' && ev.details && ev.details.policyVersion);
    return started.length ? started[started.length - 1].details.policyVersion : null;
  }

  function clocksCard(o) {
    const list = Array.isArray(o.clocks) ? o.clocks : [];
    // Most pressing first: overdue, warned, running, paused; then by deadline.
    const rank = (c) => (c.status === 'paused' ? 3 : { red: 0, amber: 1 }[c.state] ?? 2);
    const open = list.filter((c) => c.status !== 'stopped')
      .sort((a, b) => rank(a) - rank(b) || String(a.deadline).localeCompare(String(b.deadline)));
    const done = list.filter((c) => c.status === 'stopped');
    const version = policyVersion(o);
    const openRow = (c) => {
      const tone = clockTone(c);
      return html`<li class=${'clock-row tone-' + tone} data-clock=${String(c.id)} data-kind=${c.kind} data-state=${c.state || ''}
          data-status=${c.status} data-level=${String(c.level || 0)}>
        <div class="clock-main">
          <span class="clock-name"><span class="clock-kind">${clockKindLabel(c.kind, c.kindName)}</span><span class="clock-unit">${c.unitName || ''}</span></span>
          <span class="clock-left" data-remaining=${String(c.remainingSeconds ?? '')}>${remainingWords(c)}</span>
        </div>
        <div class="clock-meta">
          <span class="num">${t('deadline.due', { time: formatDateTime(c.deadline) })}</span>
          ${c.calendarTime ? html`<span class="clock-flag">${t('clock.calendarTime')}</span>` : nothing}
          ${c.status === 'paused' ? html`<span class="clock-flag clock-flag-paused">${t('clock.pausedSince', { time: formatDateTime(c.pausedAt) })}</span>` : nothing}
          ${c.warnedAt && !c.breachedAt ? html`<span class="clock-flag clock-flag-warn">${t('clock.warnedAt', { time: formatDateTime(c.warnedAt) })}</span>` : nothing}
          ${c.breachedAt ? html`<span class="clock-flag clock-flag-over">${t('clock.breachedAt', { time: formatDateTime(c.breachedAt) })}</span>` : nothing}
          ${c.level ? levelBadge(c.level) : nothing}
        </div>
      </li>`;
    };
    const doneRow = (c) => html`<li class=${'clock-done tone-' + clockTone(c)} data-clock=${String(c.id)} data-kind=${c.kind} data-outcome=${c.outcome || ''}>
      <span class="clock-kind">${clockKindLabel(c.kind, c.kindName)}</span>
      <span class="clock-unit">${c.unitName || ''}</span>
      <span class=${'badge ' + (c.outcome === 'met' ? 'badge-ok' : c.outcome === 'late' ? 'badge-bad' : 'badge-muted')}>${outcomeLabel(c.outcome || 'cancelled')}</span>
      ${c.level ? levelBadge(c.level) : nothing}
      <span class="clock-done-at num muted">${formatDateTime(c.stoppedAt)}<span class="sr-only">, </span><span class="clock-done-due">${t('deadline.due', { time: formatDateTime(c.deadline) })}</span></span>
    </li>`;
    return html`<section class="card" id="order-clocks" aria-labelledby="order-clocks-title">
      <div class="card-head"><h2 class="card-title" id="order-clocks-title">${icon('clock')}<span>${t('clock.title')}</span>
        ${version ? html`<span class="card-meta" id="order-policy">${t('clock.policyVersion', { v: version })}</span>` : nothing}</h2></div>
      <div class="card-body">
        ${open.length
          ? html`<ul class="clock-list" id="clocks-open">${open.map(openRow)}</ul>`
          : html`<p class="muted" id="clocks-none">${t(list.length ? 'clock.noneOpen' : o.status === 'ACCEPTED' ? 'clock.notStarted' : 'clock.none')}</p>`}
        ${done.length
          ? html`<div class="clock-history"><p class="clock-history-title">${t('clock.ended')}</p>
              <ul class="clock-done-list" id="clocks-done">${done.map(doneRow)}</ul></div>`
          : nothing}
      </div>
    </section>`;
  }

  function header(o) {
    const back = ctx.backPage;
    const sign = o.deadlines && o.deadlines.sign;
    const handle = o.deadlines && o.deadlines.handle;
    const lead = (o.assignments || []).find((a) => a.active && a.role === 'lead' && o.handlerUnit && a.unit && a.unit.id === o.handlerUnit.id);
    const signed = lead && lead.signedAt;
    const replied = lead && lead.repliedAt;
    const deadlineBox = (kind, at) => {
      const clock = clockOf(o, kind);
      if (clock) return clockBox(kind, clock);
      if (!at) return html`<div class="dl-box tone-none" data-deadline=${kind}><span class="dl-label">${t('deadline.kind.' + kind + 'Full')}</span><span class="dl-left muted">—</span></div>`;
      let live = false;
      if (kind === 'sign') live = o.status === 'DISPATCHED';
      else live = ['DISPATCHED', 'SIGNED', 'SUSPENDED'].includes(o.status);
      const st = deadlineState(kind, at, state.now, o.status === 'SUSPENDED' && kind === 'handle');
      let done = '';
      let doneTone = 'none';
      if (kind === 'sign' && signed && o.status !== 'DISPATCHED') {
        done = t('deadline.signedAt', { time: formatDateTime(signed) });
        doneTone = new Date(signed) <= new Date(at) ? 'done' : 'late';
      } else if (kind === 'handle' && replied && !live) {
        done = t('deadline.repliedAt', { time: formatDateTime(replied) });
        doneTone = new Date(replied) <= new Date(at) ? 'done' : 'late';
      } else if (!live) {
        done = o.status === 'CLOSED' ? t('status.CLOSED') : t('deadline.stopped');
      }
      const tone = live && st ? st.tone : doneTone;
      return html`<div class=${'dl-box tone-' + tone} data-deadline=${kind} data-tone=${tone}>
        <span class="dl-label">${t('deadline.kind.' + kind + 'Full')}</span>
        <span class="dl-left">${live && st ? remainingText(st) : done}</span>
        <span class="dl-at">${t('deadline.due', { time: formatDateTime(at) })}</span>
      </div>`;
    };
    return html`
      <div class="order-back">
        ${back ? html`<a href=${'#/' + back} id="order-back" class="back-link">${icon('chevron', 'back-icon')}<span>${t('order.backTo', { page: t('page.' + back) })}</span></a>` : nothing}
        <button type="button" class="btn btn-quiet btn-small" id="order-reload" @click=${() => { state.notice = null; reload(); }} ?disabled=${state.reloading}>
          ${icon('refresh')}<span>${t('common.refresh')}</span></button>
      </div>
      <header class="order-head card">
        <div class="order-head-main">
          <div class="order-title-row">
            <h1 class="order-title" id="page-title"><span class="sr-only">${t('page.order')} </span><span id="order-number" tabindex="-1">${o.number}</span></h1>
            ${statusBadge(o, 'order-status')}
            ${urgencyBadge(o.urgency)}
            <span class="tag">${typeLabel(o.type)}</span>
            <span class="tag tag-quiet">${icon(o.channel === 'phone' ? 'phone' : 'globe')}${channelLabel(o.channel)}</span>
            ${o.confidential ? html`<span class="flag flag-secret">${t('order.confidential')}</span>` : nothing}
            ${o.extensionPending ? html`<span class="flag flag-ext">${t('order.extensionPending')}</span>` : nothing}
            ${o.rehandleCount ? html`<span class="flag flag-warn">${t('order.rehandled', { n: o.rehandleCount })}</span>` : nothing}
            ${o.transferCount ? html`<span class="flag flag-warn">${t('order.transferred', { n: o.transferCount })}</span>` : nothing}
          </div>
          <p class="order-sub">
            <span>${t('order.createdAt')} <span class="num">${formatDateTime(o.createdAt)}</span></span>
            ${o.closedAt ? html`<span>${t('order.closedAt')} <span class="num">${formatDateTime(o.closedAt)}</span></span>` : nothing}
            ${o.pickupCode ? html`<span>${t('order.pickupCode')} <strong class="mono" id="order-pickup">${o.pickupCode}</strong></span>` : nothing}
            ${o.parentId ? html`<span>${t('order.mergedInto')} <a href=${orderHref(o.parentId)}>#${o.parentId}</a></span>` : nothing}
            <span>${t('order.leadUnit')} <strong>${o.leadUnit ? o.leadUnit.name : t('order.noUnit')}</strong></span>
            ${o.handlerUnit && o.leadUnit && o.handlerUnit.id !== o.leadUnit.id
              ? html`<span>${t('order.handlerUnit')} <strong>${o.handlerUnit.name}</strong></span>` : nothing}
          </p>
        </div>
        <div class="order-deadlines">
          ${deadlineBox('sign', sign)}
          ${deadlineBox('handle', handle)}
        </div>
      </header>`;
  }

  function actionBar(o) {
    const allowed = Array.isArray(o.allowedActions) ? o.allowedActions : [];
    const primary = allowed.find((a) => PRIMARY.includes(a));
    return html`<section class="action-bar card" id="action-bar" aria-label=${t('order.actions')}>
      <span class="action-bar-label">${t('order.actions')}</span>
      ${allowed.length
        ? allowed.map((a) => html`<button type="button" data-action=${a}
              class=${classMap({ btn: true, 'btn-primary': a === primary, 'btn-pushback': PUSHBACK.includes(a) && a !== primary, 'is-open': !!state.action && state.action.id === a })}
              aria-expanded=${state.action && state.action.id === a ? 'true' : 'false'} aria-controls="action-form"
              @click=${() => openAction(a)}>${actionLabel(a)}</button>`)
        : html`<span class="muted" id="no-actions">${o.status === 'CLOSED' ? t('order.noActionsClosed') : t('order.noActions')}</span>`}
      ${(ctx.user.roles || []).some((r) => ['supervisor', 'leader', 'admin'].includes(r))
        ? html`<span class="spacer"></span><a class="btn btn-quiet" id="order-supervise" href=${'#/supervision-new/' + o.id}>${t('order.supervise')}</a>`
        : nothing}
      ${o.status === 'CLOSED' && (ctx.user.roles || []).some((r) => ['operator', 'dispatcher', 'reviewer', 'kb_admin', 'admin'].includes(r))
        ? html`<span class="spacer"></span><button type="button" class="btn btn-quiet" id="order-to-kb" @click=${() => toKnowledge(o)}>${t('order.toKb')}</button>`
        : nothing}
    </section>`;
  }

  /** One click: the order and its reply become a draft article, opened for editing. */
  async function toKnowledge(o) {
    try {
      const draft = await ctx.api.post('/kb/articles/from-order', { orderId: o.id });
      ctx.toast('order.toKbDone');
      window.location.hash = `#/kb/${draft.id}/edit`;
    } catch (err) {
      ctx.toast('order.toKbFailed', { error: errorMessage(err) });
    }
  }

  function contextFor(action, o) {
    const quote = (ev, labelKey, extra = nothing) => (ev
      ? html`<div class="form-context"><p class="form-context-label">${t(labelKey)} · ${ev.actor ? ev.actor.name : ''} · ${formatDateTime(ev.at)}</p>
          ${extra}${ev.note ? html`<p class="form-context-text">${ev.note}</p>` : nothing}</div>`
      : nothing);
    switch (action.id) {
      case 'approve-reply':
      case 'reject-reply': {
        const ev = lastEvent(o, 'reply');
        return quote(ev, 'af.context.reply', ev && ev.details && ev.details.policy ? html`<p class="form-context-meta">${t('detail.policy')}：${ev.details.policy}</p>` : nothing);
      }
      case 'approve-extension':
      case 'reject-extension': {
        const ev = lastEvent(o, 'request-extension');
        return quote(ev, 'af.context.extension', ev && ev.details ? html`<p class="form-context-meta">${t('detail.workingDaysValue', { n: ev.details.workingDays })}</p>` : nothing);
      }
      case 'approve-return':
      case 'reject-return': {
        const ev = lastEvent(o, 'return');
        return quote(ev, 'af.context.return', ev && ev.details ? html`<p class="form-context-meta">${t('detail.returnReason')}：${returnReasonLabel(ev.details.reason)}</p>` : nothing);
      }
      case 'callback': {
        const ev = lastEvent(o, 'reply');
        return quote(ev, 'af.context.reply');
      }
      case 'reply':
      case 'return':
      case 'co-reply':
      case 'answer-directly':
      case 'sub-dispatch':
      case 'dispatch':
        return html`<div class="form-context"><p class="form-context-label">${t('af.context.request')}</p><p class="form-context-text">${o.content}</p></div>`;
      default:
        return nothing;
    }
  }

  function fieldView(action, f) {
    const err = action.error;
    const fid = `af-${f.name}`;
    const errId = fid + '-error';
    const bad = !!(err && err.fieldErrors && err.fieldErrors(f.name).length);
    const label = fieldLabel(action.id, f.name);
    const req = f.required ? html`<span class="req" aria-hidden="true">*</span>` : nothing;
    const span = ['textarea', 'text'].includes(f.kind) ? 'field field-span-2' : 'field';
    let control;
    switch (f.kind) {
      case 'textarea':
        control = html`<textarea id=${fid} name=${f.name} rows=${f.rows || 3} ?required=${f.required} ?disabled=${action.busy}
            aria-invalid=${bad ? 'true' : 'false'} aria-describedby=${errId} placeholder=${t('af.ph.' + f.name) === 'af.ph.' + f.name ? '' : t('af.ph.' + f.name)}></textarea>`;
        break;
      case 'select':
        control = html`<select id=${fid} name=${f.name} ?required=${f.required} ?disabled=${action.busy} aria-invalid=${bad ? 'true' : 'false'} aria-describedby=${errId}>
            <option value="">${t('common.select')}</option>
            ${f.options.map((v) => html`<option value=${v}>${returnReasonLabel(v)}</option>`)}
          </select>`;
        break;
      case 'number':
        control = html`<input id=${fid} name=${f.name} type="number" inputmode="numeric" min=${f.min ?? nothing} max=${f.max ?? nothing} step="1"
            ?required=${f.required} ?disabled=${action.busy} aria-invalid=${bad ? 'true' : 'false'} aria-describedby=${errId}>`;
        break;
      case 'unit':
      case 'units':
      case 'subunit':
        control = comboView(action.combos[f.name], {
          id: fid, placeholder: t(f.kind === 'units' ? 'af.ph.units' : 'af.ph.unit'), invalid: bad, describedBy: errId,
          disabled: action.busy, emptyText: f.kind === 'subunit' ? t('af.noSubunits') : '',
        });
        break;
      default:
        control = html`<input id=${fid} name=${f.name} type="text" autocomplete="off" ?required=${f.required} ?disabled=${action.busy}
            aria-invalid=${bad ? 'true' : 'false'} aria-describedby=${errId} placeholder=${f.kind === 'order' ? t('af.ph.order') : ''}>`;
    }
    const hintKey = `af.hint.${action.id}.${f.name}`;
    const hint = t(hintKey) === hintKey ? '' : t(hintKey);
    return html`<div class=${span}>
      <label for=${fid}>${label}${req}</label>
      ${control}
      ${hint ? html`<p class="field-hint">${hint}</p>` : nothing}
      ${fieldError(err, f.name, errId)}
    </div>`;
  }

  function actionForm(o) {
    const action = state.action;
    if (!action) return nothing;
    const fields = FORMS[action.id] || [];
    const err = action.error;
    const cbNoteError = action.id === 'callback' ? fieldError(err, 'note', 'af-note-error') : nothing;
    const shown = action.id === 'callback' ? ['resolved', 'satisfaction', 'note', 'rehandle'] : fields.map((f) => f.name);
    const ready = action.id !== 'callback' || callbackReady(action.callback);
    const suggestion = action.suggestion && action.combos.leadUnitId
      ? html`<p class="suggest-line" id="action-suggestion">${icon('dispatch')}<span>${t('af.suggestion', { unit: action.suggestion.name })}</span>
          ${action.combos.leadUnitId.id === action.suggestion.id ? html`<span class="badge badge-ok">${t('af.suggestionUsed')}</span>`
            : html`<button type="button" class="btn btn-quiet btn-small" @click=${() => { action.combos.leadUnitId.choose(action.combos.leadUnitId.item(action.suggestion.id)); }}>${t('af.useSuggestion')}</button>`}</p>`
      : nothing;
    return keyed(action.id, html`
      <section class="card action-panel" aria-labelledby="action-form-title">
        <div class="card-head">
          <h2 class="card-title" id="action-form-title">${icon('edit')}<span>${actionLabel(action.id)}</span>
            <span class="card-meta">${t('af.intro.' + action.id) === 'af.intro.' + action.id ? '' : t('af.intro.' + action.id)}</span></h2>
          <button type="button" class="btn btn-quiet btn-small" @click=${closeAction}>${t('common.cancel')}</button>
        </div>
        <form id="action-form" class="card-body" data-action=${action.id} novalidate @submit=${submitAction}
              @keydown=${(e) => { if (e.key === 'Escape' && !e.defaultPrevented) closeAction(); if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); e.currentTarget.requestSubmit(); } }}>
          ${contextFor(action, o)}
          ${suggestion}
          ${action.id === 'callback'
            ? html`${callbackFields(action.callback, ctx.update, { idPrefix: 'af-cb', noteError: cbNoteError })}
                ${fieldError(err, 'resolved', 'af-resolved-error')}${fieldError(err, 'satisfaction', 'af-satisfaction-error')}`
            : fields.length
              ? html`<div class="form-grid">${fields.map((f) => fieldView(action, f))}</div>`
              : html`<p class="card-text">${t('af.confirm.' + action.id) === 'af.confirm.' + action.id ? t('af.confirm') : t('af.confirm.' + action.id)}</p>`}
          ${err ? html`<div id="action-error">${problemBox(err, { shownFields: shown })}</div>` : nothing}
          <div class="form-actions">
            <button type="submit" id="action-submit" class=${classMap({ btn: true, 'btn-primary': true })} ?disabled=${action.busy || !ready}>
              ${action.busy ? html`<span class="spinner spinner-light" aria-hidden="true"></span>` : nothing}<span>${t('af.submit', { action: actionLabel(action.id) })}</span></button>
            <button type="button" class="btn" @click=${closeAction} ?disabled=${action.busy}>${t('common.cancel')}</button>
            <span class="spacer"></span>
            <span class="muted small">${t('af.version', { v: o.version })} · ${t('af.shortcut')}</span>
          </div>
        </form>
      </section>`);
  }

  function details(o) {
    const fact = (labelKey, value, idAttr = '') => html`<div class="fact-row"><dt>${t(labelKey)}</dt><dd id=${idAttr || nothing}>${value || html`<span class="muted">—</span>`}</dd></div>`;
    return html`<section class="card" id="order-request" aria-labelledby="order-request-title">
      <div class="card-head"><h2 class="card-title" id="order-request-title">${icon('memo')}<span>${t('order.request')}</span></h2></div>
      <div class="card-body">
        <p class="order-content" id="order-content">${o.content}</p>
        <dl class="fact-grid fact-grid-1">
          ${fact('order.category', o.category ? o.category.path || o.category.name : '', 'order-category')}
          ${fact('order.area', o.area ? o.area.path || o.area.name : '', 'order-area')}
          ${fact('order.address', o.address, 'order-address')}
        </dl>
        ${o.photos && o.photos.length ? html`<h3 class="sub-title">${t('order.photos')}</h3>
          <ul class="order-photos" id="order-photos">${o.photos.map((p, i) => html`<li>
            <a href=${p.url} target="_blank" rel="noopener"><img src=${p.url} alt=${t('order.photoAlt', { n: i + 1 })}
              width="120" height="90" loading="lazy"></a></li>`)}</ul>` : nothing}
        ${o.citizenRating ? html`<p class="citizen-rating" id="order-citizen-rating"><strong>${t('order.citizenRating')}</strong>
          <span>${o.citizenRating.resolved ? t('order.ratingResolved') : t('order.ratingUnresolved')} · ${t('satisfaction.' + o.citizenRating.satisfaction)}</span>
          ${o.citizenRating.comment ? html`<span class="muted">「${o.citizenRating.comment}」</span>` : nothing}</p>` : nothing}
      </div>
    </section>`;
  }

  function citizen(o) {
    const c = o.citizen || {};
    const roles = ctx.user.roles || [];
    // The centre may always look; a unit only while it is the one handling the order (the server enforces the
    // same rule): its handler actions being on offer is exactly that.
    const centre = roles.some((r) => !['unit_handler', 'unit_admin'].includes(r));
    const handling = (o.allowedActions || []).some((a) => ['sign', 'reply', 'suspend', 'resume', 'return',
      'request-extension', 'sub-dispatch'].includes(a));
    const mayReveal = roles.some((r) => REVEAL_ROLES.includes(r)) && !c.hidden && !c.anonymous
      && (centre || handling);
    const r = state.reveal;
    let body;
    if (c.hidden) body = html`<p class="citizen-hidden" id="citizen-hidden">${icon('audit')}<span>${t('order.citizenHidden')}</span></p>`;
    else if (c.anonymous) body = html`<p class="muted" id="citizen-anonymous">${t('order.anonymousCaller')}</p>`;
    else {
      const shown = r && r.contact ? r.contact : null;
      body = html`<dl class="fact-grid fact-grid-1">
          <div class="fact-row"><dt>${t('order.citizenName')}</dt><dd id="citizen-name">${shown ? shown.name || '—' : c.name || '—'}</dd></div>
          <div class="fact-row"><dt>${t('order.citizenPhone')}</dt><dd id="citizen-phone" class="mono">${shown ? shown.phone || '—' : c.phone || '—'}</dd></div>
          ${c.email ? html`<div class="fact-row"><dt>${t('order.citizenEmail')}</dt><dd id="citizen-email" class="mono">${shown ? shown.email || '—' : c.email}</dd></div>` : nothing}
        </dl>
        ${shown ? html`<p class="field-hint" id="contact-revealed">${icon('audit')} ${t('order.revealedNote')}</p>` : nothing}
        ${mayReveal && !shown && !(r && r.open)
          ? html`<button type="button" class="btn btn-small" id="reveal-contact" @click=${openReveal}>${icon('key')}<span>${t('order.reveal')}</span></button>`
          : nothing}
        ${r && r.open
          ? html`<form class="reveal-form" id="reveal-form" @submit=${submitReveal}>
              <div class="field"><label for="reveal-reason">${t('order.revealReason')}</label>
                <select id="reveal-reason" .value=${r.reason} @change=${(e) => { r.reason = e.target.value; }} ?disabled=${r.busy}>
                  ${REVEAL_REASONS.map((v) => html`<option value=${v} ?selected=${v === r.reason}>${t('revealReason.' + v)}</option>`)}
                </select></div>
              <div class="field"><label for="reveal-note">${t('order.revealNote')}</label>
                <input id="reveal-note" maxlength="500" .value=${r.note} @input=${(e) => { r.note = e.target.value; }} ?disabled=${r.busy}></div>
              <p class="field-hint">${t('order.revealAudit')}</p>
              <div class="form-actions">
                <button type="submit" class="btn btn-primary btn-small" id="reveal-submit" ?disabled=${r.busy}>${t('order.revealConfirm')}</button>
                <button type="button" class="btn btn-small" @click=${() => { state.reveal = null; ctx.update(); }}>${t('common.cancel')}</button>
              </div>
              ${r.error ? problemBox(r.error) : nothing}
            </form>`
          : nothing}`;
    }
    return html`<section class="card" id="order-citizen" aria-labelledby="order-citizen-title">
      <div class="card-head"><h2 class="card-title" id="order-citizen-title">${icon('users')}<span>${t('order.citizen')}</span></h2>
        ${o.confidential ? html`<span class="flag flag-secret">${t('order.confidential')}</span>` : nothing}</div>
      <div class="card-body">${body}</div>
    </section>`;
  }

  function assignments(o) {
    const list = o.assignments || [];
    return html`<section class="card" id="order-assignments" aria-labelledby="order-assignments-title">
      <div class="card-head"><h2 class="card-title" id="order-assignments-title">${icon('building')}<span>${t('order.assignments')}</span></h2></div>
      ${list.length
        ? html`<div class="table-wrap"><table class="data-table data-table-dense">
            <thead><tr><th scope="col">${t('order.asg.unit')}</th><th scope="col">${t('order.asg.role')}</th><th scope="col">${t('order.asg.state')}</th>
              <th scope="col">${t('order.asg.signed')}</th><th scope="col">${t('order.asg.replied')}</th></tr></thead>
            <tbody>${list.map((a) => html`<tr data-assignment=${String(a.id)} class=${classMap({ 'row-disabled': !a.active })}>
              <td class="col-asg-unit"><div class="strong">${a.unit ? a.unit.name : '—'}</div>${a.opinion ? html`<div class="sub opinion">${a.opinion}</div>` : nothing}</td>
              <td class="nowrap"><span class=${'badge ' + (a.role === 'lead' ? 'badge-role' : '')}>${t('order.asg.' + (a.role === 'lead' ? (a.parentAssignmentId ? 'sub' : 'lead') : 'co'))}</span></td>
              <td class="nowrap">${a.active ? html`<span class="badge badge-ok">${t('order.asg.active')}</span>` : html`<span class="badge badge-muted">${t('endReason.' + (a.endReason || 'ended'))}</span>`}</td>
              <td class="nowrap num small">${a.signedAt ? formatDateTime(a.signedAt) : html`<span class="muted">—</span>`}</td>
              <td class="nowrap num small">${a.repliedAt ? formatDateTime(a.repliedAt) : html`<span class="muted">—</span>`}</td>
            </tr>`)}</tbody></table></div>`
        : html`<div class="card-body"><p class="muted">${t('order.noAssignments')}</p></div>`}
    </section>`;
  }

  function unitName(idValue) {
    if (idValue === null || idValue === undefined) return '';
    return state.names.get(String(idValue)) || '#' + idValue;
  }

  /** The details of a timeline step worth reading, as [label, value] pairs. */
  function detailPairs(ev) {
    const d = ev.details || {};
    const out = [];
    const push = (key, value) => {
      if (value !== null && value !== undefined && value !== '') out.push([t('detail.' + key), value]);
    };
    switch (ev.action) {
      case 'create':
        push('channel', channelLabel(d.channel));
        push('type', typeLabel(d.type));
        push('urgency', d.urgency ? t('urgency.' + d.urgency) : '');
        break;
      case 'dispatch':
      case 'transfer':
      case 'approve-return':
      case 'reopen':
        push('leadUnit', d.leadUnitName || (d.leadUnitId ? unitName(d.leadUnitId) : ''));
        if (Array.isArray(d.coUnitIds) && d.coUnitIds.length) push('coUnits', d.coUnitIds.map(unitName).join('、'));
        if (d.followsCatalogue === true) push('catalogue', t('detail.followsCatalogue'));
        if (d.followsCatalogue === false) push('catalogue', t('detail.notCatalogue', { unit: unitName(d.catalogueUnitId) }));
        break;
      case 'answer-directly':
        if (Array.isArray(d.articleIds) && d.articleIds.length) push('articles', d.articleIds.map((a) => '#' + a).join('、'));
        break;
      case 'merge':
        push('parent', d.parentNumber || (d.parentId ? '#' + d.parentId : ''));
        break;
      case 'urge':
        push('urgedUnit', d.unitId ? unitName(d.unitId) : '');
        break;
      case 'return':
        push('returnReason', returnReasonLabel(d.reason));
        push('returnedBy', d.unitId ? unitName(d.unitId) : '');
        break;
      case 'request-extension':
      case 'reject-extension':
        push('workingDays', d.workingDays ? t('detail.workingDaysValue', { n: d.workingDays }) : '');
        break;
      case 'approve-extension':
        push('workingDays', d.workingDays ? t('detail.workingDaysValue', { n: d.workingDays }) : '');
        if (d.handleDeadline) push('handleDeadline', `${formatDateTime(d.handleDeadlineBefore)} → ${formatDateTime(d.handleDeadline)}`);
        break;
      case 'reject-reply':
        push('rehandleCount', d.rehandleCount ? t('detail.rehandleValue', { n: d.rehandleCount }) : '');
        break;
      case 'callback':
        if (typeof d.resolved === 'boolean') push('resolved', d.resolved ? t('callback.resolved') : t('callback.unresolved'));
        push('satisfaction', satisfactionLabel(d.satisfaction));
        push('outcome', d.outcome ? t('detail.outcome.' + d.outcome) : '');
        break;
      case 'reply':
        push('policy', d.policy);
        if (Array.isArray(d.attachments) && d.attachments.length) push('attachments', d.attachments.join('、'));
        break;
      case 'sub-dispatch':
        push('subDispatch', `${unitName(d.fromUnitId)} → ${unitName(d.unitId)}`);
        break;
      case 'assign':
        push('assignee', d.userName || (d.userId ? '#' + d.userId : ''));
        break;
      case 'co-reply':
        push('coUnit', d.unitId ? unitName(d.unitId) : '');
        break;
      case 'reveal-contact':
        push('revealReason', d.reason ? t('revealReason.' + d.reason) : '');
        break;
      case 'clock-started':
        push('clockUnit', d.unitName);
        push('limit', limitWords(d.limit));
        push('deadline', formatDateTime(d.deadline));
        push('policyVersion', d.policyVersion ? t('detail.policyVersionValue', { v: d.policyVersion }) : '');
        break;
      case 'clock-paused':
        push('clockUnit', d.unitName);
        break;
      case 'clock-resumed':
        push('clockUnit', d.unitName);
        push('pausedFor', d.pausedSeconds !== undefined && d.pausedSeconds !== null ? durationWords(d.pausedSeconds, false) : '');
        push('deadline', d.deadlineBefore && d.deadline ? `${formatDateTime(d.deadlineBefore)} → ${formatDateTime(d.deadline)}` : formatDateTime(d.deadline));
        break;
      case 'clock-extended':
        push('clockUnit', d.unitName);
        push('deadline', d.deadlineBefore ? `${formatDateTime(d.deadlineBefore)} → ${formatDateTime(d.deadline)}` : formatDateTime(d.deadline));
        break;
      case 'clock-warning':
        push('clockUnit', d.unitName);
        push('deadline', formatDateTime(d.deadline));
        push('remaining', d.remainingSeconds !== undefined && d.remainingSeconds !== null ? durationWords(d.remainingSeconds, false) : '');
        break;
      case 'clock-escalated':
        push('clockUnit', d.unitName);
        push('deadline', formatDateTime(d.deadline));
        if (Array.isArray(d.notify) && d.notify.length) push('notify', d.notify.map(notifyLabel).join('、'));
        break;
      case 'clock-breached':
      case 'clock-met':
      case 'clock-late':
      case 'clock-stopped':
        push('clockUnit', d.unitName);
        push('deadline', formatDateTime(d.deadline));
        break;
      case 'co-opinion-deemed':
        push('coUnit', d.unitName || (d.unitId ? unitName(d.unitId) : ''));
        break;
      default:
        break;
    }
    return out;
  }

  /** The server describes a limit in Chinese ("15 个工作日"); in English it is read back into words. */
  function limitWords(text) {
    if (!text) return '';
    const m = /^(\d+)\s*(个工作分钟|个工作小时|个工作日|分钟|小时|天)$/.exec(String(text).trim());
    if (!m) return text;
    const unit = { 个工作分钟: 'working_minutes', 个工作小时: 'working_hours', 个工作日: 'working_days', 分钟: 'minutes', 小时: 'hours', 天: 'days' }[m[2]];
    return t('limit.' + unit, { n: Number(m[1]) });
  }

  /** System steps (actor 系统: clocks, deemed opinions, flags) are shown quieter than people's actions. */
  function isSystem(ev) {
    return (!!ev.actor && ev.actor.role === 'system') || /^clock-/.test(ev.action) || ev.action === 'co-opinion-deemed';
  }

  /** The step's heading: clock steps name their clock ("签收超时 · 催办"), others their action. */
  function stepLabel(ev) {
    const d = ev.details || {};
    if (/^clock-/.test(ev.action)) {
      const kind = clockKindLabel(d.kind, d.kind);
      if (ev.action === 'clock-escalated') return t('clockEvent.clock-escalated', { kind, label: levelLabel(Number(d.level)) || d.label || '' });
      const key = 'clockEvent.' + ev.action;
      return t(key) === key ? actionLabel(ev.action) || ev.action : t(key, { kind });
    }
    return actionLabel(ev.action) || ev.action;
  }

  function toneOf(action) {
    if (['clock-breached', 'clock-escalated', 'clock-late'].includes(action)) return 'red';
    if (['clock-warning', 'co-opinion-deemed', 'problem-order'].includes(action)) return 'amber';
    if (action === 'clock-met') return 'green';
    if (['create', 'dispatch', 'transfer', 'sub-dispatch', 'approve-return', 'assign', 'reopen'].includes(action)) return 'blue';
    if (['sign', 'reply', 'approve-reply', 'approve-extension', 'answer-directly', 'co-reply', 'resume', 'callback'].includes(action)) return 'green';
    if (['return', 'reject-return', 'reject-extension', 'reject-reply', 'urge', 'suspend', 'request-extension'].includes(action)) return 'amber';
    return 'grey';
  }

  function timeline(o) {
    const events = o.timeline || [];
    return html`<section class="card" id="order-story" aria-labelledby="order-story-title">
      <div class="card-head"><h2 class="card-title" id="order-story-title">${icon('clock')}<span>${t('order.timeline')}</span>
        <span class="card-meta">${t('order.steps', { n: events.length })}</span></h2></div>
      <div class="card-body">
        <ol class="timeline" id="timeline">
          ${events.map((ev, i) => {
            const pairs = detailPairs(ev);
            const moved = ev.fromStatus && ev.toStatus && ev.fromStatus !== ev.toStatus;
            const last = i === events.length - 1;
            const tone = ev.action === 'callback' && ev.details && ev.details.outcome === 'rehandle' ? 'amber' : toneOf(ev.action);
            const system = isSystem(ev);
            return html`<li data-action=${ev.action} data-to-status=${ev.toStatus || nothing} data-kind=${ev.details && ev.details.kind ? ev.details.kind : nothing}
                class=${classMap({ 'tl-item': true, ['tl-' + tone]: true, 'tl-last': last, 'tl-system': system })}>
              <span class="tl-dot" aria-hidden="true"></span>
              <div class="tl-body">
                <div class="tl-head">
                  <span class="tl-action">${stepLabel(ev)}</span>
                  ${moved
                    ? html`<span class="tl-status"><span class="tl-from">${statusLabel(ev.fromStatus)}</span><span class="tl-arrow" aria-hidden="true">→</span><span class=${'tl-to st-text-' + String(ev.toStatus).toLowerCase()}>${statusLabel(ev.toStatus)}</span><span class="sr-only">${t('order.statusMoved')}</span></span>`
                    : nothing}
                  <time class="tl-time num" datetime=${ev.at}>${formatDateTime(ev.at)}</time>
                </div>
                <p class="tl-actor">${ev.actor && ev.actor.role !== 'system' && ev.actor.name ? html`<span class="tl-actor-name">${ev.actor.name || ''}</span>${ev.actor.unit ? html`<span class="tl-actor-unit">${ev.actor.unit.name}</span>` : ev.actor.role ? html`<span class="tl-actor-unit">${roleLabel(ev.actor.role)}</span>` : nothing}` : html`<span class="tl-actor-name">${t('order.system')}</span>`}</p>
                ${ev.note ? html`<blockquote class="tl-note"><span class="tl-note-label">${t('note.' + ev.action) === 'note.' + ev.action ? t('note.default') : t('note.' + ev.action)}</span>${ev.note}</blockquote>` : nothing}
                ${pairs.length ? html`<dl class="tl-details">${pairs.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>` : nothing}
              </div>
            </li>`;
          })}
        </ol>
      </div>
    </section>`;
  }

  return {
    async load() {
      const [order, units] = await Promise.allSettled([fetchOrder(), loadTree(ctx.api, '/units')]);
      if (order.status === 'fulfilled') state.order = order.value;
      else state.error = order.reason;
      if (units.status === 'fulfilled') {
        state.units = units.value;
        state.names = unitNames(units.value);
      }
      state.loading = false;
      state.now = Date.now();
      tick = window.setInterval(() => {
        state.now = Date.now();
        ctx.update();
      }, 30_000);
      refresher = window.setInterval(refreshQuietly, REFRESH_MS);
    },
    dispose() {
      window.clearInterval(tick);
      window.clearInterval(refresher);
    },
    view() {
      if (state.loading) return loadingState();
      const o = state.order;
      if (!o) {
        const back = ctx.backPage;
        return html`<header class="page-header"><div class="page-header-text"><h1 class="page-title" id="page-title">${t('page.order')}</h1></div></header>
          ${state.error && state.error.status === 404
            ? notice('warn', html`<p>${state.error.detail === t('order.badId') ? t('order.badId') : t('order.notFound')}</p>`, 'order-error')
            : problemBox(state.error, { id: 'order-error' })}
          ${back ? html`<p><a href=${'#/' + back} class="back-link">${icon('chevron', 'back-icon')}<span>${t('order.backTo', { page: t('page.' + back) })}</span></a></p>` : nothing}`;
      }
      return html`
        ${header(o)}
        ${state.notice ? notice(state.notice.kind, html`<p>${state.notice.text}</p>`, state.notice.id) : nothing}
        ${state.error ? problemBox(state.error, { id: 'order-error' }) : nothing}
        ${actionBar(o)}
        ${actionForm(o)}
        <div class="order-grid">
          <div class="order-left">
            ${clocksCard(o)}
            ${details(o)}
            ${citizen(o)}
            ${assignments(o)}
          </div>
          <div class="order-right">
            ${timeline(o)}
          </div>
        </div>`;
    },
  };
}
