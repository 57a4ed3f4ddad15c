// 督办事项 — one supervision (#/supervisions/<id>): its orders, the work handed to units with deadlines, every step,
// its clocks, photos, and forms for the steps the caller may take now (the server lists them in `actions`).
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { pageHeader, problemBox, loadingState, formatDateTime, icon } from '../ui.js';
import { loadTree, unitItems } from '../orders.js';
import { unitSelect, selectedIds, ahead } from './supervision-new.js';

/** Steps shown as their own buttons; the rest are the routine tools. */
const TOOLS = ['urge', 'notice', 'public-notice', 'summons'];

export function create(ctx) {
  const id = Number((ctx.params && ctx.params[0]) || 0);
  const state = { sv: null, error: null, open: null, formError: null, busy: false, units: [], notice: null };

  async function load() {
    try {
      state.sv = await ctx.api.get('/supervisions/' + id);
      state.error = null;
    } catch (err) {
      state.error = err;
    }
  }

  function fields(action) {
    const sv = state.sv;
    const units = state.units;
    const openItems = sv.items.filter((i) => i.status === 'open');
    const orders = sv.orders;
    switch (action) {
      case 'instruct':
        return html`<label class="field field-wide"><span>${t('sv.instructionText')}</span><textarea name="text" rows="3"></textarea></label>
          <label class="field"><span>${t('sv.instructionLeader')}</span><input name="leader" .value=${ctx.user.displayName || ''}></label>
          <label class="field"><span>${t('sv.instructionDate')}</span><input type="date" name="date" .value=${ahead(0).slice(0, 10)}></label>`;
      case 'assign':
        return html`<label class="field"><span>${t('sv.targets')}</span>${unitSelect(units, 'unitIds', { multiple: true })}</label>
          <label class="field"><span>${t('sv.deadline')}</span><input type="datetime-local" name="deadline" .value=${ahead(7)}></label>
          <label class="field field-wide"><span>${t('sv.assignText')}</span><textarea name="text" rows="2"></textarea></label>`;
      case 'action-item':
        return html`<label class="field field-wide"><span>${t('sv.itemText')}</span><textarea name="text" rows="2"></textarea></label>
          <label class="field"><span>${t('sv.owner')}</span>${unitSelect(units, 'unitId')}</label>
          <label class="field"><span>${t('sv.deadline')}</span><input type="datetime-local" name="deadline" .value=${ahead(7)}></label>`;
      case 'decision':
        return html`<label class="field"><span>${t('sv.agendaOrder')}</span><select name="orderId">${orders.map((o) => html`<option value=${o.id}>${o.number}</option>`)}</select></label>
          <label class="field"><span>${t('sv.lead')}</span>${unitSelect(units, 'unitId')}</label>
          <label class="field"><span>${t('sv.coUnits')}</span>${unitSelect(units, 'coUnitIds', { multiple: true })}</label>
          <label class="field"><span>${t('sv.deadline')}</span><input type="datetime-local" name="deadline" .value=${ahead(14)}></label>
          <label class="field field-wide"><span>${t('sv.decisionText')}</span><textarea name="text" rows="2"></textarea></label>`;
      case 'rule-change':
        return html`<label class="field"><span>${t('sv.ruleKind')}</span><select name="kind"><option value="catalogue">${t('sv.rule.catalogue')}</option><option value="kb">${t('sv.rule.kb')}</option></select></label>
          <label class="field"><span>${t('sv.ruleRef')}</span><input name="reference"></label>
          <label class="field field-wide"><span>${t('sv.ruleText')}</span><textarea name="text" rows="2"></textarea></label>`;
      case 'progress':
        return html`${openItems.length > 1 ? html`<label class="field field-wide"><span>${t('sv.item')}</span><select name="itemId">
              ${openItems.map((i) => html`<option value=${i.id}>${i.unitName}：${i.text}</option>`)}</select></label>` : nothing}
          <label class="field field-wide"><span>${t('sv.progressText')}</span><textarea name="text" rows="3" id="sv-progress-text"></textarea></label>
          <label class="check field-wide"><input type="checkbox" name="done" id="sv-progress-done"><span>${t('sv.progressDone')}</span></label>`;
      case 'callback':
        return html`<label class="field"><span>${t('sv.callbackOrder')}</span><select name="orderId">${orders.filter((o) => !o.calledBack).map((o) => html`<option value=${o.id}>${o.number}</option>`)}</select></label>
          <label class="field"><span>${t('sv.contacted')}</span><select name="contacted"><option value="true">${t('sv.yes')}</option><option value="false">${t('sv.no')}</option></select></label>
          <label class="field"><span>${t('sv.satisfaction')}</span><select name="satisfaction"><option value="satisfied">${t('sv.sat.satisfied')}</option><option value="basically_satisfied">${t('sv.sat.basically_satisfied')}</option><option value="dissatisfied">${t('sv.sat.dissatisfied')}</option></select></label>
          <label class="field field-wide"><span>${t('sv.note')}</span><textarea name="note" rows="2"></textarea></label>`;
      case 'recheck':
        return html`<label class="field"><span>${t('sv.recheckPassed')}</span><select name="passed"><option value="true">${t('sv.yes')}</option><option value="false">${t('sv.no')}</option></select></label>
          <label class="field"><span>${t('sv.newDeadline')}</span><input type="datetime-local" name="newDeadline"></label>
          <label class="field field-wide"><span>${t('sv.recheckText')}</span><textarea name="text" rows="2"></textarea></label>`;
      case 'urge':
      case 'notice':
        return html`<label class="field"><span>${t('sv.unit')}</span>${unitSelect(units, 'unitId')}</label>
          <label class="field field-wide"><span>${t('sv.note')}</span><textarea name="text" rows="2"></textarea></label>`;
      case 'public-notice':
        return html`<label class="field"><span>${t('sv.units')}</span>${unitSelect(units, 'unitIds', { multiple: true })}</label>
          <label class="field"><span>${t('sv.noticeKind')}</span><select name="kind"><option value="criticism">${t('sv.criticism')}</option><option value="commendation">${t('sv.commendation')}</option></select></label>
          <label class="field field-wide"><span>${t('sv.note')}</span><textarea name="text" rows="2"></textarea></label>`;
      case 'summons':
        return html`<label class="field"><span>${t('sv.unit')}</span>${unitSelect(units, 'unitId')}</label>
          <label class="field"><span>${t('sv.summonsAt')}</span><input type="datetime-local" name="at" .value=${ahead(1).slice(0, 11) + '09:00'}></label>
          <label class="field field-wide"><span>${t('sv.people')}</span><input name="people"></label>
          <label class="field field-wide"><span>${t('sv.record')}</span><textarea name="record" rows="3"></textarea></label>`;
      case 'return':
        return html`<label class="field field-wide"><span>${t('sv.reason')}</span><textarea name="reason" rows="2"></textarea></label>
          <label class="field"><span>${t('sv.newDeadline')}</span><input type="datetime-local" name="deadline"></label>`;
      case 'close':
        return html`<label class="field field-wide"><span>${t('sv.note')}</span><textarea name="note" rows="2" id="sv-close-note"></textarea></label>`;
      default: // findings, minutes, final-report, public-update
        return html`<label class="field field-wide"><span>${t('sv.text.' + action)}</span><textarea name="text" rows="4" id=${'sv-' + action + '-text'}></textarea></label>
          ${action === 'public-update' ? html`<p class="muted small field-wide">${t('sv.publicWarning')}</p>` : nothing}`;
    }
  }

  /** The form's values as the API wants them: numbers for ids, booleans for yes/no, lists for multi-selects. */
  function body(form) {
    const out = {};
    for (const el of form.elements) {
      if (!el.name) continue;
      if (el.multiple) {
        const ids = selectedIds(el);
        if (ids.length) out[el.name] = ids;
      } else if (el.type === 'checkbox') out[el.name] = el.checked;
      else if (el.value.trim() === '') continue;
      else if (/Id$/.test(el.name)) out[el.name] = Number(el.value);
      else if (el.value === 'true' || el.value === 'false') out[el.name] = el.value === 'true';
      else out[el.name] = el.value.trim();
    }
    return out;
  }

  async function submit(ev) {
    ev.preventDefault();
    state.busy = true;
    state.formError = null;
    ctx.update();
    try {
      state.sv = await ctx.api.post(`/supervisions/${id}/actions/${state.open}`, body(ev.target));
      ctx.toast('sv.stepDone', { step: t('sv.action.' + state.open) });
      state.open = null;
    } catch (err) {
      state.formError = err;
    }
    state.busy = false;
    ctx.update();
  }

  async function upload(ev) {
    const file = ev.target.files && ev.target.files[0];
    if (!file) return;
    try {
      const r = await fetch(`/api/v1/supervisions/${id}/photos?caption=${encodeURIComponent(file.name.slice(0, 200))}`, {
        method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-Hotline-Csrf': '1' }, body: file,
      });
      if (!r.ok) {
        const p = await r.json().catch(() => ({}));
        ctx.toast('sv.photoFailed', { error: p.detail || (p.errors && p.errors[0] && p.errors[0].message) || r.status });
      }
    } finally {
      ev.target.value = '';
      await load();
      ctx.update();
    }
  }

  function stepText(s) {
    const d = s.details || {};
    const parts = [];
    if (s.unitName) parts.push(s.unitName);
    if (d.noticeNumber) parts.push(d.noticeNumber);
    if (d.leader) parts.push(t('sv.instructionBy', { leader: d.leader, date: d.date || '' }));
    if (d.passed !== undefined && s.kind === 'recheck') parts.push(d.passed ? t('sv.recheckOk') : t('sv.recheckFailed'));
    if (s.kind === 'callback') parts.push(d.contacted ? t('sv.sat.' + d.satisfaction) : t('sv.notContacted'));
    if (d.deadline && s.kind === 'assigned') parts.push(t('sv.until', { at: formatDateTime(d.deadline) }));
    return parts.join(' · ');
  }

  function clockView(sv) {
    const c = sv.clocks;
    const tone = sv.level >= 2 ? 'over' : sv.overdue ? 'over' : c.warnedAt ? 'warn' : 'ok';
    return html`<dl class="facts" id="sv-clocks" data-level=${sv.level}>
      <div><dt>${t('sv.deadline')}</dt><dd class=${'tone-' + tone}>${formatDateTime(c.deadline)}</dd></div>
      <div><dt>${t('sv.warnAt')}</dt><dd>${c.warnAt ? formatDateTime(c.warnAt) : '—'}</dd></div>
      <div><dt>${t('sv.escalateAt')}</dt><dd>${formatDateTime(c.escalateAt)}</dd></div>
      <div><dt>${t('sv.level')}</dt><dd>${t('sv.levelName.' + Math.min(sv.level, 2))}</dd></div>
    </dl>`;
  }

  function detailsView(sv) {
    const d = sv.details || {};
    const keys = {
      leader_memo: ['report', 'finalReport'], onsite: ['visitDate', 'place', 'organiser', 'attendees', 'findings'],
      meeting: ['meetingAt', 'place', 'attendees', 'minutes'], media: ['outlet', 'programme', 'airDate', 'issue', 'commitment', 'commitmentDeadline'],
    }[sv.mode] || [];
    const ins = d.instruction;
    return html`<dl class="facts facts-wide">
      ${keys.filter((k) => d[k]).map((k) => html`<div><dt>${t('sv.' + k)}</dt><dd class="pre">${/At$|Deadline$/.test(k) ? formatDateTime(d[k]) : d[k]}</dd></div>`)}
      ${ins ? html`<div id="sv-instruction-view"><dt>${t('sv.instruction')}</dt><dd class="pre">${ins.text}<br><span class="muted">— ${ins.leader}，${ins.date}</span></dd></div>` : nothing}
    </dl>`;
  }

  function actionBar(sv) {
    const main = sv.actions.filter((a) => !TOOLS.includes(a));
    const tools = sv.actions.filter((a) => TOOLS.includes(a));
    return html`<section class="action-bar card" id="sv-actions">
      ${main.map((a) => html`<button type="button" class=${'btn' + (['close', 'progress', 'final-report', 'instruct'].includes(a) ? ' btn-primary' : '')}
          data-action=${a} @click=${() => { state.open = state.open === a ? null : a; state.formError = null; ctx.update(); }}>${t('sv.action.' + a)}</button>`)}
      ${tools.length ? html`<span class="spacer"></span>${tools.map((a) => html`<button type="button" class="btn btn-quiet" data-action=${a}
          @click=${() => { state.open = a; state.formError = null; ctx.update(); }}>${t('sv.action.' + a)}</button>`)}` : nothing}
      ${sv.actions.length ? nothing : html`<span class="muted">${t('sv.noActions')}</span>`}
    </section>
    ${state.open ? html`<section class="card" id="sv-action-form" data-action=${state.open}><div class="card-body">
      <h3 class="form-title">${t('sv.action.' + state.open)}</h3>
      <form class="form-grid" @submit=${submit} novalidate>
        ${fields(state.open)}
        ${state.formError ? html`<div class="field-wide">${problemBox(state.formError, { id: 'sv-action-error' })}</div>` : nothing}
        <div class="form-actions field-wide"><button class="btn btn-primary" type="submit" id="sv-action-submit" ?disabled=${state.busy}>${t('sv.submit')}</button>
          <button class="btn btn-quiet" type="button" @click=${() => { state.open = null; ctx.update(); }}>${t('common.cancel')}</button></div>
      </form></div></section>` : nothing}`;
  }

  return {
    async load() {
      const [, tree] = await Promise.allSettled([load(), loadTree(ctx.api, '/units')]);
      if (tree.status === 'fulfilled') state.units = unitItems(tree.value);
    },
    view() {
      if (state.error) return html`${pageHeader('page.supervision-case', '')}${problemBox(state.error, { id: 'sv-error' })}`;
      const sv = state.sv;
      if (!sv) return loadingState();
      const centre = (ctx.user.roles || []).some((r) => !['unit_handler', 'unit_admin'].includes(r));
      return html`
        <header class="page-header"><div>
          <p class="muted small"><a href="#/supervision">${t('page.supervision')}</a> · ${sv.number} · ${t('sv.mode.' + sv.mode)}</p>
          <h1 id="sv-title-view">${sv.title}</h1>
          <p><span class=${'badge badge-' + sv.status} id="sv-status" data-status=${sv.status}>${t('sv.status.' + sv.status)}</span>
            ${sv.overdue ? html`<span class="badge badge-over" id="sv-overdue">${t('sv.overdue')}</span>` : nothing}
            <span class="muted small">${t('sv.startedBy', { name: sv.initiatorName, at: formatDateTime(sv.createdAt) })}</span></p>
        </div>
        ${centre ? html`<a class="btn btn-quiet" href=${'#/supervision-notice/' + sv.id} id="sv-print">${icon('memo')}<span>${t('sv.printNotice')}</span></a>` : nothing}
        </header>
        ${actionBar(sv)}
        <div class="grid-2">
          <section class="card"><div class="card-head"><h2>${t('sv.clocks')}</h2></div><div class="card-body">${clockView(sv)}${detailsView(sv)}</div></section>
          <section class="card"><div class="card-head"><h2>${t('sv.orders')}</h2></div>
            <table class="table" id="sv-orders"><thead><tr><th>${t('sv.orderNumber')}</th><th>${t('sv.orderStatus')}</th><th>${t('sv.orderUnit')}</th><th>${t('sv.summary')}</th></tr></thead>
            <tbody>${sv.orders.map((o) => html`<tr data-order=${o.id}><td><a href=${'#/orders/' + o.id}>${o.number}</a>${o.overdue ? html` <span class="badge badge-over">${t('sv.overdue')}</span>` : nothing}${o.calledBack ? html` <span class="badge">${t('sv.calledBack')}</span>` : nothing}</td>
              <td>${o.statusName}</td><td>${o.leadUnitName || '—'}</td><td class="excerpt">${o.summary}</td></tr>`)}</tbody></table></section>
        </div>
        <section class="card"><div class="card-head"><h2>${t('sv.items')}</h2></div>
          <table class="table" id="sv-items"><thead><tr><th>${t('sv.unit')}</th><th>${t('sv.itemText')}</th><th>${t('sv.deadline')}</th><th>${t('sv.itemStatus')}</th></tr></thead>
          <tbody>${sv.items.length ? sv.items.map((i) => html`<tr data-item=${i.id} data-status=${i.status}><td>${i.unitName}${i.lead ? '' : html` <span class="muted small">${t('sv.co')}</span>`}</td><td>${i.text}</td>
            <td class=${i.overdue ? 'tone-over' : ''}>${formatDateTime(i.deadline)}</td>
            <td>${i.status === 'done' ? html`${t('sv.itemDone')}<br><span class="muted small">${i.doneNote || ''}</span>` : i.overdue ? t('sv.overdue') : t('sv.itemOpen')}</td></tr>`)
            : html`<tr><td colspan="4" class="muted">${t('sv.noItems')}</td></tr>`}</tbody></table></section>
        <div class="grid-2">
          <section class="card"><div class="card-head"><h2>${t('sv.steps')}</h2></div><div class="card-body">
            <ol class="timeline" id="sv-steps">${sv.steps.map((s) => html`<li data-kind=${s.kind}><p><strong>${t('sv.step.' + s.kind)}</strong>
              <span class="muted small">${s.actorName}${s.actorUnitName ? '（' + s.actorUnitName + '）' : ''} · ${formatDateTime(s.at)}</span></p>
              ${stepText(s) ? html`<p class="muted small">${stepText(s)}</p>` : nothing}${s.note ? html`<p class="pre">${s.note}</p>` : nothing}</li>`)}</ol></div></section>
          <section class="card"><div class="card-head"><h2>${t('sv.photos')}</h2>
            ${sv.status !== 'closed' ? html`<label class="btn btn-quiet btn-small">${t('sv.addPhoto')}<input type="file" accept="image/jpeg,image/png,image/webp" class="visually-hidden" id="sv-photo-input" @change=${upload}></label>` : nothing}</div>
            <div class="card-body photos" id="sv-photos">${sv.photos.length ? sv.photos.map((p) => html`<figure><img src=${`/api/v1/supervisions/${sv.id}/photos/${p.id}`} alt=${p.caption || ''} loading="lazy"><figcaption class="muted small">${p.caption || ''} · ${formatDateTime(p.uploadedAt)}</figcaption></figure>`)
              : html`<p class="muted">${t('sv.noPhotos')}</p>`}</div></section>
        </div>`;
    },
  };
}
