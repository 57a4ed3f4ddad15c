// 考核报告 — the assessment reports: a day, week, month, quarter or year for every assessed unit (GET /assessment),
// ranked within its kind, with every number a link to the orders behind it (GET /assessment/orders), the same report
// as CSV, XLSX and a printable PDF (GET /assessment/report), the score's weights (GET/PUT /assessment/weights) and
// the indicator definitions with their formulas.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { serverNow } from '../api.js';
import { pageHeader, icon, emptyState, tabs, kindLabel, errorMessage, formatNumber, formatDateTime, problemBox } from '../ui.js';
import { statusLabel } from '../orders.js';
import { card } from './frame.js';
import { percent } from './leadership.js';

const KINDS = ['day', 'week', 'month', 'quarter', 'year'];
const UNIT_KINDS = ['district_government', 'street_office', 'city_bureau', 'enterprise'];

/** The columns of the unit table: the value shown and, for drill-down, the orders behind it. */
const COLUMNS = [
  { id: 'received', measure: 'received' },
  { id: 'onTimeSigningRate', rate: true, measure: 'signLate' },
  { id: 'onTimeCompletionRate', rate: true, measure: 'handleLate' },
  { id: 'responseRate', rate: true, measure: 'notContacted' },
  { id: 'resolutionRate', rate: true, measure: 'unresolved' },
  { id: 'satisfactionRate', rate: true, measure: 'dissatisfied' },
  { id: 'returnRate', rate: true, measure: 'returned' },
  { id: 'rehandlingRate', rate: true, measure: 'rehandled' },
  { id: 'overdue', measure: 'overdue' },
  { id: 'kbStaleArticles' },
];

/** The indicator definitions (the help): name and formula keys per indicator. */
const DEFINITIONS = ['received', 'onTimeSigningRate', 'onTimeCompletionRate', 'responseRate', 'resolutionRate',
  'satisfactionRate', 'returnRate', 'rehandlingRate', 'overdue', 'directAnswerRate', 'kbStaleArticles', 'score'];

const pad = (n) => String(n).padStart(2, '0');
const ymd = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** ISO week-based year and week of a date (weeks start on Monday; week 1 holds the year's first Thursday). */
function isoWeek(date) {
  const d = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  return { year: d.getUTCFullYear(), week: Math.ceil(((d - yearStart) / 86400000 + 1) / 7) };
}

/** The period of a kind containing a date, as the API writes it. */
export function periodOf(kind, d) {
  switch (kind) {
    case 'day': return ymd(d);
    case 'week': { const w = isoWeek(d); return `${w.year}-W${pad(w.week)}`; }
    case 'quarter': return `${d.getFullYear()}-Q${Math.floor(d.getMonth() / 3) + 1}`;
    case 'year': return String(d.getFullYear());
    default: return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
  }
}

/** A date inside the given period (its first day), or null when the text is not one. */
function startOf(kind, text) {
  let m;
  if (kind === 'day' && (m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text))) return new Date(+m[1], +m[2] - 1, +m[3]);
  if (kind === 'week' && (m = /^(\d{4})-W(\d{2})$/i.exec(text))) {
    const jan4 = new Date(+m[1], 0, 4);
    const monday = new Date(jan4);
    monday.setDate(jan4.getDate() - ((jan4.getDay() || 7) - 1) + (+m[2] - 1) * 7);
    return monday;
  }
  if (kind === 'month' && (m = /^(\d{4})-(\d{2})$/.exec(text))) return new Date(+m[1], +m[2] - 1, 1);
  if (kind === 'quarter' && (m = /^(\d{4})-Q([1-4])$/i.exec(text))) return new Date(+m[1], (+m[2] - 1) * 3, 1);
  if (kind === 'year' && (m = /^(\d{4})$/.exec(text))) return new Date(+m[1], 0, 1);
  return null;
}

/** The period {@code steps} periods after (or before, when negative) the given one. */
function shift(kind, text, steps) {
  const d = startOf(kind, text) || serverNow();
  if (kind === 'day') d.setDate(d.getDate() + steps);
  else if (kind === 'week') d.setDate(d.getDate() + 7 * steps);
  else if (kind === 'month') d.setMonth(d.getMonth() + steps);
  else if (kind === 'quarter') d.setMonth(d.getMonth() + 3 * steps);
  else d.setFullYear(d.getFullYear() + steps);
  return periodOf(kind, d);
}

const canSetWeights = (user) => (user.roles || []).some((r) => r === 'leader' || r === 'admin');

export function create(ctx) {
  const state = {
    kind: 'month', period: periodOf('month', serverNow()), unitKind: UNIT_KINDS[0],
    report: null, error: null, loading: false,
    drill: null, // {unitId, unitName, measure, items, next, loading, error}
    weights: null, weightsError: null, editing: false, saving: false, saveError: null,
  };

  async function loadReport() {
    state.loading = true;
    state.error = null;
    ctx.update();
    try {
      state.report = await ctx.api.get('/assessment?period=' + encodeURIComponent(state.period));
    } catch (err) {
      state.error = err;
      state.report = null;
    }
    state.loading = false;
    ctx.update();
  }

  async function loadWeights() {
    try {
      state.weights = await ctx.api.get('/assessment/weights');
      state.weightsError = null;
    } catch (err) {
      state.weightsError = err;
    }
  }

  function choosePeriod(kind, period) {
    state.kind = kind;
    state.period = period;
    state.drill = null;
    loadReport();
  }

  async function drill(unitId, unitName, measure, more = false) {
    const d = more && state.drill ? state.drill : { unitId, unitName, measure, items: [], next: null };
    d.loading = true;
    d.error = null;
    state.drill = d;
    ctx.update();
    try {
      const q = new URLSearchParams({ period: state.period, measure, limit: '50' });
      if (unitId !== null) q.set('unitId', String(unitId));
      if (more && d.next) q.set('after', String(d.next));
      const page = await ctx.api.get('/assessment/orders?' + q.toString());
      d.items = d.items.concat(page.items);
      d.next = page.next;
    } catch (err) {
      d.error = err;
    }
    d.loading = false;
    ctx.update();
    const panel = document.getElementById('assessment-drill');
    if (panel && !more) panel.scrollIntoView({ block: 'nearest' });
  }

  async function saveWeights(e) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    state.saving = true;
    state.saveError = null;
    ctx.update();
    try {
      const body = {
        response: Number(f.get('response')), resolution: Number(f.get('resolution')),
        satisfaction: Number(f.get('satisfaction')), reason: String(f.get('reason') || ''),
      };
      const from = String(f.get('effectiveFrom') || '');
      if (from) body.effectiveFrom = from;
      await ctx.api.put('/assessment/weights', body);
      state.editing = false;
      await loadWeights();
      await loadReport();
      ctx.toast(t('assessment.weightsSaved'));
    } catch (err) {
      state.saveError = err;
    }
    state.saving = false;
    ctx.update();
  }

  function cell(u, c) {
    const v = u[c.id];
    const shown = c.rate ? percent(v) : v === null || v === undefined ? '—' : formatNumber(v);
    if (!c.measure) return html`<td class="num">${shown}</td>`;
    // A rate links to the orders that fell short of it; a count to the orders it counts.
    const behind = c.rate ? u[c.measure] : v;
    if (!behind) return html`<td class="num">${shown}</td>`;
    const label = t('assessment.drillTitle', { unit: u.unitName, measure: t('assessment.measure.' + c.measure) });
    return html`<td class="num"><button type="button" class="link-button" data-measure=${c.measure} title=${label} aria-label=${label}
      @click=${() => drill(u.unitId, u.unitName, c.measure)}>${shown}</button></td>`;
  }

  function summary() {
    const r = state.report;
    const c = r.centre || {};
    const tile = (id, value, note, action) => html`<article class="tile tile-kpi" data-kpi=${id}>
        <p class="tile-label">${t('assessment.kpi.' + id)}</p>
        <p class="tile-value">${action ? html`<button type="button" class="link-button" @click=${action}>${value}</button>` : value}</p>
        <p class="tile-note">${note}</p></article>`;
    const prev = (v, rate) => t('assessment.previous', { v: rate ? percent(v) : formatNumber(v), period: r.previous.period });
    return html`<div class="tiles tiles-6" id="assessment-kpis">
      ${tile('taken', formatNumber(c.taken), t('assessment.centreNote'), c.taken ? () => drill(null, t('unitKind.center'), 'taken') : null)}
      ${tile('directAnswerRate', percent(c.directAnswerRate), t('assessment.directNote', { n: formatNumber(c.answeredDirectly) }),
        c.answeredDirectly ? () => drill(null, t('unitKind.center'), 'answeredDirectly') : null)}
      ${tile('received', formatNumber(r.total.received), prev(r.previous.received))}
      ${tile('onTimeCompletionRate', percent(r.total.onTimeCompletionRate), prev(r.previous.onTimeCompletionRate, true))}
      ${tile('satisfactionRate', percent(r.total.satisfactionRate), prev(r.previous.satisfactionRate, true))}
      ${tile('overdue', formatNumber(r.total.overdue), prev(r.previous.overdue))}
    </div>`;
  }

  function table() {
    const rows = state.report.units.filter((u) => u.unitKind === state.unitKind);
    if (!rows.length) return emptyState(t('assessment.noUnits'));
    return html`<div class="table-wrap"><table class="table table-compact" id="assessment-table">
      <thead><tr><th>${t('assessment.rank')}</th><th>${t('assessment.unit')}</th>
        ${COLUMNS.map((c) => html`<th class="num">${t('assessment.col.' + c.id)}</th>`)}
        <th class="num">${t('assessment.col.score')}</th></tr></thead>
      <tbody>${rows.map((u) => html`<tr data-unit=${u.unitId}>
        <td>${u.rank === null ? '—' : u.rank}</td><td>${u.unitName}</td>
        ${COLUMNS.map((c) => cell(u, c))}
        <td class="num"><strong>${u.score === null ? '—' : u.score.toFixed(2)}</strong></td></tr>`)}</tbody>
    </table></div>
    <p class="muted small">${t('assessment.tableNote')}</p>`;
  }

  function drillView() {
    const d = state.drill;
    if (!d) return nothing;
    const title = t('assessment.drillTitle', { unit: d.unitName, measure: t('assessment.measure.' + d.measure) });
    return html`<section class="card" id="assessment-drill" aria-live="polite">
      <div class="card-head"><h2 class="card-title">${icon('search')}<span>${title}</span></h2>
        <button type="button" class="btn btn-small btn-quiet" id="assessment-drill-close" @click=${() => { state.drill = null; ctx.update(); }}>${t('common.close')}</button></div>
      <div class="card-body">
        ${d.error ? problemBox(d.error) : nothing}
        ${!d.items.length && !d.loading ? emptyState(t('assessment.drillEmpty')) : html`<table class="table table-compact" id="assessment-drill-table">
          <thead><tr><th>${t('assessment.drill.at')}</th><th>${t('assessment.drill.number')}</th><th>${t('assessment.drill.category')}</th>
            <th>${t('assessment.drill.area')}</th><th>${t('assessment.drill.excerpt')}</th><th>${t('assessment.drill.status')}</th></tr></thead>
          <tbody>${d.items.map((o) => html`<tr data-order=${o.orderId}>
            <td class="nowrap">${formatDateTime(o.at)}</td>
            <td class="nowrap"><a href=${'#/orders/' + o.orderId}>${o.number || '#' + o.orderId}</a></td>
            <td>${o.category || '—'}</td><td>${o.area || '—'}</td>
            <td>${o.excerpt === null ? html`<span class="muted">${t('assessment.confidential')}</span>` : o.excerpt}</td>
            <td>${statusLabel(o.status)}</td></tr>`)}</tbody></table>`}
        <p class="muted small">${t('assessment.drillCount', { n: formatNumber(d.items.length) })}
          ${d.next ? html`<button type="button" class="btn btn-small btn-quiet" id="assessment-drill-more" ?disabled=${d.loading} @click=${() => drill(d.unitId, d.unitName, d.measure, true)}>${t('assessment.more')}</button>` : nothing}
          ${d.loading ? t('common.loading') : nothing}</p>
      </div></section>`;
  }

  function weightsView() {
    const w = state.weights;
    if (state.weightsError) return emptyState(t('assessment.weightsUnavailable'), errorMessage(state.weightsError));
    if (!w) return html`<p class="muted">${t('common.loading')}</p>`;
    const used = state.report ? state.report.weights : w;
    const form = state.editing ? html`<form class="form-grid" id="assessment-weights-form" @submit=${saveWeights} novalidate>
        ${['response', 'resolution', 'satisfaction'].map((k) => html`<label class="field"><span>${t('assessment.col.' + k + 'Rate')} %</span>
          <input type="number" name=${k} min="0" max="100" step="1" required .value=${String(w[k])}></label>`)}
        <label class="field"><span>${t('assessment.effectiveFrom')}</span><input type="month" name="effectiveFrom" .value=${periodOf('month', serverNow())}></label>
        <label class="field field-wide"><span>${t('assessment.reason')}</span><input name="reason" required maxlength="500" id="assessment-weights-reason"></label>
        ${state.saveError ? html`<div class="field-wide">${problemBox(state.saveError, { id: 'assessment-weights-error' })}</div>` : nothing}
        <div class="form-actions field-wide">
          <button class="btn btn-primary" type="submit" id="assessment-weights-save" ?disabled=${state.saving}>${t('common.save')}</button>
          <button class="btn btn-quiet" type="button" @click=${() => { state.editing = false; ctx.update(); }}>${t('common.cancel')}</button>
        </div></form>` : nothing;
    return html`<p id="assessment-weights">${t('assessment.weightsUsed', { period: state.report ? state.report.period : '', r: used.response, s: used.resolution, f: used.satisfaction })}</p>
      <p class="muted small">${t('assessment.weightsNow', { r: w.response, s: w.resolution, f: w.satisfaction })}</p>
      ${w.history.length ? html`<ul class="plain-list small">${w.history.slice(0, 5).map((h) => html`<li>${h.effectiveFrom}：${h.response}/${h.resolution}/${h.satisfaction} — ${h.reason}</li>`)}</ul>` : nothing}
      ${canSetWeights(ctx.user) && !state.editing ? html`<button type="button" class="btn btn-small" id="assessment-weights-edit" @click=${() => { state.editing = true; ctx.update(); }}>${icon('edit')}<span>${t('assessment.editWeights')}</span></button>` : nothing}
      ${form}`;
  }

  function help() {
    return html`<details class="help" id="assessment-help"><summary>${icon('info')}<span>${t('assessment.helpTitle')}</span></summary>
      <dl class="definitions">${DEFINITIONS.map((k) => html`<div><dt>${t('assessment.def.' + k)}</dt><dd>${t('assessment.formula.' + k)}</dd></div>`)}</dl>
      <p class="muted small">${t('assessment.helpNote')}</p></details>`;
  }

  function controls() {
    const file = (format) => `/api/v1/assessment/report?period=${encodeURIComponent(state.period)}&format=${format}`;
    return html`<div class="report-toolbar" id="assessment-controls">
      <div class="segmented" role="group" aria-label=${t('assessment.kind')}>
        ${KINDS.map((k) => html`<button type="button" data-kind=${k} class=${'btn btn-small' + (state.kind === k ? ' btn-primary' : ' btn-quiet')}
          aria-pressed=${state.kind === k ? 'true' : 'false'} @click=${() => choosePeriod(k, periodOf(k, serverNow()))}>${t('assessment.kind.' + k)}</button>`)}
      </div>
      <button type="button" class="btn btn-small btn-quiet" id="assessment-prev" aria-label=${t('assessment.prev')} @click=${() => choosePeriod(state.kind, shift(state.kind, state.period, -1))}>‹</button>
      <label><span class="sr-only">${t('assessment.period')}</span>
        <input id="assessment-period" .value=${state.period} size="10" @change=${(e) => choosePeriod(state.kind, e.target.value.trim())}></label>
      <button type="button" class="btn btn-small btn-quiet" id="assessment-next" aria-label=${t('assessment.next')} @click=${() => choosePeriod(state.kind, shift(state.kind, state.period, 1))}>›</button>
      <span class="spacer"></span>
      <a class="btn btn-small btn-quiet" id="assessment-csv" href=${file('csv')} download>CSV</a>
      <a class="btn btn-small btn-quiet" id="assessment-xlsx" href=${file('xlsx')} download>Excel</a>
      <a class="btn btn-small btn-quiet" id="assessment-pdf" href=${file('pdf')} target="_blank" rel="noopener">${t('assessment.pdf')}</a>
    </div>`;
  }

  return {
    async load() {
      await Promise.all([loadReport(), loadWeights()]);
    },
    view() {
      const r = state.report;
      let body;
      if (state.error) body = html`<section class="card"><div class="card-body">${problemBox(state.error, { id: 'assessment-error' })}</div></section>`;
      else if (!r) body = html`<p class="muted">${t('common.loading')}</p>`;
      else {
        body = html`
          <p class="muted" id="assessment-range">${t('assessment.range', { name: t('assessment.kind.' + state.kind), period: r.period, from: r.from, to: r.to })}</p>
          ${summary()}
          ${card('assessment.ranking', html`
            ${tabs(UNIT_KINDS.map((k) => ({ id: k, label: kindLabel(k) })), state.unitKind, (id) => { state.unitKind = id; ctx.update(); }, t('assessment.ranking'))}
            ${table()}`, { iconName: 'chart', id: 'assessment-ranking' })}
          ${drillView()}`;
      }
      return html`
        ${pageHeader('page.assessment', 'assessment.desc')}
        ${controls()}
        ${state.loading && r ? html`<p class="muted small">${t('common.loading')}</p>` : nothing}
        ${body}
        <div class="grid-2">
          ${card('assessment.weights', weightsView(), { iconName: 'tag', id: 'assessment-weights-card' })}
          ${card('assessment.help', help(), { iconName: 'book', id: 'assessment-help-card' })}
        </div>`;
    },
  };
}
