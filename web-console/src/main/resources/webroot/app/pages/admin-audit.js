// 审计日志 — who did what, when, from where (kept ≥ 6 months, 等保 2.0). Paged with "load more" (?before=next).
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { repeat } from '/webjars/lit-html/3.3.1/directives/repeat.js';
import { t } from '../i18n.js';
import { pageHeader, loadingState, problemBox, emptyState, icon, roleLabel, formatDateTime, formatNumber, errorMessage } from '../ui.js';

const PAGE_SIZE = 50;

function resultTone(result) {
  const r = String(result ?? '').toLowerCase();
  if (['success', 'succeeded', 'ok', 'allowed', 'granted'].includes(r)) return 'ok';
  if (!r) return 'muted';
  return 'bad';
}

function resultLabel(result) {
  const key = 'audit.result.' + String(result ?? '').toLowerCase();
  const label = t(key);
  return label === key ? String(result ?? '—') : label;
}

function detailText(detail) {
  if (detail === null || detail === undefined || detail === '') return '';
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

export function create(ctx) {
  const state = { items: [], next: null, loading: true, more: false, error: null, moreError: null };

  async function fetchPage(before) {
    const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (before !== null && before !== undefined) q.set('before', String(before));
    return ctx.api.get('/audit?' + q.toString());
  }

  async function load() {
    state.loading = true;
    state.error = null;
    state.moreError = null;
    try {
      const result = await fetchPage(null);
      state.items = (result && result.items) || [];
      state.next = result && result.next !== undefined ? result.next : null;
    } catch (err) {
      state.error = err;
    }
    state.loading = false;
  }

  async function loadMore() {
    if (state.more || state.next === null) return;
    state.more = true;
    state.moreError = null;
    ctx.update();
    try {
      const result = await fetchPage(state.next);
      const seen = new Set(state.items.map((i) => i.id));
      state.items = state.items.concat(((result && result.items) || []).filter((i) => !seen.has(i.id)));
      state.next = result && result.next !== undefined ? result.next : null;
    } catch (err) {
      state.moreError = err;
    }
    state.more = false;
    ctx.update();
  }

  async function refresh() {
    ctx.update();
    await load();
    ctx.update();
  }

  return {
    load,
    view() {
      const actions = html`<button type="button" class="btn" id="audit-refresh" ?disabled=${state.loading} @click=${refresh}>${icon('refresh')}<span>${t('common.refresh')}</span></button>`;
      let body;
      if (state.loading && !state.items.length) body = loadingState();
      else if (state.error) body = problemBox(state.error, { id: 'audit-error' });
      else if (!state.items.length) body = html`<section class="card">${emptyState(t('audit.empty'))}</section>`;
      else {
        body = html`
          <section class="card" id="audit-card">
            <div class="table-wrap">
              <table class="data-table data-table-dense" id="audit-table">
                <thead><tr>
                  <th scope="col">${t('audit.col.time')}</th>
                  <th scope="col">${t('audit.col.actor')}</th>
                  <th scope="col">${t('audit.col.address')}</th>
                  <th scope="col">${t('audit.col.action')}</th>
                  <th scope="col">${t('audit.col.object')}</th>
                  <th scope="col">${t('audit.col.result')}</th>
                  <th scope="col">${t('audit.col.detail')}</th>
                  <th scope="col">${t('audit.col.requestId')}</th>
                </tr></thead>
                <tbody>
                  ${repeat(state.items, (i) => i.id, (i) => html`
                    <tr data-audit-id=${String(i.id)}>
                      <td class="nowrap num">${formatDateTime(i.occurredAt, true)}</td>
                      <td>
                        ${i.actorUsername ? html`<span class="strong">${i.actorUsername}</span>` : html`<span class="muted">${t('audit.anonymous')}</span>`}
                        ${Array.isArray(i.actorRoles) && i.actorRoles.length ? html`<div class="sub">${i.actorRoles.map(roleLabel).join('、')}</div>` : nothing}
                      </td>
                      <td class="nowrap num">${i.address || '—'}</td>
                      <td class="nowrap"><code class="code-chip">${i.action}</code></td>
                      <td class="nowrap">${i.objectType ? html`${i.objectType}${i.objectId !== null && i.objectId !== undefined && i.objectId !== '' ? html` <span class="muted">#${i.objectId}</span>` : nothing}` : html`<span class="muted">—</span>`}</td>
                      <td><span class=${'badge badge-' + resultTone(i.result)}>${resultLabel(i.result)}</span></td>
                      <td class="detail-cell">${detailText(i.detail) || html`<span class="muted">—</span>`}</td>
                      <td class="num small nowrap">${i.requestId || '—'}</td>
                    </tr>`)}
                </tbody>
              </table>
            </div>
            <div class="card-foot">
              <span class="muted" id="audit-count">${t('audit.loaded', { n: formatNumber(state.items.length) })}</span>
              ${state.moreError ? html`<span class="inline-error" role="alert">${errorMessage(state.moreError)}</span>` : nothing}
              ${state.next !== null
                ? html`<button type="button" class="btn" id="audit-load-more" ?disabled=${state.more} @click=${loadMore}>
                    ${state.more ? html`<span class="spinner" aria-hidden="true"></span>${t('common.loading')}` : t('audit.loadMore')}</button>`
                : html`<span class="muted" id="audit-end">${t('audit.end')}</span>`}
            </div>
          </section>`;
      }
      return html`${pageHeader('page.admin-audit', 'audit.desc', actions)}${body}`;
    },
  };
}
