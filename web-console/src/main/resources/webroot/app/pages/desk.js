// 受理台 — the operator's desk: one keyboard-first screen per call. Caller, request, category and area, then either
// answer on the spot (直办) or dispatch to the unit the catalogue names (派单) — created and acted on in one step.
// Enter moves to the next field (not in text areas); Ctrl+Enter submits the highlighted path.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { live } from '/webjars/lit-html/3.3.1/directives/live.js';
import { t } from '../i18n.js';
import { seg, ifMatch, ApiError } from '../api.js';
import { icon, problemBox, notice, formatDateTime, emptyState, errorMessage } from '../ui.js';
import {
  TYPES, URGENCIES, CHANNELS, typeLabel, urgencyLabel, channelLabel, statusBadge, loadTree, categoryItems, areaItems,
  unitItems,
} from '../orders.js';
import { Combo, comboView } from '../combo.js';
import { orderHref } from '../router.js';
import { createAssist } from './desk-assist.js';

const CREATE_FIELDS = ['channel', 'type', 'urgency', 'categoryId', 'areaId', 'address', 'content', 'citizen.name', 'citizen.phone', 'confidential'];
const ACTION_FIELDS = ['leadUnitId', 'coUnitIds', 'text'];
/** Server field → the input that shows its error. */
const FIELD_INPUT = {
  channel: 'intake-channel', type: 'intake-type-complaint', urgency: 'intake-urgency-normal', categoryId: 'intake-category',
  areaId: 'intake-area', address: 'intake-address', content: 'intake-content', 'citizen.name': 'intake-name',
  'citizen.phone': 'intake-phone', leadUnitId: 'intake-lead-unit', coUnitIds: 'intake-co-units', text: 'intake-answer-text',
};

function digits(phone) {
  return String(phone || '').replace(/\D/g, '');
}

export function create(ctx) {
  const state = {
    loading: true,
    refError: null,
    channel: 'phone',
    type: 'complaint',
    urgency: 'normal',
    anonymous: false,
    confidential: false,
    hasAnswer: false,
    busy: false,
    error: null,
    created: null, // accepted, but its second step (dispatch / answer) is still to do
    result: null, // { id, number, pickupCode, path, unitName, status }
    callStart: 0,
    now: Date.now(),
    history: { phone: '', loading: false, items: [], error: null },
    suggestion: { loading: false, rule: null, asked: false, error: null },
    leadManual: false,
    caller: '', // the number being typed, digits only
    missed: { items: [], revealed: {}, error: null }, // the callback list (漏接回拨)
    linkTo: null, // a similar order to link the new one to, once created
    callId: null, // the PBX call this intake belongs to (from the screen pop)
    callEnded: false,
  };
  /** The submission being made; its Idempotency-Key is reused when the same body is sent again after a failure. */
  let pending = null;
  let clock = 0;
  let historyTimer = 0;
  let historyToken = 0;
  let suggestToken = 0;

  const category = new Combo({ update: ctx.update, onChange: () => onPlaceChange() });
  const area = new Combo({ update: ctx.update, onChange: () => onPlaceChange() });
  const lead = new Combo({
    update: ctx.update,
    onChange: (item) => {
      state.leadManual = true;
      co.setExclude(item ? [item.id] : []);
    },
  });
  const co = new Combo({ update: ctx.update, multiple: true, onChange: (items) => lead.setExclude(items.map((i) => i.id)) });
  let events = null;
  let missedTimer = 0;

  const assist = createAssist(ctx, {
    useAnswer(text) {
      const box = document.getElementById('intake-answer-text');
      if (!box || box.disabled) return;
      box.value = box.value.trim() ? box.value.trim() + '\n' + text : text;
      state.hasAnswer = true;
      ctx.update();
      box.focus();
    },
    chooseCategory(id) {
      const item = category.item(id);
      if (item && !state.created) category.choose(item);
    },
    chooseUnit(id) {
      const item = lead.item(id);
      if (item) lead.choose(item);
    },
    merge(order) {
      submit('merge', order);
    },
    link(order) {
      state.linkTo = state.linkTo === order.id ? null : order.id;
      ctx.update();
    },
    linked: () => state.linkTo,
  });

  // ---- the call ----

  function startCall() {
    if (state.callStart) return;
    state.callStart = Date.now();
    state.now = state.callStart;
    clock = window.setInterval(() => {
      state.now = Date.now();
      ctx.update();
    }, 1000);
    ctx.update();
  }

  function endCall() {
    window.clearInterval(clock);
    clock = 0;
    state.callStart = 0;
  }

  function onPhoneInput(e) {
    startCall();
    const phone = digits(e.target.value);
    state.caller = phone;
    assist.changed('phone', phone);
    window.clearTimeout(historyTimer);
    if (phone.length < 5) {
      historyToken++;
      state.history = { phone: '', loading: false, items: [], error: null };
      ctx.update();
      return;
    }
    if (phone === state.history.phone) return;
    historyTimer = window.setTimeout(() => loadHistory(phone), 350);
  }

  async function loadHistory(phone) {
    const token = ++historyToken;
    state.history = { phone, loading: true, items: state.history.items, error: null };
    ctx.update();
    try {
      const r = await ctx.api.get('/citizens/orders?' + new URLSearchParams({ phone, limit: '10' }).toString());
      if (token !== historyToken) return;
      state.history = { phone, loading: false, items: (r && r.items) || [], error: null };
    } catch (err) {
      if (token !== historyToken) return;
      state.history = { phone, loading: false, items: [], error: err };
    }
    ctx.update();
  }

  // ---- the catalogue's suggestion ----

  async function onPlaceChange() {
    startCall();
    const token = ++suggestToken;
    if (!category.value) {
      state.suggestion = { loading: false, rule: null, asked: false, error: null };
      if (!state.leadManual) lead.set(null);
      ctx.update();
      return;
    }
    state.suggestion = { ...state.suggestion, loading: true };
    ctx.update();
    const params = new URLSearchParams({ categoryId: String(category.id) });
    if (area.value) params.set('areaId', String(area.id));
    try {
      const r = await ctx.api.get('/dispatch-rules/suggest?' + params.toString());
      if (token !== suggestToken) return;
      const rule = r && r.rule ? r.rule : null;
      state.suggestion = { loading: false, rule, asked: true, error: null };
      if (rule && rule.unit && !state.leadManual && !co.ids.some((id) => String(id) === String(rule.unit.id))) {
        lead.set(rule.unit.id);
        co.setExclude([rule.unit.id]);
      } else if (!rule && !state.leadManual) {
        lead.set(null);
      }
    } catch (err) {
      if (token !== suggestToken) return;
      state.suggestion = { loading: false, rule: null, asked: true, error: err };
    }
    ctx.update();
  }

  function useSuggestion() {
    const rule = state.suggestion.rule;
    if (!rule || !rule.unit) return;
    lead.choose(lead.item(rule.unit.id));
  }

  // ---- keyboard ----

  function focusables(form) {
    return Array.from(form.querySelectorAll('input, select, textarea, button'))
      .filter((el) => !el.disabled && el.tabIndex >= 0 && el.type !== 'hidden' && el.offsetParent !== null)
      .filter((el) => !(el.type === 'radio' && !el.checked));
  }

  function onKeydown(e) {
    if (assist.onKey(e)) return;
    if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return;
    const form = e.currentTarget;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      submit(state.hasAnswer ? 'answer' : 'dispatch');
      return;
    }
    const el = e.target;
    if (el.tagName === 'TEXTAREA' || el.tagName === 'BUTTON' || e.shiftKey || e.altKey) return;
    if (e.defaultPrevented && !e.comboChose) return;
    e.preventDefault();
    const list = focusables(form);
    const i = list.indexOf(el);
    const next = list[i + 1];
    if (next) next.focus();
  }

  // ---- submit ----

  function read(form) {
    const v = (id) => {
      const el = form.querySelector('#' + id);
      return el ? el.value.trim() : '';
    };
    return { content: v('intake-content'), address: v('intake-address'), name: v('intake-name'), phone: v('intake-phone'), answer: v('intake-answer-text') };
  }

  function invalid(fields) {
    const message = (field) => t(field === 'citizen.phone' ? 'desk.needCaller' : 'af.required');
    return new ApiError(400, { detail: t('desk.fixFields'), errors: fields.map((field) => ({ field, message: message(field) })) }, null);
  }

  function focusField(field) {
    const id = FIELD_INPUT[field] || FIELD_INPUT[String(field).replace(/\[\d+\]$/, '')];
    const el = id && document.getElementById(id);
    if (el && !el.disabled) el.focus();
  }

  /**
   * @param path   'answer' (直办), 'dispatch' (派单) or 'merge' (并入 {@code target}, a similar open order)
   * @param target the order merged into
   */
  async function submit(path, target = null) {
    if (state.busy) return;
    const form = document.getElementById('intake-form');
    if (!form) return;
    const v = read(form);
    const missing = [];
    if (!state.created) {
      if (!state.anonymous && !v.phone && !v.name) missing.push('citizen.phone');
      if (!v.content) missing.push('content');
      if (!category.value) missing.push('categoryId');
    }
    if (path === 'dispatch' && !lead.value) missing.push('leadUnitId');
    if (path === 'answer' && !v.answer) missing.push('text');
    if (missing.length) {
      state.error = invalid(missing);
      ctx.update();
      focusField(missing[0]);
      return;
    }
    // Empty optional fields are left out rather than sent as null (the server refuses "areaId": null and
    // answers 500 to "citizen": null, although its schema allows both).
    const body = { channel: state.channel, type: state.type, urgency: state.urgency, categoryId: category.id, content: v.content };
    if (area.value) body.areaId = area.id;
    if (v.address) body.address = v.address;
    if (state.confidential) body.confidential = true;
    if (!state.anonymous && (v.name || v.phone)) {
      body.citizen = {};
      if (v.name) body.citizen.name = v.name;
      if (v.phone) body.citizen.phone = v.phone;
    }
    const bodyJson = JSON.stringify(body);
    if (!state.created && (!pending || pending.bodyJson !== bodyJson)) {
      pending = { key: crypto.randomUUID(), bodyJson };
    }
    state.busy = true;
    state.error = null;
    state.result = null;
    ctx.update();
    try {
      let order = state.created;
      if (!order) {
        order = await ctx.api.post('/work-orders', body, { headers: { 'Idempotency-Key': pending.key } });
        state.created = order;
      }
      let done;
      if (path === 'answer') {
        const answer = { text: v.answer };
        if (assist.usedIds().length) answer.articleIds = assist.usedIds();
        done = await ctx.api.post(`/work-orders/${seg(order.id)}/actions/answer-directly`, answer, { headers: ifMatch(order.version) });
        await assist.recordUse(order.id);
      } else if (path === 'merge') {
        done = await ctx.api.post(`/work-orders/${seg(order.id)}/actions/merge`, { parentId: target.id }, { headers: ifMatch(order.version) });
      } else {
        const action = { leadUnitId: lead.id };
        if (co.ids.length) action.coUnitIds = co.ids;
        done = await ctx.api.post(`/work-orders/${seg(order.id)}/actions/dispatch`, action, { headers: ifMatch(order.version) });
      }
      await afterCreate(order);
      state.result = {
        id: order.id, number: order.number, pickupCode: order.pickupCode, path, status: done ? done.status : '',
        parentNumber: target ? target.number : '',
        unitName: path === 'dispatch' ? (done && done.leadUnit ? done.leadUnit.name : lead.value.label) : '',
        coNames: path === 'dispatch' ? co.values.map((c) => c.label) : [],
      };
      pending = null;
      resetForm(form);
      ctx.toast(path === 'answer' ? 'desk.answeredToast' : 'desk.dispatchedToast', { number: order.number });
    } catch (err) {
      state.error = err;
      if (err.status === 412 && state.created) {
        // Someone acted on the new order meanwhile (e.g. a dispatcher): it is no longer ours to finish here.
        state.error = new ApiError(412, { detail: t('desk.createdChanged', { number: state.created.number }) }, null);
      }
    }
    state.busy = false;
    ctx.update();
    if (state.error) {
      const first = (state.error.errors || [])[0];
      if (first) focusField(first.field);
    } else {
      focusPhone();
    }
  }

  /** What follows any new order: the chosen link, and the call it was taken on (both on its timeline). */
  async function afterCreate(order) {
    const tasks = [];
    if (state.linkTo && state.linkTo !== order.id) {
      tasks.push(ctx.api.post(`/work-orders/${seg(order.id)}/links`, { orderId: state.linkTo }));
    }
    if (state.callId) {
      tasks.push(ctx.api.post(`/calls/${seg(state.callId)}/order`, { orderId: order.id }));
    }
    // The order stands either way; a failed link or call log is shown but does not undo it.
    const results = await Promise.allSettled(tasks);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) ctx.toast('assist.afterCreateFailed', { error: errorMessage(failed.reason) });
  }

  // ---- missed calls ----

  async function loadMissed() {
    try {
      const r = await ctx.api.get('/calls?view=missed');
      state.missed = { ...state.missed, items: (r && r.items) || [], error: null };
    } catch (err) {
      state.missed = { ...state.missed, error: err };
    }
    ctx.update();
  }

  async function callBack(call, done) {
    try {
      if (!done) {
        const r = await ctx.api.post(`/calls/${seg(call.id)}/callback`, { reveal: true });
        state.missed.revealed[call.id] = r.caller;
      } else {
        const note = (document.getElementById('missed-note-' + call.id) || {}).value || '';
        await ctx.api.post(`/calls/${seg(call.id)}/callback`, note.trim() ? { note: note.trim() } : {});
        ctx.toast('desk.calledBack');
        await loadMissed();
      }
    } catch (err) {
      ctx.toast('assist.feedbackFailed', { error: errorMessage(err) });
    }
    ctx.update();
  }

  function missedCard() {
    const m = state.missed;
    if (!m.items.length && !m.error) return nothing;
    return html`<section class="card" id="desk-missed" aria-labelledby="desk-missed-title">
      <div class="card-head"><h2 class="card-title" id="desk-missed-title">${icon('phone')}<span>${t('desk.missedTitle')}</span>
        <span class="card-meta">${t('assist.similarCount', { n: m.items.length })}</span></h2></div>
      <div class="card-body">${m.error ? html`<p class="inline-error">${errorMessage(m.error)}</p>` : html`<ul class="assist-list" id="missed-calls">
        ${m.items.slice(0, 8).map((c) => html`<li class="assist-item" data-call-id=${String(c.id)}>
          <div class="assist-top"><span class="mono">${m.revealed[c.id] || c.callerMasked || t('desk.withheld')}</span>
            <span class="muted small num">${formatDateTime(c.startedAt)}</span></div>
          ${m.revealed[c.id]
            ? html`<div class="assist-actions"><input id=${'missed-note-' + c.id} maxlength="500" placeholder=${t('desk.callbackNote')}>
                <button type="button" class="btn btn-small" @click=${() => callBack(c, true)}>${t('desk.calledBackButton')}</button></div>`
            : html`<div class="assist-actions"><button type="button" class="btn btn-small" @click=${() => callBack(c, false)}>${t('desk.callBack')}</button></div>`}
        </li>`)}</ul>`}</div></section>`;
  }

  // ---- the PBX's screen pop ----

  function onCallEvent(e) {
    let data;
    try {
      data = JSON.parse(e.data);
    } catch (err) {
      return;
    }
    if (data.event === 'answer') {
      const form = document.getElementById('intake-form');
      if (state.created || state.busy || !form) return;
      resetForm(form);
      state.callId = data.id;
      state.callEnded = false;
      const phone = document.getElementById('intake-phone');
      if (phone && data.caller) {
        phone.value = data.caller;
        phone.dispatchEvent(new Event('input', { bubbles: true }));
      }
      startCall();
      ctx.toast('assist.callPopped', { caller: data.callerMasked || '' });
      const content = document.getElementById('intake-content');
      if (content) content.focus();
    } else if (data.event === 'hangup' && data.id === state.callId) {
      state.callEnded = true;
      window.clearInterval(clock);
      clock = 0;
      ctx.update();
    }
  }

  /** Leaves an accepted order whose second step failed to the dispatchers, and starts over. */
  function leaveToDispatch() {
    const form = document.getElementById('intake-form');
    const order = state.created;
    state.result = order ? { id: order.id, number: order.number, pickupCode: order.pickupCode, path: 'left', status: 'ACCEPTED' } : null;
    state.error = null;
    pending = null;
    if (form) resetForm(form);
    ctx.update();
    focusPhone();
  }

  function resetForm(form) {
    form.reset();
    state.created = null;
    state.channel = 'phone';
    state.type = 'complaint';
    state.urgency = 'normal';
    state.anonymous = false;
    state.confidential = false;
    state.hasAnswer = false;
    state.leadManual = false;
    state.history = { phone: '', loading: false, items: [], error: null };
    state.caller = '';
    state.suggestion = { loading: false, rule: null, asked: false, error: null };
    state.linkTo = null;
    state.callId = null;
    state.callEnded = false;
    assist.reset();
    historyToken++;
    suggestToken++;
    category.clear();
    area.clear();
    lead.clear();
    co.clear();
    lead.setExclude([]);
    co.setExclude([]);
    endCall();
  }

  function focusPhone() {
    requestAnimationFrame(() => {
      const el = document.getElementById('intake-phone');
      if (el) el.focus();
    });
  }

  // ---- views ----

  function errorsFor(field) {
    const err = state.error;
    if (!err || !err.errors) return [];
    return err.errors.filter((e) => e.field === field || String(e.field).startsWith(field + '[')).map((e) => String(e.message ?? ''));
  }

  function fieldErr(field, id) {
    const messages = errorsFor(field);
    return messages.length ? html`<p class="field-error" id=${id} data-field=${field}>${messages.join('；')}</p>` : nothing;
  }

  const bad = (field) => (errorsFor(field).length ? 'true' : 'false');

  function radios(name, values, current, labelFn, onPick) {
    return html`<div class="segmented" role="radiogroup">
      ${values.map((v) => html`<label class="seg" for=${`intake-${name}-${v}`}>
        <input type="radio" id=${`intake-${name}-${v}`} name=${name} value=${v} .checked=${live(v === current)}
               ?disabled=${state.busy || !!state.created} @change=${() => onPick(v)}>
        <span class=${name === 'urgency' ? 'seg-' + v : ''}>${labelFn(v)}</span></label>`)}
    </div>`;
  }

  function callbar() {
    const secs = state.callStart ? Math.max(0, Math.floor((state.now - state.callStart) / 1000)) : 0;
    const mmss = `${String(Math.floor(secs / 60)).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}`;
    const n = state.history.items.length;
    return html`<section class="callbar" id="desk-callbar" aria-label=${t('desk.callbar')}>
      <div class="callbar-item">${icon('phone')}<span class="callbar-label">${t('desk.callerNumber')}</span>
        <span class="callbar-value num" id="callbar-phone">${state.caller || html`<span class="muted">—</span>`}</span></div>
      <div class="callbar-item">${icon('clock')}<span class="callbar-label">${t('desk.callDuration')}</span>
        <span class="callbar-value num" id="callbar-duration">${state.callStart ? mmss : html`<span class="muted">—</span>`}</span></div>
      <div class="callbar-item"><span class="callbar-label">${t('desk.history')}</span>
        <span class=${classMap({ 'callbar-value': true, 'callbar-alert': n > 0 })} data-count=${n}>${state.history.loading ? '…' : n}</span></div>
      <div class=${classMap({ 'callbar-status': true, live: !!state.callStart })}>
        <span class=${'dot ' + (state.callStart ? 'dot-ok' : 'dot-idle')} aria-hidden="true"></span>${t(state.callEnded ? 'desk.callEnded' : state.callStart ? 'desk.inCall' : 'desk.idle')}</div>
    </section>`;
  }

  function resultBox() {
    const r = state.result;
    if (!r) return nothing;
    let what;
    if (r.path === 'answer') what = t('desk.resultAnswered');
    else if (r.path === 'merge') what = t('desk.resultMerged', { number: r.parentNumber });
    else if (r.path === 'left') what = t('desk.resultLeft');
    else what = t('desk.resultDispatched', { unit: r.unitName }) + (r.coNames && r.coNames.length ? t('desk.resultCo', { units: r.coNames.join('、') }) : '');
    return html`<div class="intake-result" id="intake-result" role="status" data-number=${r.number} data-order-id=${String(r.id)}>
      ${icon('review', 'intake-result-icon')}
      <div class="intake-result-body">
        <p class="intake-result-title">${t('desk.resultTitle')} <strong class="mono" id="intake-result-number">${r.number}</strong>
          ${r.pickupCode ? html`<span class="pickup">${t('order.pickupCode')} <strong class="mono" id="intake-result-pickup">${r.pickupCode}</strong></span>` : nothing}</p>
        <p class="intake-result-text">${what}${r.pickupCode ? ' ' + t('desk.tellCitizen') : ''}</p>
      </div>
      <a class="btn btn-small" href=${orderHref(r.id)} id="intake-result-open">${t('desk.openOrder')}</a>
      <button type="button" class="btn btn-quiet btn-small" aria-label=${t('desk.dismiss')} @click=${() => { state.result = null; ctx.update(); }}>×</button>
    </div>`;
  }

  function createdBox() {
    const o = state.created;
    if (!o) return nothing;
    return notice('warn', html`<p><strong>${t('desk.createdPending', { number: o.number })}</strong></p>
      <p>${t('desk.createdPendingHint')}</p>
      <p class="notice-actions"><a class="btn btn-small" href=${orderHref(o.id)}>${t('desk.openOrder')}</a>
        <button type="button" class="btn btn-small" id="intake-leave" @click=${leaveToDispatch}>${t('desk.leaveToDispatch')}</button></p>`, 'intake-created');
  }

  function historyCard() {
    const h = state.history;
    const open = h.items.filter((o) => !['CLOSED', 'MERGED'].includes(o.status)).length;
    let body;
    if (!h.phone) body = emptyState(t('desk.historyEmpty'), t('desk.historyHint'));
    else if (h.loading && !h.items.length) body = html`<p class="muted small">${t('common.loading')}</p>`;
    else if (h.error) body = html`<p class="inline-error">${errorMessage(h.error)}</p>`;
    else if (!h.items.length) body = html`<p class="muted" id="history-none">${t('desk.historyNone')}</p>`;
    else {
      body = html`${open ? html`<p class="history-warn">${icon('alert')}<span>${t('desk.historyOpen', { n: open })}</span></p>` : nothing}
        <ul class="history-list" id="caller-history">${h.items.map((o) => html`<li data-order-id=${String(o.id)}>
          <div class="history-top"><a class="order-link" href=${orderHref(o.id)}>${o.number}</a>${statusBadge(o)}</div>
          <p class="history-meta"><span class="num">${formatDateTime(o.createdAt)}</span>${o.category ? html`<span>${o.category.name}</span>` : nothing}</p>
          <p class="history-excerpt">${o.excerpt || ''}</p>
        </li>`)}</ul>`;
    }
    return html`<section class="card" id="desk-history" aria-labelledby="desk-history-title">
      <div class="card-head"><h2 class="card-title" id="desk-history-title">${icon('phone')}<span>${t('desk.historyTitle')}</span>
        ${h.items.length ? html`<span class="card-meta">${t('desk.historyCount', { n: h.items.length })}</span>` : nothing}</h2></div>
      <div class="card-body">${body}</div>
    </section>`;
  }

  function suggestionCard() {
    const s = state.suggestion;
    let body;
    if (!category.value) body = html`<p class="muted small">${t('desk.suggestWaiting')}</p>`;
    else if (s.loading) body = html`<p class="muted small">${t('common.loading')}</p>`;
    else if (s.error) body = html`<p class="inline-error">${errorMessage(s.error)}</p>`;
    else if (!s.rule) body = html`<p class="suggest-none" id="suggest-none">${t('desk.suggestNone')}</p>`;
    else {
      const used = lead.value && String(lead.id) === String(s.rule.unit.id);
      body = html`<div class="suggest" id="desk-suggestion" data-unit-id=${String(s.rule.unit.id)}>
        <p class="suggest-unit">${s.rule.unit.name}</p>
        <p class="muted small">${t('desk.suggestBasis', { category: s.rule.category ? s.rule.category.name : category.value.label, area: s.rule.area ? s.rule.area.name : t('desk.allAreas') })}</p>
        ${s.rule.note ? html`<p class="small">${s.rule.note}</p>` : nothing}
        ${used ? html`<span class="badge badge-ok">${t('desk.suggestUsed')}</span>`
          : html`<button type="button" class="btn btn-small" @click=${useSuggestion}>${t('desk.useSuggestion')}</button>`}
      </div>`;
    }
    return html`<section class="card" id="desk-suggest" aria-labelledby="desk-suggest-title">
      <div class="card-head"><h2 class="card-title" id="desk-suggest-title">${icon('dispatch')}<span>${t('desk.suggestTitle')}</span></h2></div>
      <div class="card-body">${body}</div>
    </section>`;
  }

  function keysCard() {
    const rows = [['Enter', 'desk.key.next'], ['Ctrl + Enter', 'desk.key.submit'], ['Alt + 1…5', 'desk.key.kb'], ['↑ ↓', 'desk.key.choose'], ['Esc', 'desk.key.close'], ['Tab', 'desk.key.tab']];
    return html`<section class="card card-quiet" id="desk-keys">
      <div class="card-body"><dl class="keys">${rows.map(([k, key]) => html`<div><dt><kbd>${k}</kbd></dt><dd>${t(key)}</dd></div>`)}</dl></div>
    </section>`;
  }

  function form() {
    const locked = state.busy || !!state.created;
    const answerPrimary = state.hasAnswer;
    return html`<form id="intake-form" class="intake" novalidate autocomplete="off" @keydown=${onKeydown}
          @submit=${(e) => { e.preventDefault(); submit(state.hasAnswer ? 'answer' : 'dispatch'); }}
          @input=${(e) => { if (e.target.id !== 'intake-answer-text') startCall(); }}>
      <div class="intake-section">
        <h3 class="intake-section-title">${t('desk.section.caller')}</h3>
        <div class="intake-section-body">
        <div class="intake-row intake-row-caller">
          <div class="field"><label for="intake-phone">${t('desk.callerPhone')}</label>
            <input id="intake-phone" type="tel" inputmode="tel" maxlength="40" autocomplete="off" ?disabled=${locked || state.anonymous}
                   aria-invalid=${bad('citizen.phone')} aria-describedby="intake-phone-error" @input=${onPhoneInput}
                   placeholder=${t('desk.phonePlaceholder')}>
            ${fieldErr('citizen.phone', 'intake-phone-error')}</div>
          <div class="field"><label for="intake-name">${t('desk.callerName')}</label>
            <input id="intake-name" maxlength="100" autocomplete="off" ?disabled=${locked || state.anonymous}
                   aria-invalid=${bad('citizen.name')} aria-describedby="intake-name-error" placeholder=${t('desk.namePlaceholder')}>
            ${fieldErr('citizen.name', 'intake-name-error')}</div>
          <div class="intake-checks">
            <label class="check" for="intake-anonymous"><input type="checkbox" id="intake-anonymous" .checked=${live(state.anonymous)} ?disabled=${locked}
                @change=${(e) => { state.anonymous = e.target.checked; ctx.update(); }}><span>${t('desk.anonymous')}</span></label>
            <label class="check" for="intake-confidential"><input type="checkbox" id="intake-confidential" .checked=${live(state.confidential)} ?disabled=${locked}
                @change=${(e) => { state.confidential = e.target.checked; ctx.update(); }}><span>${t('desk.confidential')}</span></label>
          </div>
        </div>
      </div></div>

      <div class="intake-section">
        <h3 class="intake-section-title">${t('desk.section.request')}</h3>
        <div class="intake-section-body">
        <div class="intake-row intake-row-kind">
          <div class="field field-channel"><label for="intake-channel">${t('desk.channel')}</label>
            <select id="intake-channel" .value=${live(state.channel)} ?disabled=${locked} aria-invalid=${bad('channel')}
                    @change=${(e) => { state.channel = e.target.value; ctx.update(); }}>
              ${CHANNELS.map((c) => html`<option value=${c} ?selected=${c === state.channel}>${channelLabel(c)}</option>`)}
            </select></div>
          <fieldset class="field"><legend>${t('desk.type')}</legend>
            ${radios('type', TYPES, state.type, typeLabel, (v) => { state.type = v; ctx.update(); })}</fieldset>
          <fieldset class="field"><legend>${t('desk.urgency')}</legend>
            ${radios('urgency', URGENCIES, state.urgency, urgencyLabel, (v) => { state.urgency = v; ctx.update(); })}</fieldset>
        </div>
        <div class="field"><label for="intake-content">${t('desk.content')}<span class="req" aria-hidden="true">*</span></label>
          <textarea id="intake-content" rows="3" maxlength="20000" ?disabled=${locked} aria-invalid=${bad('content')}
                    @input=${(e) => assist.changed('content', e.target.value)}
                    aria-describedby="intake-content-error" placeholder=${t('desk.contentPlaceholder')}></textarea>
          ${fieldErr('content', 'intake-content-error')}</div>
        <div class="intake-row intake-row-place">
          <div class="field"><label for="intake-category">${t('desk.category')}<span class="req" aria-hidden="true">*</span></label>
            ${comboView(category, { id: 'intake-category', placeholder: t('desk.categoryPlaceholder'), invalid: bad('categoryId') === 'true', describedBy: 'intake-category-error', disabled: locked })}
            ${category.value && category.value.path ? html`<p class="field-hint" id="intake-category-path">${category.value.path}</p>` : nothing}
            ${fieldErr('categoryId', 'intake-category-error')}</div>
          <div class="field"><label for="intake-area">${t('desk.area')}</label>
            ${comboView(area, { id: 'intake-area', placeholder: t('desk.areaPlaceholder'), invalid: bad('areaId') === 'true', describedBy: 'intake-area-error', disabled: locked })}
            ${fieldErr('areaId', 'intake-area-error')}</div>
          <div class="field"><label for="intake-address">${t('desk.address')}</label>
            <input id="intake-address" maxlength="500" ?disabled=${locked} aria-invalid=${bad('address')} aria-describedby="intake-address-error"
                   @input=${(e) => assist.changed('address', e.target.value)}
                   placeholder=${t('desk.addressPlaceholder')}>
            ${fieldErr('address', 'intake-address-error')}</div>
        </div>
      </div></div>

      <div class="intake-section intake-section-handle">
        <h3 class="intake-section-title">${t('desk.section.handle')}</h3>
        <div class="intake-section-body">
        <div class="intake-handle">
          <div class=${classMap({ 'handle-path': true, active: !answerPrimary })}>
            <p class="handle-path-title">${icon('dispatch')}<span>${t('desk.pathDispatch')}</span></p>
            <div class="handle-units">
            <div class="field"><label for="intake-lead-unit">${t('desk.leadUnit')}</label>
              ${comboView(lead, { id: 'intake-lead-unit', placeholder: t('desk.leadPlaceholder'), invalid: bad('leadUnitId') === 'true', describedBy: 'intake-lead-error', disabled: state.busy })}
              ${state.suggestion.rule && lead.value && String(lead.id) === String(state.suggestion.rule.unit.id)
                ? html`<p class="field-hint field-hint-ok">${t('desk.leadFromCatalogue')}</p>` : nothing}
              ${fieldErr('leadUnitId', 'intake-lead-error')}</div>
            <div class="field"><label for="intake-co-units">${t('desk.coUnits')}</label>
              ${comboView(co, { id: 'intake-co-units', placeholder: t('desk.coPlaceholder'), invalid: bad('coUnitIds') === 'true', describedBy: 'intake-co-error', disabled: state.busy })}
              ${fieldErr('coUnitIds', 'intake-co-error')}</div>
            </div>
          </div>
          <div class=${classMap({ 'handle-path': true, active: answerPrimary })}>
            <p class="handle-path-title">${icon('headset')}<span>${t('desk.pathAnswer')}</span></p>
            <div class="field"><label for="intake-answer-text">${t('desk.answerText')}</label>
              <textarea id="intake-answer-text" rows="2" maxlength="10000" ?disabled=${state.busy} aria-invalid=${bad('text')}
                        aria-describedby="intake-answer-error" placeholder=${t('desk.answerPlaceholder')}
                        @input=${(e) => { const has = e.target.value.trim().length > 0; if (has !== state.hasAnswer) { state.hasAnswer = has; ctx.update(); } }}></textarea>
              ${fieldErr('text', 'intake-answer-error')}</div>
          </div>
        </div>
      </div></div>

      ${state.error ? html`<div id="intake-error">${problemBox(state.error, { shownFields: CREATE_FIELDS.concat(ACTION_FIELDS) })}</div>` : nothing}
      <div class="intake-actions">
        <span class="muted small">${t('desk.submitHint')}</span>
        <span class="spacer"></span>
        <button type="button" id="intake-answer" class=${classMap({ btn: true, 'btn-large': true, 'btn-primary': answerPrimary })}
                ?disabled=${state.busy} @click=${() => submit('answer')}>
          ${state.busy && answerPrimary ? html`<span class="spinner spinner-light" aria-hidden="true"></span>` : icon('headset')}<span>${t('desk.answerDirect')}</span></button>
        <button type="button" id="intake-dispatch" class=${classMap({ btn: true, 'btn-large': true, 'btn-primary': !answerPrimary })}
                ?disabled=${state.busy} @click=${() => submit('dispatch')}>
          ${state.busy && !answerPrimary ? html`<span class="spinner spinner-light" aria-hidden="true"></span>` : icon('dispatch')}<span>${t('desk.dispatchNow')}</span></button>
      </div>
    </form>`;
  }

  return {
    async load() {
      const [cats, areas, units] = await Promise.allSettled([
        loadTree(ctx.api, '/categories'), loadTree(ctx.api, '/areas'), loadTree(ctx.api, '/units'),
      ]);
      if (cats.status === 'fulfilled') category.setItems(categoryItems(cats.value));
      else state.refError = cats.reason;
      if (areas.status === 'fulfilled') area.setItems(areaItems(areas.value));
      else state.refError = state.refError || areas.reason;
      if (units.status === 'fulfilled') {
        const items = unitItems(units.value);
        lead.setItems(items);
        co.setItems(items);
      } else state.refError = state.refError || units.reason;
      state.loading = false;
      if (window.EventSource && !events) {
        // The answering operator's screen pop; the browser reconnects by itself after a network blip.
        events = new EventSource('/api/v1/desk/events');
        events.addEventListener('call', onCallEvent);
      }
      loadMissed();
      missedTimer = window.setInterval(loadMissed, 60_000);
    },
    afterRender() {
      focusPhone();
    },
    dispose() {
      window.clearInterval(clock);
      window.clearTimeout(historyTimer);
      assist.dispose();
      window.clearInterval(missedTimer);
      if (events) events.close();
      events = null;
    },
    view() {
      return html`
        <header class="page-header desk-header">
          <div class="page-header-text"><h1 class="page-title" id="page-title" title=${t('desk.desc')}>${t('page.desk')}</h1></div>
          ${callbar()}
        </header>
        ${state.refError ? problemBox(state.refError, { id: 'desk-ref-error' }) : nothing}
        ${resultBox()}
        <div class="split split-wide-side desk">
          <div class="split-main">
            <section class="card" id="desk-intake-card" aria-labelledby="desk-intake-title">
              <div class="card-head"><h2 class="card-title" id="desk-intake-title">${icon('edit')}<span>${t('desk.intake')}</span></h2>
                <span class="card-meta">${t('desk.required')}</span></div>
              <div class="card-body">
                ${createdBox()}
                ${state.loading ? html`<p class="muted">${t('common.loading')}</p>` : form()}
              </div>
            </section>
          </div>
          <aside class="split-side">
            ${assist.kbCard()}
            ${assist.similarCard()}
            ${assist.dispatchCard()}
            ${missedCard()}
            ${historyCard()}
            ${suggestionCard()}
            ${keysCard()}
          </aside>
        </div>`;
    },
  };
}
