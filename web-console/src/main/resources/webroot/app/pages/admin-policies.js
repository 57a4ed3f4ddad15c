// 时限政策 — the time limits orders run under: per type × urgency, and category overrides. Each limit (sign, handle,
// co-handler opinion, callback), the warnings before it runs out and the escalation chain after; editing saves a new
// version (orders already dispatched keep theirs), the history shows every version. GET/PUT /sla/policies,
// GET /sla/policies/history, DELETE /sla/policies/{id} (retire an override).
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { t } from '../i18n.js';
import { seg, ApiError } from '../api.js';
import { pageHeader, loadingState, problemBox, emptyState, icon, notice, formatDateTime, flattenForSelect } from '../ui.js';
import { TYPES, URGENCIES, typeLabel, urgencyLabel, urgencyBadge, loadTree } from '../orders.js';
import { CLOCK_KINDS, LIMIT_UNITS, NOTIFY_TARGETS, limitText, notifyLabel, levelLabel } from '../clocks.js';

const MAX_LEVELS = 5;

const keyOf = (p) => `${p.type}/${p.urgency}/${p.categoryId ?? ''}`;
const sortKey = (p) => [TYPES.indexOf(p.type), URGENCIES.indexOf(p.urgency), p.categoryName || ''];

function compare(a, b) {
  const x = sortKey(a);
  const y = sortKey(b);
  for (let i = 0; i < x.length; i++) {
    if (x[i] < y[i]) return -1;
    if (x[i] > y[i]) return 1;
  }
  return 0;
}

/** A rules object as editable strings (inputs hold text; the server checks the numbers). */
function draftOf(rules) {
  const r = rules || {};
  const limit = (l) => ({ amount: l && l.amount !== undefined ? String(l.amount) : '', unit: (l && l.unit) || 'working_days' });
  const w = r.warnings || {};
  return {
    sign: limit(r.sign),
    handle: limit(r.handle),
    opinion: limit(r.opinion),
    callback: limit(r.callback),
    percent: (w.percent || []).map((p) => String(p)),
    before: (w.before || []).map(limit),
    escalation: (r.escalation || []).map((l) => ({ after: limit(l.after), notify: [...(l.notify || [])] })),
  };
}

/** Numbers as numbers where they read as one; anything else goes as typed, for the server to name the field. */
function num(text) {
  const s = String(text ?? '').trim();
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

function rulesOf(draft) {
  const limit = (l) => ({ amount: num(l.amount), unit: l.unit });
  return {
    sign: limit(draft.sign),
    handle: limit(draft.handle),
    opinion: limit(draft.opinion),
    callback: limit(draft.callback),
    warnings: { percent: draft.percent.map(num), before: draft.before.map(limit) },
    escalation: draft.escalation.map((l) => ({ after: limit(l.after), notify: [...l.notify] })),
  };
}

/** The server's checks in the console's words, by the field they name; its own message otherwise. */
function messageFor(field, message) {
  if (/^(sign|handle|opinion|callback)(\.amount)?$/.test(field)) return t('policy.err.limit');
  if (/^warnings\.percent\[\d+\]$/.test(field)) return t('policy.err.percent');
  if (/^warnings\.before\[\d+\]$/.test(field)) return t('policy.err.before');
  if (/^escalation\[\d+\]\.after$/.test(field)) return t('policy.err.after');
  if (/^escalation\[\d+\]\.notify(\[\d+\])?$/.test(field)) return t('policy.err.notify');
  return message;
}

/**
 * The server's detail names the fields in English and repeats the first message only; when every error sits next to
 * its field, the box above the buttons just says so.
 */
function summaryOf(err, shown) {
  const errors = Array.isArray(err.errors) ? err.errors : [];
  if (err.status !== 400 || !errors.length) return err;
  const inline = errors.filter((e) => shown.has(e.field)).length;
  const detail = inline === errors.length ? t('policy.invalid', { n: errors.length }) : t('policy.invalidSome', { n: errors.length });
  return { detail, errors, requestId: err.requestId, fieldErrors: (f) => err.fieldErrors(f) };
}

export function create(ctx) {
  const state = {
    loading: true,
    error: null,
    policies: [],
    categories: [],
    users: new Map(),
    editor: null, // { mode: 'edit' | 'override', type, urgency, categoryId, base, draft, note, busy, error, dirty }
    history: null, // { policy, items, loading, error }
    confirmRetire: null,
    retireError: null,
    busy: new Set(),
  };

  async function loadPolicies() {
    const answer = await ctx.api.get('/sla/policies');
    state.policies = ((answer && answer.items) || []).slice().sort(compare);
  }

  async function load() {
    state.loading = true;
    const [policies, categories, users] = await Promise.allSettled([
      loadPolicies(),
      loadTree(ctx.api, '/categories'),
      ctx.api.get('/users'),
    ]);
    if (policies.status === 'rejected') state.error = policies.reason;
    if (categories.status === 'fulfilled') state.categories = categories.value;
    if (users.status === 'fulfilled') {
      for (const u of (users.value && users.value.items) || []) state.users.set(String(u.id), u.displayName || u.username);
    }
    state.loading = false;
  }

  async function reloadPolicies() {
    try {
      await loadPolicies();
      state.error = null;
    } catch (err) {
      state.error = err;
    }
  }

  const defaults = () => state.policies.filter((p) => p.categoryId === null || p.categoryId === undefined);
  const overrides = () => state.policies.filter((p) => p.categoryId !== null && p.categoryId !== undefined);
  const defaultFor = (type, urgency) => defaults().find((p) => p.type === type && p.urgency === urgency) || null;

  // ---- editor ----

  function focusEditor() {
    requestAnimationFrame(() => {
      const card = document.getElementById('policy-editor');
      if (!card) return;
      card.scrollIntoView({ block: 'start' });
      const first = card.querySelector('select:not([disabled]), input:not([disabled])');
      if (first) first.focus();
    });
  }

  function openEdit(p) {
    state.editor = {
      mode: 'edit', type: p.type, urgency: p.urgency, categoryId: p.categoryId ?? null, base: p,
      draft: draftOf(p.rules), note: '', busy: false, error: null, dirty: false,
    };
    ctx.update();
    focusEditor();
  }

  function openOverride() {
    const base = defaultFor('complaint', 'normal') || defaults()[0] || null;
    state.editor = {
      mode: 'override', type: base ? base.type : 'complaint', urgency: base ? base.urgency : 'normal', categoryId: null, base: null,
      draft: draftOf(base ? base.rules : null), note: '', busy: false, error: null, dirty: false,
    };
    ctx.update();
    focusEditor();
  }

  /** A new override starts from the default of its type × urgency until the admin changes a value. */
  function setOverrideKey(field, value) {
    const e = state.editor;
    e[field] = value;
    if (!e.dirty) {
      const base = defaultFor(e.type, e.urgency);
      if (base) e.draft = draftOf(base.rules);
    }
    ctx.update();
  }

  function closeEditor() {
    const e = state.editor;
    state.editor = null;
    ctx.update();
    if (e && e.base) {
      requestAnimationFrame(() => {
        const btn = document.querySelector(`tr[data-policy-id="${e.base.id}"] [data-action="edit"]`);
        if (btn) btn.focus();
      });
    }
  }

  function change(fn) {
    return (ev) => {
      fn(ev.target.value, ev);
      if (state.editor) state.editor.dirty = true;
      ctx.update();
    };
  }

  async function save(ev) {
    ev.preventDefault();
    const e = state.editor;
    if (!e || e.busy) return;
    const body = { type: e.type, urgency: e.urgency, rules: rulesOf(e.draft) };
    if (e.categoryId !== null && e.categoryId !== '') body.categoryId = Number(e.categoryId);
    if (e.note.trim()) body.note = e.note.trim();
    if (e.mode === 'override' && (e.categoryId === null || e.categoryId === '')) {
      e.error = new ApiError(400, { detail: t('af.fixFields'), errors: [{ field: 'categoryId', message: t('policy.err.category') }] }, null);
      ctx.update();
      return;
    }
    e.busy = true;
    e.error = null;
    ctx.update();
    try {
      const saved = await ctx.api.put('/sla/policies', body);
      state.editor = null;
      await reloadPolicies();
      ctx.toast('policy.saved', { name: policyName(saved || body), v: saved ? saved.version : '' });
      if (state.history && saved && keyOf(state.history.policy) === keyOf(saved)) openHistory(saved);
      ctx.update();
      requestAnimationFrame(() => {
        const row = saved && document.querySelector(`tr[data-policy-id="${saved.id}"]`);
        if (row) {
          row.scrollIntoView({ block: 'center' });
          const btn = row.querySelector('[data-action="edit"]');
          if (btn) btn.focus();
        }
      });
    } catch (err) {
      if (state.editor !== e) return;
      e.busy = false;
      e.error = err;
      ctx.update();
      requestAnimationFrame(() => {
        const bad = document.querySelector('#policy-editor [aria-invalid="true"]');
        if (bad) bad.focus();
      });
    }
  }

  // ---- history and retiring ----

  async function openHistory(p) {
    const h = { policy: p, items: [], loading: true, error: null };
    state.history = h;
    ctx.update();
    const q = new URLSearchParams({ type: p.type, urgency: p.urgency });
    if (p.categoryId) q.set('categoryId', String(p.categoryId));
    try {
      const answer = await ctx.api.get('/sla/policies/history?' + q.toString());
      h.items = (answer && answer.items) || [];
    } catch (err) {
      h.error = err;
    }
    h.loading = false;
    ctx.update();
    requestAnimationFrame(() => {
      const card = document.getElementById('policy-history');
      if (card && state.history === h) card.scrollIntoView({ block: 'nearest' });
    });
  }

  async function retire(p) {
    if (state.confirmRetire !== p.id) {
      state.confirmRetire = p.id;
      ctx.update();
      return;
    }
    state.busy.add(p.id);
    state.retireError = null;
    ctx.update();
    try {
      await ctx.api.delete('/sla/policies/' + seg(p.id));
      state.confirmRetire = null;
      if (state.history && keyOf(state.history.policy) === keyOf(p)) state.history = null;
      await reloadPolicies();
      ctx.toast('policy.retired', { name: policyName(p) });
    } catch (err) {
      state.retireError = err;
    }
    state.busy.delete(p.id);
    ctx.update();
  }

  // ---- text ----

  function policyName(p) {
    const base = `${typeLabel(p.type)} · ${urgencyLabel(p.urgency)}`;
    return p.categoryId ? `${p.categoryName || '#' + p.categoryId} · ${base}` : base;
  }

  function warningsText(rules) {
    const w = (rules && rules.warnings) || {};
    const parts = [
      ...(w.percent || []).map((n) => t('policy.warnPercent', { n })),
      ...(w.before || []).map((l) => t('policy.warnBefore', { d: limitText(l) })),
    ];
    return parts.length ? html`${parts.map((p) => html`<span class="warn-line">${p}</span>`)}` : t('policy.noWarnings');
  }

  function chainView(rules) {
    const levels = (rules && rules.escalation) || [];
    if (!levels.length) return html`<span class="muted">${t('policy.noEscalation')}</span>`;
    return html`<ol class="chain">${levels.map((l, i) => html`<li data-level=${i + 1} title=${levelLabel(i + 1)}>
      <span class=${'chain-n esc-' + Math.min(i + 1, 3)} aria-label=${t('leadership.levelN', { n: i + 1 }) + ' ' + levelLabel(i + 1)}>${i + 1}</span>
      <span class="chain-when">${Number(l.after && l.after.amount) === 0 ? t('policy.atDeadline') : t('policy.afterDeadline', { d: limitText(l.after) })}${i === 0 ? t('policy.urgeSuffix') : ''}</span>
      <span class="chain-who">${(l.notify || []).map(notifyLabel).join('、')}</span>
    </li>`)}</ol>`;
  }

  function createdByName(p) {
    if (p.createdBy === null || p.createdBy === undefined) return t('policy.system');
    return state.users.get(String(p.createdBy)) || '#' + p.createdBy;
  }

  // ---- views ----

  function actionsCell(p, { retirable = false } = {}) {
    const busy = state.busy.has(p.id);
    return html`<td class="col-actions nowrap">
      <button type="button" class="btn btn-small btn-quiet" data-action="edit" ?disabled=${busy} @click=${() => openEdit(p)}
        aria-label=${t('policy.editOf', { name: policyName(p) })}>${t('policy.edit')}</button>
      <button type="button" class="btn btn-small btn-quiet" data-action="history" ?disabled=${busy} @click=${() => openHistory(p)}
        aria-label=${t('policy.historyOf', { name: policyName(p) })}>${t('policy.history')}</button>
      ${retirable
        ? state.confirmRetire === p.id
          ? html`<button type="button" class="btn btn-small btn-danger" data-action="confirm-retire" ?disabled=${busy} @click=${() => retire(p)}>${t('policy.confirmRetire')}</button>
              <button type="button" class="btn btn-small btn-quiet" @click=${() => { state.confirmRetire = null; ctx.update(); }}>${t('common.cancel')}</button>`
          : html`<button type="button" class="btn btn-small btn-quiet btn-danger" data-action="retire" ?disabled=${busy} @click=${() => retire(p)}>${t('policy.retire')}</button>`
        : nothing}
    </td>`;
  }

  function limitCells(rules) {
    return CLOCK_KINDS.map((k) => html`<td class="nowrap" data-limit=${k}>${limitText(rules && rules[k])}</td>`);
  }

  function defaultsTable() {
    const list = defaults();
    if (!list.length) return emptyState(t('policy.empty'));
    const rows = [];
    for (const type of TYPES) {
      const group = list.filter((p) => p.type === type);
      group.forEach((p, i) => rows.push(html`<tr data-policy-id=${String(p.id)} data-policy-type=${p.type} data-policy-urgency=${p.urgency}
          data-version=${String(p.version)} class=${classMap({ 'group-start': i === 0, 'row-editing': !!state.editor && state.editor.base === p })}>
        ${i === 0 ? html`<th scope="rowgroup" rowspan=${group.length} class="policy-type">${typeLabel(type)}</th>` : nothing}
        <td class="nowrap">${urgencyBadge(p.urgency)}</td>
        ${limitCells(p.rules)}
        <td class="policy-warn small">${warningsText(p.rules)}</td>
        <td class="policy-chain small">${chainView(p.rules)}</td>
        <td class="nowrap" title=${formatDateTime(p.createdAt)}><span class="badge badge-version" data-version=${String(p.version)}>${t('policy.versionN', { v: p.version })}</span></td>
        ${actionsCell(p)}
      </tr>`));
    }
    return html`<div class="table-wrap"><table class="data-table data-table-dense policy-table" id="policy-table">
      <thead><tr>
        <th scope="col">${t('policy.col.type')}</th><th scope="col">${t('policy.col.urgency')}</th>
        ${CLOCK_KINDS.map((k) => html`<th scope="col">${t('policy.limit.' + k)}</th>`)}
        <th scope="col">${t('policy.col.warnings')}</th><th scope="col">${t('policy.col.escalation')}</th>
        <th scope="col">${t('policy.col.version')}</th><th scope="col" class="col-actions">${t('col.actions')}</th>
      </tr></thead>
      <tbody>${rows}</tbody>
    </table></div>`;
  }

  function overridesTable() {
    const list = overrides();
    if (!list.length) return emptyState(t('policy.noOverrides'), t('policy.overridesHint'));
    return html`<div class="table-wrap"><table class="data-table data-table-dense policy-table" id="override-table">
      <thead><tr>
        <th scope="col">${t('policy.col.category')}</th><th scope="col">${t('policy.col.type')}</th><th scope="col">${t('policy.col.urgency')}</th>
        ${CLOCK_KINDS.map((k) => html`<th scope="col">${t('policy.limit.' + k)}</th>`)}
        <th scope="col">${t('policy.col.escalation')}</th>
        <th scope="col">${t('policy.col.version')}</th><th scope="col" class="col-actions">${t('col.actions')}</th>
      </tr></thead>
      <tbody>${list.map((p) => html`<tr data-policy-id=${String(p.id)} data-policy-type=${p.type} data-policy-urgency=${p.urgency}
          data-category-id=${String(p.categoryId)} data-version=${String(p.version)}>
        <td class="strong">${p.categoryName || '#' + p.categoryId}</td>
        <td class="nowrap">${typeLabel(p.type)}</td>
        <td class="nowrap">${urgencyBadge(p.urgency)}</td>
        ${limitCells(p.rules)}
        <td class="policy-chain small">${chainView(p.rules)}</td>
        <td class="nowrap"><span class="badge badge-version">${t('policy.versionN', { v: p.version })}</span></td>
        ${actionsCell(p, { retirable: true })}
      </tr>`)}</tbody>
    </table></div>`;
  }

  // -- the editor --

  function errorsOf(err, test) {
    return err && Array.isArray(err.errors) ? err.errors.filter((e) => test(e.field)) : [];
  }

  function errorLine(errors, id) {
    if (!errors.length) return nothing;
    const text = [...new Set(errors.map((e) => messageFor(e.field, String(e.message ?? ''))))].join('；');
    return html`<p class="field-error" id=${id} data-field=${errors.map((e) => e.field).join(' ')}>${text}</p>`;
  }

  function unitSelect(id, value, onChange, disabled, invalid) {
    return html`<select id=${id} .value=${value} ?disabled=${disabled} aria-invalid=${invalid ? 'true' : 'false'} @change=${onChange}>
      ${LIMIT_UNITS.map((u) => html`<option value=${u} ?selected=${u === value}>${t('limitUnit.' + u)}</option>`)}
    </select>`;
  }

  function amountInput(id, value, onInput, disabled, invalid, describedBy, label) {
    return html`<input id=${id} class="amount-input" type="number" inputmode="numeric" step="1" .value=${value} ?disabled=${disabled}
      aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${describedBy} aria-label=${label} @input=${onInput}>`;
  }

  function editorView() {
    const e = state.editor;
    if (!e) return nothing;
    const err = e.error;
    const d = e.draft;
    const shown = new Set();
    const take = (test) => {
      const list = errorsOf(err, test);
      list.forEach((x) => shown.add(x.field));
      return list;
    };
    const limitRow = (kind) => {
      const errors = take((f) => f === kind || f === kind + '.amount');
      const bad = errors.length > 0;
      const errId = `pe-${kind}-error`;
      return html`<div class="limit-row" data-kind=${kind}>
        <label class="limit-label" for=${'pe-' + kind + '-amount'}>${t('policy.limit.' + kind)}</label>
        <div class="limit-inputs">
          ${amountInput('pe-' + kind + '-amount', d[kind].amount, change((v) => { d[kind].amount = v; }), e.busy, bad, errId, t('policy.amountOf', { what: t('policy.limit.' + kind) }))}
          ${unitSelect('pe-' + kind + '-unit', d[kind].unit, change((v) => { d[kind].unit = v; }), e.busy, bad)}
        </div>
        <p class="field-hint">${t('policy.limitHint.' + kind)}</p>
        ${errorLine(errors, errId)}
      </div>`;
    };
    const percentItem = (value, i) => {
      const field = `warnings.percent[${i}]`;
      const errors = take((f) => f === field);
      const id = `pe-warn-percent-${i}`;
      return html`<li class="list-item" data-field=${field}>
        <span class="list-label">${t('policy.warnPercentLabel')}</span>
        <input id=${id} class="amount-input" type="number" inputmode="numeric" step="1" .value=${value} ?disabled=${e.busy}
          aria-invalid=${errors.length ? 'true' : 'false'} aria-describedby=${id + '-error'} aria-label=${t('policy.warnPercentLabel')}
          @input=${change((v) => { d.percent[i] = v; })}><span>%</span>
        <button type="button" class="btn btn-small btn-quiet" data-remove=${field} ?disabled=${e.busy} aria-label=${t('policy.remove')}
          @click=${() => { d.percent.splice(i, 1); e.dirty = true; ctx.update(); }}>${icon('trash')}</button>
        ${errorLine(errors, id + '-error')}
      </li>`;
    };
    const beforeItem = (l, i) => {
      const field = `warnings.before[${i}]`;
      const errors = take((f) => f === field);
      const id = `pe-warn-before-${i}`;
      return html`<li class="list-item" data-field=${field}>
        <span class="list-label">${t('policy.warnBeforeLabel')}</span>
        ${amountInput(id + '-amount', l.amount, change((v) => { l.amount = v; }), e.busy, errors.length > 0, id + '-error', t('policy.warnBeforeLabel'))}
        ${unitSelect(id + '-unit', l.unit, change((v) => { l.unit = v; }), e.busy, errors.length > 0)}
        <button type="button" class="btn btn-small btn-quiet" data-remove=${field} ?disabled=${e.busy} aria-label=${t('policy.remove')}
          @click=${() => { d.before.splice(i, 1); e.dirty = true; ctx.update(); }}>${icon('trash')}</button>
        ${errorLine(errors, id + '-error')}
      </li>`;
    };
    const levelItem = (l, i) => {
      const at = `escalation[${i}]`;
      const afterErrors = take((f) => f === at + '.after' || f === at);
      const notifyErrors = take((f) => f === at + '.notify' || f.startsWith(at + '.notify['));
      const id = `pe-esc-${i}`;
      return html`<li class="level-item" data-level=${i + 1}>
        <div class="level-item-head">
          <strong>${t('leadership.levelN', { n: i + 1 })} · ${levelLabel(i + 1)}</strong>
          <button type="button" class="btn btn-small btn-quiet" data-remove=${at} ?disabled=${e.busy} aria-label=${t('policy.removeLevel', { n: i + 1 })}
            @click=${() => { d.escalation.splice(i, 1); e.dirty = true; ctx.update(); }}>${icon('trash')}<span>${t('policy.remove')}</span></button>
        </div>
        <div class="level-item-body">
          <div class="field">
            <label for=${id + '-after-amount'}>${t('policy.after')}</label>
            <div class="limit-inputs">
              ${amountInput(id + '-after-amount', l.after.amount, change((v) => { l.after.amount = v; }), e.busy, afterErrors.length > 0, id + '-after-error', t('policy.after'))}
              ${unitSelect(id + '-after-unit', l.after.unit, change((v) => { l.after.unit = v; }), e.busy, afterErrors.length > 0)}
            </div>
            ${errorLine(afterErrors, id + '-after-error')}
          </div>
          <fieldset class="field" aria-describedby=${id + '-notify-error'}>
            <legend>${t('policy.notify')}</legend>
            <div class="role-checks">
              ${NOTIFY_TARGETS.map((target) => html`<label class="check role-check" for=${id + '-notify-' + target}>
                <input type="checkbox" id=${id + '-notify-' + target} .checked=${l.notify.includes(target)} ?disabled=${e.busy}
                  aria-invalid=${notifyErrors.length ? 'true' : 'false'}
                  @change=${(ev) => {
                    if (ev.target.checked && !l.notify.includes(target)) l.notify.push(target);
                    if (!ev.target.checked) l.notify = l.notify.filter((x) => x !== target);
                    e.dirty = true;
                    ctx.update();
                  }}><span>${notifyLabel(target)}</span></label>`)}
            </div>
            ${errorLine(notifyErrors, id + '-notify-error')}
          </fieldset>
        </div>
      </li>`;
    };

    const keyErrors = (field) => take((f) => f === field);
    const next = e.base ? e.base.version + 1 : null;
    const title = e.mode === 'override' && !e.base
      ? t('policy.newOverride')
      : t('policy.editTitle', { name: policyName(e.base || e), v: e.base ? e.base.version : '' });
    const categoryOptions = flattenForSelect(state.categories);
    const content = html`
      ${e.mode === 'override' && !e.base ? html`<div class="form-grid form-grid-3 override-keys">
        <div class="field">
          <label for="pe-category">${t('policy.col.category')}<span class="req" aria-hidden="true">*</span></label>
          <select id="pe-category" ?disabled=${e.busy} aria-invalid=${errorsOf(err, (f) => f === 'categoryId').length ? 'true' : 'false'}
            aria-describedby="pe-category-error" @change=${(ev) => { e.categoryId = ev.target.value || null; ctx.update(); }}>
            <option value="" ?selected=${!e.categoryId}>${t('common.select')}</option>
            ${categoryOptions.map((o) => html`<option value=${String(o.id)} ?selected=${String(o.id) === String(e.categoryId)}>${o.label}</option>`)}
          </select>
          ${errorLine(keyErrors('categoryId'), 'pe-category-error')}
        </div>
        <div class="field">
          <label for="pe-type">${t('policy.col.type')}</label>
          <select id="pe-type" ?disabled=${e.busy} @change=${(ev) => setOverrideKey('type', ev.target.value)}>
            ${TYPES.map((v) => html`<option value=${v} ?selected=${v === e.type}>${typeLabel(v)}</option>`)}
          </select>
          ${errorLine(keyErrors('type'), 'pe-type-error')}
        </div>
        <div class="field">
          <label for="pe-urgency">${t('policy.col.urgency')}</label>
          <select id="pe-urgency" ?disabled=${e.busy} @change=${(ev) => setOverrideKey('urgency', ev.target.value)}>
            ${URGENCIES.map((v) => html`<option value=${v} ?selected=${v === e.urgency}>${urgencyLabel(v)}</option>`)}
          </select>
          ${errorLine(keyErrors('urgency'), 'pe-urgency-error')}
        </div>
      </div>
      <p class="field-hint">${t('policy.overrideHint')}</p>` : nothing}
      <div class="policy-editor-grid">
        <fieldset class="editor-section">
          <legend>${t('policy.limits')}</legend>
          ${CLOCK_KINDS.map(limitRow)}
        </fieldset>
        <fieldset class="editor-section">
          <legend>${t('policy.col.warnings')}</legend>
          <p class="field-hint">${t('policy.warningsHint')}</p>
          <ul class="edit-list" id="pe-warn-percent">${d.percent.map(percentItem)}</ul>
          <ul class="edit-list" id="pe-warn-before">${d.before.map(beforeItem)}</ul>
          ${errorLine(take((f) => f === 'warnings' || f === 'warnings.percent' || f === 'warnings.before'), 'pe-warnings-error')}
          <div class="edit-list-actions">
            <button type="button" class="btn btn-small" id="pe-add-percent" ?disabled=${e.busy}
              @click=${() => { d.percent.push('75'); e.dirty = true; ctx.update(); }}>${icon('plus')}<span>${t('policy.addPercent')}</span></button>
            <button type="button" class="btn btn-small" id="pe-add-before" ?disabled=${e.busy}
              @click=${() => { d.before.push({ amount: '1', unit: 'working_days' }); e.dirty = true; ctx.update(); }}>${icon('plus')}<span>${t('policy.addBefore')}</span></button>
          </div>
        </fieldset>
        <fieldset class="editor-section editor-section-wide">
          <legend>${t('policy.col.escalation')}</legend>
          <p class="field-hint">${t('policy.escalationHint')}</p>
          <ol class="level-list" id="pe-levels">${d.escalation.map(levelItem)}</ol>
          ${errorLine(take((f) => f === 'escalation'), 'pe-escalation-error')}
          <button type="button" class="btn btn-small" id="pe-add-level" ?disabled=${e.busy || d.escalation.length >= MAX_LEVELS}
            @click=${() => { d.escalation.push({ after: { amount: '1', unit: 'working_days' }, notify: [] }); e.dirty = true; ctx.update(); }}>
            ${icon('plus')}<span>${t('policy.addLevel', { max: MAX_LEVELS })}</span></button>
        </fieldset>
      </div>
      <div class="field">
        <label for="pe-note">${t('policy.note')}</label>
        <input id="pe-note" maxlength="500" .value=${e.note} ?disabled=${e.busy} placeholder=${t('policy.notePlaceholder')}
          @input=${(ev) => { e.note = ev.target.value; }}>
        ${errorLine(keyErrors('note'), 'pe-note-error')}
      </div>`;
    // Rendered first so that `shown` knows which fields sit next to their inputs.
    return html`<section class="card policy-editor" id="policy-editor" data-mode=${e.mode} aria-labelledby="policy-editor-title">
      <div class="card-head"><h2 class="card-title" id="policy-editor-title">${icon('edit')}<span>${title}</span></h2>
        <button type="button" class="btn btn-quiet btn-small" @click=${closeEditor} ?disabled=${e.busy}>${t('common.cancel')}</button></div>
      <form class="card-body" id="policy-form" novalidate autocomplete="off" @submit=${save}
        @keydown=${(ev) => { if (ev.key === 'Escape') closeEditor(); }}>
        ${content}
        ${err ? html`<div id="policy-error">${problemBox(summaryOf(err, shown), { shownFields: [...shown] })}</div>` : nothing}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" id="policy-save" ?disabled=${e.busy}>
            ${e.busy ? html`<span class="spinner spinner-light" aria-hidden="true"></span>` : nothing}<span>${next ? t('policy.saveAs', { v: next }) : t('common.save')}</span></button>
          <button type="button" class="btn" @click=${closeEditor} ?disabled=${e.busy}>${t('common.cancel')}</button>
          <span class="spacer"></span>
          <span class="muted small">${t('policy.keepHint')}</span>
        </div>
      </form>
    </section>`;
  }

  function historyView() {
    const h = state.history;
    if (!h) return nothing;
    let body;
    if (h.loading) body = loadingState();
    else if (h.error) body = html`<div class="card-body">${problemBox(h.error)}</div>`;
    else if (!h.items.length) body = emptyState(t('common.noData'));
    else {
      body = html`<div class="table-wrap"><table class="data-table data-table-dense" id="history-table">
        <thead><tr>
          <th scope="col">${t('policy.col.version')}</th><th scope="col">${t('policy.col.from')}</th><th scope="col">${t('policy.col.until')}</th>
          ${CLOCK_KINDS.map((k) => html`<th scope="col">${t('policy.limit.' + k)}</th>`)}
          <th scope="col">${t('policy.col.by')}</th><th scope="col">${t('policy.note')}</th>
        </tr></thead>
        <tbody>${h.items.map((v, i) => {
          const older = h.items[i + 1];
          const current = !v.supersededAt && !v.retired;
          return html`<tr data-version=${String(v.version)} class=${classMap({ 'row-current': current, 'row-disabled': !current })}>
            <td class="nowrap"><span class="badge badge-version">${t('policy.versionN', { v: v.version })}</span>
              ${current ? html` <span class="badge badge-ok">${t('policy.current')}</span>` : v.retired ? html` <span class="badge badge-muted">${t('policy.retiredBadge')}</span>` : nothing}</td>
            <td class="nowrap num small">${formatDateTime(v.createdAt)}</td>
            <td class="nowrap num small">${v.supersededAt ? formatDateTime(v.supersededAt) : html`<span class="muted">—</span>`}</td>
            ${CLOCK_KINDS.map((k) => {
              const changed = older && limitText(older.rules && older.rules[k]) !== limitText(v.rules && v.rules[k]);
              return html`<td class=${classMap({ nowrap: true, 'cell-changed': !!changed })} data-limit=${k}>${limitText(v.rules && v.rules[k])}</td>`;
            })}
            <td class="nowrap">${createdByName(v)}</td>
            <td class="small">${v.note || html`<span class="muted">—</span>`}</td>
          </tr>`;
        })}</tbody>
      </table></div>`;
    }
    return html`<section class="card" id="policy-history" aria-labelledby="policy-history-title">
      <div class="card-head"><h2 class="card-title" id="policy-history-title">${icon('history')}<span>${t('policy.historyTitle', { name: policyName(h.policy) })}</span>
        <span class="card-meta">${t('policy.historyMeta')}</span></h2>
        <button type="button" class="btn btn-quiet btn-small" id="policy-history-close" @click=${() => { state.history = null; ctx.update(); }}>${t('policy.closeHistory')}</button></div>
      ${body}
    </section>`;
  }

  return {
    load,
    onLangChange() {
      ctx.update();
    },
    view() {
      const actions = html`<button type="button" class="btn" id="policy-new-override" ?disabled=${state.loading || !!state.error}
        @click=${openOverride}>${icon('plus')}<span>${t('policy.addOverride')}</span></button>`;
      if (state.loading) return html`${pageHeader('page.admin-policies', 'policy.desc')}${loadingState()}`;
      if (state.error && !state.policies.length) {
        return html`${pageHeader('page.admin-policies', 'policy.desc')}${problemBox(state.error, { id: 'policy-load-error' })}`;
      }
      return html`
        ${pageHeader('page.admin-policies', 'policy.desc', actions)}
        ${notice('info', html`<p>${t('policy.versionNotice')}</p>`)}
        ${editorView()}
        ${historyView()}
        <section class="card" id="policy-defaults" aria-labelledby="policy-defaults-title">
          <div class="card-head"><h2 class="card-title" id="policy-defaults-title">${icon('clock')}<span>${t('policy.defaultsTitle')}</span>
            <span class="card-meta">${t('policy.defaultsMeta')}</span></h2>
            <span class="card-meta chain-legend">${t('policy.chainLegend')}</span></div>
          ${defaultsTable()}
        </section>
        <section class="card" id="policy-overrides" aria-labelledby="policy-overrides-title">
          <div class="card-head"><h2 class="card-title" id="policy-overrides-title">${icon('tag')}<span>${t('policy.overridesTitle')}</span>
            <span class="card-meta">${t('policy.overridesMeta')}</span></h2>
            <button type="button" class="btn btn-small" id="policy-new-override-2" @click=${openOverride}>${icon('plus')}<span>${t('policy.addOverride')}</span></button></div>
          ${state.retireError ? html`<div class="card-body card-body-tight">${problemBox(state.retireError, { id: 'policy-retire-error' })}</div>` : nothing}
          ${overridesTable()}
        </section>`;
    },
  };
}
