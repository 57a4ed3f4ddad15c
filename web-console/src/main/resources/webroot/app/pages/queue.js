// A queue page: the caller's inboxes as tabs with counts (workOrderInbox), the orders of the chosen inbox
// (listWorkOrders?box=…) in a table whose rows open the order. Used by dispatch, review and the unit inbox.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { pageHeader, tabs, icon, problemBox, loadingState, formatNumber, formatDateTime } from '../ui.js';
import { ordersTable, ORDER_COLUMNS } from '../orders.js';
import { deadlineLegend } from './frame.js';
import { pressingClocks, clockDeadlineCell } from '../clocks.js';

const PAGE_SIZE = 50;
const REFRESH_MS = 60_000;
const TICK_MS = 30_000;

/** Which inbox each queue page showed last, so coming back from an order lands on the same tab. */
const lastBox = new Map();

/**
 * spec: {
 *   pageId, descKey,
 *   boxes: [{ id, tone? }]           the tabs, labels from 'box.<id>'
 *   columns?                          table columns (ORDER_COLUMNS)
 *   context?(state)                   extra content in the context bar
 *   extra?(state) → {header, cell}    an extra column for the active box (e.g. the callback)
 *   below?(state)                     content under the table
 * }
 * Returns a page controller, plus `reload()` and `state` for the page that wraps it.
 */
export function createQueuePage(ctx, spec) {
  const state = {
    box: lastBox.get(spec.pageId) || spec.boxes[0].id,
    counts: null,
    countsError: null,
    rows: [],
    next: null,
    loading: true,
    loadingMore: false,
    error: null,
    query: '',
    refreshedAt: null,
    now: Date.now(),
    clocks: new Map(), // order id → its overdue or at-risk clock, from the server
  };
  let listToken = 0;
  let refreshTimer = 0;
  let tickTimer = 0;

  function listPath(after) {
    const params = new URLSearchParams({ box: state.box, limit: String(PAGE_SIZE) });
    if (state.query.trim()) params.set('q', state.query.trim());
    if (after) params.set('after', String(after));
    return '/work-orders?' + params.toString();
  }

  async function loadCounts() {
    try {
      const r = await ctx.api.get('/work-orders/inbox');
      state.counts = (r && r.counts) || {};
      state.countsError = null;
    } catch (err) {
      state.countsError = err;
    }
  }

  async function loadList() {
    const token = ++listToken;
    try {
      const r = await ctx.api.get(listPath());
      if (token !== listToken) return;
      state.rows = (r && r.items) || [];
      state.next = r ? r.next : null;
      state.error = null;
    } catch (err) {
      if (token !== listToken) return;
      state.error = err;
      state.rows = [];
      state.next = null;
    }
  }

  async function loadClocks() {
    try {
      state.clocks = await pressingClocks(ctx.api);
    } catch {
      // Without them the rows count down on the client, as before.
      state.clocks = new Map();
    }
  }

  async function reload({ quiet = false } = {}) {
    if (!quiet) {
      state.loading = true;
      ctx.update();
    }
    await Promise.all([loadCounts(), loadList(), loadClocks()]);
    state.loading = false;
    state.now = Date.now();
    state.refreshedAt = new Date();
    ctx.update();
  }

  async function loadMore() {
    if (!state.next || state.loadingMore) return;
    state.loadingMore = true;
    ctx.update();
    const token = listToken;
    try {
      const r = await ctx.api.get(listPath(state.next));
      if (token === listToken) {
        state.rows = state.rows.concat((r && r.items) || []);
        state.next = r ? r.next : null;
      }
    } catch (err) {
      state.error = err;
    }
    state.loadingMore = false;
    ctx.update();
  }

  function select(box) {
    if (box === state.box) return;
    state.box = box;
    lastBox.set(spec.pageId, box);
    state.rows = [];
    state.next = null;
    state.loading = true;
    ctx.update();
    loadList().then(() => {
      state.loading = false;
      state.now = Date.now();
      ctx.update();
    });
    loadCounts().then(() => ctx.update());
  }

  let searchTimer = 0;
  function onSearch(e) {
    state.query = e.target.value;
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => reload(), 350);
  }

  const controller = {
    state,
    reload,
    async load() {
      await reload();
      refreshTimer = window.setInterval(() => {
        if (ctx.isCurrent() && !document.hidden) reload({ quiet: true });
      }, REFRESH_MS);
      tickTimer = window.setInterval(() => {
        state.now = Date.now();
        ctx.update();
      }, TICK_MS);
    },
    dispose() {
      window.clearInterval(refreshTimer);
      window.clearInterval(tickTimer);
      window.clearTimeout(searchTimer);
    },
    onLangChange() {
      ctx.update();
    },
    view() {
      const items = spec.boxes.map((b) => {
        const count = state.counts ? state.counts[b.id] : undefined;
        return { id: b.id, label: t('box.' + b.id), count: count === undefined ? undefined : count, tone: count ? b.tone : '' };
      });
      const extra = spec.extra ? spec.extra(state) : null;
      const actions = html`<button type="button" class="btn" id="queue-refresh" @click=${() => reload()} ?disabled=${state.loading}>
        ${icon('refresh')}<span>${t('common.refresh')}</span></button>`;
      let body;
      if (state.loading && !state.rows.length) body = loadingState();
      else if (state.error) body = html`<div class="card-body">${problemBox(state.error, { id: 'queue-error' })}</div>`;
      else {
        body = ordersTable(state.rows, {
          id: 'queue-table',
          columns: (typeof spec.columns === 'function' ? spec.columns(state) : spec.columns) || ORDER_COLUMNS,
          now: state.now,
          extra,
          deadline: (row) => {
            const clock = state.clocks.get(row.id);
            return clock ? clockDeadlineCell(clock) : null;
          },
          emptyText: state.query.trim() ? t('queue.noMatch') : t('queue.empty', { box: t('box.' + state.box) }),
          emptyHint: state.query.trim() ? '' : t('queue.emptyHint.' + state.box),
        });
      }
      return html`
        ${pageHeader('page.' + spec.pageId, spec.descKey, actions)}
        <div class="context-bar">
          ${spec.context ? spec.context(state) : nothing}
          ${deadlineLegend()}
        </div>
        ${state.countsError ? problemBox(state.countsError, { id: 'inbox-error' }) : nothing}
        <section class="card queue" id="queue" data-box=${state.box} aria-label=${t('page.' + spec.pageId)}>
          <div class="card-head card-head-tabs">
            ${tabs(items, state.box, select, t('queue.tabs'))}
            <div class="queue-tools">
              <label class="search-field search-field-small">
                ${icon('search')}<span class="sr-only">${t('queue.search')}</span>
                <input id="queue-search" type="search" autocomplete="off" placeholder=${t('queue.searchPlaceholder')}
                       .value=${state.query} @input=${onSearch}>
              </label>
            </div>
          </div>
          <div role="tabpanel" data-tabpanel=${state.box} aria-busy=${state.loading ? 'true' : 'false'}>${body}</div>
          <div class="card-foot">
            <span class="muted small" id="queue-summary">${state.loading
              ? t('common.loading')
              : t(state.next ? 'queue.shownMore' : 'queue.shown', { n: formatNumber(state.rows.length) })}${state.refreshedAt
              ? html`<span class="refreshed">${t('queue.refreshedAt', { time: formatDateTime(state.refreshedAt, true).slice(11) })}</span>` : nothing}</span>
            ${state.next ? html`<button type="button" class="btn btn-small" id="queue-more" ?disabled=${state.loadingMore}
                @click=${loadMore}>${t('queue.more')}</button>` : nothing}
          </div>
        </section>
        ${spec.below ? spec.below(state) : nothing}`;
    },
  };
  return controller;
}
