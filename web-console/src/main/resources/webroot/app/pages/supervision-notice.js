// 督办通知单 — the printable supervision notice (#/supervision-notice/<id>): a formal document to the units with work
// in the supervision, laid out for A4 paper; the navigation is left off when printed.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { serverNow } from '../api.js';
import { problemBox, loadingState, formatDateTime } from '../ui.js';

export function create(ctx) {
  const id = Number((ctx.params && ctx.params[0]) || 0);
  const state = { sv: null, error: null };
  return {
    async load() {
      try {
        state.sv = await ctx.api.get('/supervisions/' + id);
      } catch (err) {
        state.error = err;
      }
    },
    view() {
      if (state.error) return problemBox(state.error, { id: 'notice-error' });
      const sv = state.sv;
      if (!sv) return loadingState();
      const units = [...new Map(sv.items.map((i) => [i.unitId, i.unitName])).values()];
      const notices = sv.steps.filter((s) => s.kind === 'notice');
      const number = notices.length ? notices[notices.length - 1].details.noticeNumber : sv.number;
      const d = sv.details || {};
      return html`<div class="no-print form-actions"><button class="btn btn-primary" id="notice-print" @click=${() => window.print()}>${t('sv.print')}</button>
          <a class="btn btn-quiet" href=${'#/supervisions/' + sv.id}>${t('sv.back')}</a></div>
        <article class="print-doc" id="supervision-notice">
          <h1 class="doc-title">${t('sv.noticeTitle')}</h1>
          <p class="doc-number">${number}</p>
          <p class="doc-to">${units.length ? units.join('、') : '—'}：</p>
          <p class="doc-body">${t('sv.noticeLead', { title: sv.title, mode: t('sv.mode.' + sv.mode) })}</p>
          ${d.instruction ? html`<p class="doc-body">${t('sv.noticeInstruction', { leader: d.instruction.leader, text: d.instruction.text })}</p>` : nothing}
          <table class="doc-table"><thead><tr><th>${t('sv.orderNumber')}</th><th>${t('sv.summary')}</th><th>${t('sv.orderUnit')}</th></tr></thead>
            <tbody>${sv.orders.map((o) => html`<tr><td>${o.number}</td><td>${o.summary}</td><td>${o.leadUnitName || '—'}</td></tr>`)}</tbody></table>
          ${sv.items.length ? html`<p class="doc-body">${t('sv.noticeItems')}</p><ol class="doc-items">${sv.items.map((i) => html`<li>${i.unitName}：${i.text}（${t('sv.until', { at: formatDateTime(i.deadline) })}）</li>`)}</ol>` : nothing}
          <p class="doc-body">${t('sv.noticeDemand', { at: formatDateTime(sv.deadline) })}</p>
          <p class="doc-sign">${t('sv.noticeIssuer')}<br>${formatDateTime(serverNow().toISOString()).slice(0, 10)}</p>
        </article>`;
    },
  };
}
