// 工作日历 — the working-day calendar deadlines count on: a year's public holidays (法定节假日) and make-up working
// days (调休上班), the exceptions to Monday–Friday. Admins enter next year's arrangement once the State Council
// publishes it (GET/PUT/DELETE /calendar/days). #/admin-calendar/2027 opens a year.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { repeat } from '/webjars/lit-html/3.3.1/directives/repeat.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { t } from '../i18n.js';
import { seg, ApiError } from '../api.js';
import { replaceHash } from '../router.js';
import { pageHeader, loadingState, problemBox, fieldError, emptyState, icon, notice, formatNumber } from '../ui.js';

const KINDS = ['HOLIDAY', 'WORKDAY'];
const FIELDS = ['date', 'kind', 'name'];

function parseDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text || ''));
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) || d.getMonth() !== Number(m[2]) - 1 ? null : d;
}

function weekday(text) {
  const d = parseDate(text);
  return d ? d.getDay() : -1;
}

const isWeekend = (text) => [0, 6].includes(weekday(text));

export function create(ctx) {
  const thisYear = new Date().getFullYear();
  const asked = ctx.params && /^\d{4}$/.test(ctx.params[0] || '') ? Number(ctx.params[0]) : null;
  const state = {
    year: asked || thisYear,
    days: [],
    entered: true,
    loading: true,
    error: null,
    form: { date: '', kind: 'HOLIDAY', name: '', busy: false, error: null, editing: false },
    confirm: null, // the date whose removal waits for confirmation
    rowBusy: new Set(),
    rowError: null,
  };

  async function loadYear() {
    state.loading = true;
    state.error = null;
    try {
      const answer = await ctx.api.get('/calendar/days?year=' + state.year);
      state.days = ((answer && answer.days) || []).slice().sort((a, b) => a.date.localeCompare(b.date));
      state.entered = !!(answer && answer.entered);
    } catch (err) {
      state.error = err;
      state.days = [];
    }
    state.loading = false;
  }

  async function showYear(year) {
    if (year < 2000 || year > 2100) return;
    state.year = year;
    state.confirm = null;
    state.rowError = null;
    replaceHash('#/admin-calendar/' + year);
    if (!state.form.editing && !state.form.date) state.form.error = null;
    ctx.update();
    await loadYear();
    ctx.update();
  }

  // ---- add / change ----

  function edit(day) {
    state.form = { date: day.date, kind: day.kind, name: day.name || '', busy: false, error: null, editing: true };
    ctx.update();
    requestAnimationFrame(() => {
      const el = document.getElementById('day-name');
      if (el) {
        el.focus();
        el.select();
      }
    });
  }

  function resetForm() {
    state.form = { date: '', kind: 'HOLIDAY', name: '', busy: false, error: null, editing: false };
    ctx.update();
  }

  async function submit(e) {
    e.preventDefault();
    const f = state.form;
    if (f.busy) return;
    const missing = [];
    if (!parseDate(f.date)) missing.push({ field: 'date', message: t('calendar.err.date') });
    if (!KINDS.includes(f.kind)) missing.push({ field: 'kind', message: t('af.required') });
    if (missing.length) {
      f.error = new ApiError(400, { detail: t('af.fixFields'), errors: missing }, null);
      ctx.update();
      return;
    }
    f.busy = true;
    f.error = null;
    ctx.update();
    const body = { kind: f.kind };
    if (f.name.trim()) body.name = f.name.trim();
    try {
      await ctx.api.put('/calendar/days/' + seg(f.date), body);
      const year = Number(f.date.slice(0, 4));
      ctx.toast(f.editing ? 'calendar.updated' : 'calendar.added', { date: f.date, kind: t('calendar.kind.' + f.kind) });
      state.form = { date: '', kind: f.kind, name: f.name, busy: false, error: null, editing: false };
      if (year !== state.year) await showYear(year);
      else {
        await loadYear();
        ctx.update();
      }
      ctx.calendarChanged();
      const input = document.getElementById('day-date');
      if (input) input.focus();
    } catch (err) {
      f.busy = false;
      f.error = err;
      ctx.update();
    }
  }

  // ---- remove ----

  async function remove(day) {
    if (state.confirm !== day.date) {
      state.confirm = day.date;
      ctx.update();
      requestAnimationFrame(() => {
        const btn = document.querySelector(`tr[data-date="${day.date}"] [data-action="confirm-delete"]`);
        if (btn) btn.focus();
      });
      return;
    }
    state.rowBusy.add(day.date);
    state.rowError = null;
    ctx.update();
    try {
      await ctx.api.delete('/calendar/days/' + seg(day.date));
      ctx.toast('calendar.removed', { date: day.date });
      state.confirm = null;
      await loadYear();
      ctx.calendarChanged();
    } catch (err) {
      state.rowError = err;
    }
    state.rowBusy.delete(day.date);
    ctx.update();
  }

  // ---- views ----

  function yearBar() {
    const years = [];
    for (let y = thisYear - 2; y <= thisYear + 2; y++) years.push(y);
    if (!years.includes(state.year)) years.push(state.year);
    years.sort((a, b) => a - b);
    return html`<div class="year-bar" role="group" aria-label=${t('calendar.year')}>
      <button type="button" class="btn btn-small" id="year-prev" aria-label=${t('calendar.prevYear')} @click=${() => showYear(state.year - 1)}
        ?disabled=${state.loading}><span aria-hidden="true">‹</span></button>
      <label class="sr-only" for="year-select">${t('calendar.year')}</label>
      <select id="year-select" .value=${String(state.year)} ?disabled=${state.loading} @change=${(e) => showYear(Number(e.target.value))}>
        ${years.map((y) => html`<option value=${String(y)} ?selected=${y === state.year}>${t('calendar.yearN', { y })}</option>`)}
      </select>
      <button type="button" class="btn btn-small" id="year-next" aria-label=${t('calendar.nextYear')} @click=${() => showYear(state.year + 1)}
        ?disabled=${state.loading}><span aria-hidden="true">›</span></button>
    </div>`;
  }

  /** Holidays and make-up days grouped by name: "春节 8 天 · 调休上班 2 天". */
  function summary() {
    const groups = new Map();
    for (const d of state.days) {
      const name = d.name || t('calendar.unnamed');
      if (!groups.has(name)) groups.set(name, { HOLIDAY: 0, WORKDAY: 0, first: d.date });
      groups.get(name)[d.kind] += 1;
    }
    const holidays = state.days.filter((d) => d.kind === 'HOLIDAY').length;
    const workdays = state.days.length - holidays;
    return html`<div class="calendar-summary" id="calendar-summary">
      <p><span class="chip chip-bad">${t('calendar.holidays', { n: formatNumber(holidays) })}</span>
        <span class="chip chip-mid">${t('calendar.workdays', { n: formatNumber(workdays) })}</span></p>
      ${groups.size ? html`<ul class="calendar-groups">${[...groups.entries()].map(([name, g]) => html`<li>
        <strong>${name}</strong>
        ${g.HOLIDAY ? html`<span>${t('calendar.groupHolidays', { n: g.HOLIDAY })}</span>` : nothing}
        ${g.WORKDAY ? html`<span class="muted">${t('calendar.groupWorkdays', { n: g.WORKDAY })}</span>` : nothing}
      </li>`)}</ul>` : nothing}
    </div>`;
  }

  function daysTable() {
    if (state.loading && !state.days.length) return loadingState();
    if (state.error) return html`<div class="card-body">${problemBox(state.error, { id: 'calendar-error' })}</div>`;
    if (!state.days.length) {
      return emptyState(t('calendar.emptyYear', { y: state.year }), t('calendar.emptyHint'));
    }
    return html`<div class="table-wrap"><table class="data-table data-table-dense" id="calendar-table">
      <thead><tr>
        <th scope="col">${t('calendar.col.date')}</th>
        <th scope="col">${t('calendar.col.weekday')}</th>
        <th scope="col">${t('calendar.col.kind')}</th>
        <th scope="col">${t('calendar.col.name')}</th>
        <th scope="col" class="col-actions">${t('col.actions')}</th>
      </tr></thead>
      <tbody>${repeat(state.days, (d) => d.date, (d) => {
        const busy = state.rowBusy.has(d.date);
        const odd = (d.kind === 'HOLIDAY' && isWeekend(d.date)) || (d.kind === 'WORKDAY' && !isWeekend(d.date));
        return html`<tr data-date=${d.date} data-kind=${d.kind} class=${classMap({ 'row-editing': state.form.editing && state.form.date === d.date })}>
          <td class="nowrap num strong">${d.date}</td>
          <td class="nowrap">${t('weekday.' + weekday(d.date))}${odd ? html` <span class="muted small" title=${t('calendar.oddHint.' + d.kind)}>${t('calendar.odd')}</span>` : nothing}</td>
          <td class="nowrap"><span class=${'badge ' + (d.kind === 'HOLIDAY' ? 'badge-holiday' : 'badge-workday')}>${t('calendar.kind.' + d.kind)}</span></td>
          <td>${d.name || html`<span class="muted">—</span>`}</td>
          <td class="col-actions nowrap">
            ${state.confirm === d.date
              ? html`<button type="button" class="btn btn-small btn-danger" data-action="confirm-delete" ?disabled=${busy} @click=${() => remove(d)}>${t('calendar.confirmRemove')}</button>
                  <button type="button" class="btn btn-small btn-quiet" @click=${() => { state.confirm = null; ctx.update(); }}>${t('common.cancel')}</button>`
              : html`<button type="button" class="btn btn-small btn-quiet" data-action="edit" ?disabled=${busy} @click=${() => edit(d)}>${t('calendar.edit')}</button>
                  <button type="button" class="btn btn-small btn-quiet" data-action="delete" ?disabled=${busy} @click=${() => remove(d)}>${t('calendar.remove')}</button>`}
          </td>
        </tr>`;
      })}</tbody>
    </table></div>`;
  }

  function form() {
    const f = state.form;
    const err = f.error;
    const invalid = (name) => (err && err.fieldErrors && err.fieldErrors(name).length ? 'true' : 'false');
    let hint = '';
    if (parseDate(f.date)) {
      if (f.kind === 'HOLIDAY' && isWeekend(f.date)) hint = t('calendar.oddHint.HOLIDAY');
      else if (f.kind === 'WORKDAY' && !isWeekend(f.date)) hint = t('calendar.oddHint.WORKDAY');
    }
    const exists = state.days.find((d) => d.date === f.date);
    return html`<section class="card" id="calendar-form-card" aria-labelledby="calendar-form-title">
      <div class="card-head"><h2 class="card-title" id="calendar-form-title">${icon(f.editing ? 'edit' : 'plus')}<span>${t(f.editing ? 'calendar.editTitle' : 'calendar.addTitle')}</span></h2>
        ${f.editing ? html`<button type="button" class="btn btn-quiet btn-small" @click=${resetForm}>${t('common.cancel')}</button>` : nothing}</div>
      <form class="card-body" id="calendar-form" novalidate autocomplete="off" @submit=${submit}>
        <div class="form-grid form-grid-calendar">
          <div class="field">
            <label for="day-date">${t('calendar.col.date')}<span class="req" aria-hidden="true">*</span></label>
            <input id="day-date" type="date" required .value=${f.date} ?disabled=${f.busy || f.editing}
              aria-invalid=${invalid('date')} aria-describedby="day-date-error day-date-hint"
              @input=${(e) => { f.date = e.target.value; ctx.update(); }}>
            ${parseDate(f.date) ? html`<p class="field-hint" id="day-date-hint">${t('weekday.' + weekday(f.date))}${exists && !f.editing ? ' · ' + t('calendar.exists', { kind: t('calendar.kind.' + exists.kind) }) : ''}</p>` : nothing}
            ${fieldError(err, 'date', 'day-date-error')}
          </div>
          <fieldset class="field" aria-describedby="day-kind-error">
            <legend>${t('calendar.col.kind')}</legend>
            <div class="segmented">
              ${KINDS.map((k) => html`<label class="seg"><input type="radio" name="kind" value=${k} .checked=${f.kind === k} ?disabled=${f.busy}
                  @change=${() => { f.kind = k; ctx.update(); }} id=${'day-kind-' + k.toLowerCase()}><span>${t('calendar.kind.' + k)}</span></label>`)}
            </div>
            ${fieldError(err, 'kind', 'day-kind-error')}
          </fieldset>
          <div class="field">
            <label for="day-name">${t('calendar.col.name')}</label>
            <input id="day-name" maxlength="64" .value=${f.name} ?disabled=${f.busy} placeholder=${t('calendar.namePlaceholder')}
              aria-invalid=${invalid('name')} aria-describedby="day-name-error" @input=${(e) => { f.name = e.target.value; }}>
            ${fieldError(err, 'name', 'day-name-error')}
          </div>
          <div class="form-actions form-actions-end">
            <button type="submit" class="btn btn-primary" id="day-submit" ?disabled=${f.busy}>
              ${f.busy ? html`<span class="spinner spinner-light" aria-hidden="true"></span>` : icon(f.editing ? 'edit' : 'plus')}<span>${t(f.editing ? 'common.save' : 'calendar.add')}</span></button>
          </div>
        </div>
        ${hint ? html`<p class="field-hint" id="day-kind-hint">${icon('info')} ${hint}</p>` : nothing}
        ${err ? html`<div id="calendar-form-error">${problemBox(err, { shownFields: FIELDS })}</div>` : nothing}
      </form>
    </section>`;
  }

  return {
    async load() {
      await loadYear();
    },
    onLangChange() {
      ctx.update();
    },
    view() {
      const actions = html`${yearBar()}`;
      return html`
        ${pageHeader('page.admin-calendar', 'calendar.desc', actions)}
        ${!state.loading && !state.error && !state.entered
          ? notice('warn', html`<p>${t('calendar.notEntered', { y: state.year })}</p>`, 'calendar-year-missing') : nothing}
        ${form()}
        <section class="card" id="calendar-days" data-year=${String(state.year)} aria-labelledby="calendar-days-title">
          <div class="card-head"><h2 class="card-title" id="calendar-days-title">${icon('calendar')}<span>${t('calendar.daysTitle', { y: state.year })}</span>
            <span class="card-meta">${t('calendar.daysMeta')}</span></h2></div>
          ${state.days.length ? html`<div class="card-body card-body-tight">${summary()}</div>` : nothing}
          ${state.rowError ? html`<div class="card-body card-body-tight">${problemBox(state.rowError, { id: 'calendar-row-error' })}</div>` : nothing}
          ${daysTable()}
        </section>`;
    },
  };
}
