// 发起督办 — start a supervision over one or more orders (#/supervision-new/<orderId>,<orderId>…), in one of the four
// modes. A memo's special report (专报) is drafted from the orders by the server; the leader's instruction may be given
// at once, with the units it is assigned to.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { pageHeader, problemBox, loadingState } from '../ui.js';
import { loadTree, unitItems } from '../orders.js';

const MODES = ['leader_memo', 'onsite', 'meeting', 'media'];

/** A local date-time string for <input type=datetime-local>, `days` ahead at 18:00. */
export function ahead(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T18:00`;
}

function today() {
  return ahead(0).slice(0, 10);
}

export function unitSelect(units, name, { multiple = false, id = '' } = {}) {
  return html`<select name=${name} id=${id || nothing} ?multiple=${multiple} size=${multiple ? 6 : nothing}>
    ${multiple ? nothing : html`<option value="">${t('sv.chooseUnit')}</option>`}
    ${units.map((u) => html`<option value=${u.id}>${'　'.repeat(u.depth)}${u.label}</option>`)}</select>`;
}

export function selectedIds(select) {
  return Array.from(select.selectedOptions).map((o) => Number(o.value)).filter((n) => n > 0);
}

export function create(ctx) {
  const orderIds = String((ctx.params && ctx.params[0]) || '').split(',').map(Number).filter((n) => n > 0);
  const state = { mode: 'leader_memo', units: [], draft: null, error: null, busy: false, loaded: false };

  async function submit(ev) {
    ev.preventDefault();
    const f = ev.target.elements;
    const v = (n) => (f[n] && f[n].value.trim()) || undefined;
    const body = { mode: state.mode, orderIds, title: v('title'), deadline: v('deadline') };
    const targets = f.targets ? selectedIds(f.targets) : [];
    if (targets.length) body.targets = targets;
    if (state.mode === 'leader_memo') {
      body.report = v('report');
      if (v('instructionText')) body.instruction = { text: v('instructionText'), leader: v('instructionLeader'), date: v('instructionDate') };
    } else if (state.mode === 'onsite') {
      Object.assign(body, { visitDate: v('visitDate'), place: v('place'), organiser: v('organiser'), attendees: v('attendees'), findings: v('findings') });
    } else if (state.mode === 'meeting') {
      Object.assign(body, { meetingAt: v('meetingAt'), place: v('place'), attendees: v('attendees') });
    } else {
      Object.assign(body, {
        outlet: v('outlet'), programme: v('programme'), airDate: v('airDate'), issue: v('issue'), commitment: v('commitment'),
        commitmentUnitId: f.commitmentUnitId && f.commitmentUnitId.value ? Number(f.commitmentUnitId.value) : undefined,
        commitmentDeadline: v('commitmentDeadline'),
      });
    }
    state.busy = true;
    state.error = null;
    ctx.update();
    try {
      const sv = await ctx.api.post('/supervisions', body);
      ctx.toast('sv.created', { number: sv.number });
      window.location.hash = `#/supervisions/${sv.id}`;
    } catch (err) {
      state.error = err;
      state.busy = false;
      ctx.update();
    }
  }

  function modeFields() {
    const units = state.units;
    switch (state.mode) {
      case 'leader_memo':
        return html`
          <label class="field field-wide"><span>${t('sv.report')}</span>
            <textarea name="report" rows="10" id="sv-report" .value=${state.draft ? state.draft.report : ''}></textarea></label>
          <fieldset class="field-wide"><legend>${t('sv.instruction')}</legend>
            <label class="field field-wide"><span>${t('sv.instructionText')}</span><textarea name="instructionText" rows="3" id="sv-instruction"></textarea></label>
            <label class="field"><span>${t('sv.instructionLeader')}</span><input name="instructionLeader" id="sv-instruction-leader" .value=${ctx.user.displayName || ''}></label>
            <label class="field"><span>${t('sv.instructionDate')}</span><input type="date" name="instructionDate" .value=${today()}></label>
          </fieldset>
          <label class="field"><span>${t('sv.targets')}</span>${unitSelect(units, 'targets', { multiple: true, id: 'sv-targets' })}</label>`;
      case 'onsite':
        return html`
          <label class="field"><span>${t('sv.visitDate')}</span><input type="date" name="visitDate" .value=${today()}></label>
          <label class="field"><span>${t('sv.place')}</span><input name="place"></label>
          <label class="field"><span>${t('sv.organiser')}</span><input name="organiser"></label>
          <label class="field field-wide"><span>${t('sv.attendees')}</span><input name="attendees"></label>
          <label class="field field-wide"><span>${t('sv.findings')}</span><textarea name="findings" rows="3"></textarea></label>
          <label class="field"><span>${t('sv.targets')}</span>${unitSelect(units, 'targets', { multiple: true, id: 'sv-targets' })}</label>`;
      case 'meeting':
        return html`
          <label class="field"><span>${t('sv.meetingAt')}</span><input type="datetime-local" name="meetingAt" .value=${ahead(1).slice(0, 11) + '14:30'}></label>
          <label class="field"><span>${t('sv.place')}</span><input name="place"></label>
          <label class="field field-wide"><span>${t('sv.attendees')}</span><input name="attendees"></label>`;
      default:
        return html`
          <label class="field"><span>${t('sv.outlet')}</span><input name="outlet"></label>
          <label class="field"><span>${t('sv.programme')}</span><input name="programme"></label>
          <label class="field"><span>${t('sv.airDate')}</span><input type="date" name="airDate" .value=${today()}></label>
          <label class="field field-wide"><span>${t('sv.issue')}</span><textarea name="issue" rows="2"></textarea></label>
          <label class="field field-wide"><span>${t('sv.commitment')}</span><textarea name="commitment" rows="2"></textarea></label>
          <label class="field"><span>${t('sv.commitmentUnit')}</span>${unitSelect(units, 'commitmentUnitId')}</label>
          <label class="field"><span>${t('sv.commitmentDeadline')}</span><input type="datetime-local" name="commitmentDeadline" .value=${ahead(30)}></label>
          <p class="muted small field-wide">${t('sv.publicWarning')}</p>`;
    }
  }

  return {
    async load() {
      const [tree, draft] = await Promise.allSettled([
        loadTree(ctx.api, '/units'),
        orderIds.length ? ctx.api.post('/supervisions/draft', { orderIds }) : Promise.resolve(null),
      ]);
      if (tree.status === 'fulfilled') state.units = unitItems(tree.value);
      if (draft.status === 'fulfilled') state.draft = draft.value;
      else state.error = draft.reason;
      state.loaded = true;
    },
    view() {
      if (!state.loaded) return loadingState();
      return html`
        ${pageHeader('page.supervision-new', 'sv.newDesc')}
        <section class="card"><div class="card-body">
          <p id="sv-new-orders">${t('sv.overOrders', { n: orderIds.length })}
            ${orderIds.map((id) => html` <a href=${'#/orders/' + id}>#${id}</a>`)}</p>
          <div class="segmented" role="radiogroup" aria-label=${t('sv.mode')} id="sv-modes">
            ${MODES.map((m) => html`<button type="button" role="radio" data-mode=${m} aria-checked=${state.mode === m ? 'true' : 'false'}
              class=${'btn btn-small' + (state.mode === m ? ' btn-primary' : ' btn-quiet')}
              @click=${() => { state.mode = m; ctx.update(); }}>${t('sv.mode.' + m)}</button>`)}
          </div>
          <form class="form-grid" id="sv-new-form" @submit=${submit} novalidate>
            <label class="field field-wide"><span>${t('sv.title')}</span>
              <input name="title" id="sv-title" .value=${state.draft ? state.draft.title : ''} maxlength="200"></label>
            <label class="field"><span>${t('sv.deadline')}</span><input type="datetime-local" name="deadline" id="sv-deadline" .value=${ahead(7)}></label>
            ${modeFields()}
            ${state.error ? html`<div class="field-wide">${problemBox(state.error, { id: 'sv-new-error' })}</div>` : nothing}
            <div class="form-actions field-wide">
              <button class="btn btn-primary" type="submit" id="sv-create" ?disabled=${state.busy || !orderIds.length}>${t('sv.create')}</button>
              <a class="btn btn-quiet" href=${orderIds.length ? '#/orders/' + orderIds[0] : '#/supervision'}>${t('common.cancel')}</a>
            </div>
          </form>
        </div></section>`;
    },
  };
}
