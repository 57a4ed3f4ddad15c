// The overdue / at-risk / escalated clocks as tabs over one table, and the per-unit counts beside them. Shared by
// the leadership page (the whole city), the time-limits page (a unit's staff: their unit and those below; the
// centre: every unit) and the supervision page. Refreshed every minute while shown.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { tabs, problemBox, loadingState, icon, formatNumber, formatDateTime } from '../ui.js';
import { CLOCK_VIEWS, loadClockViews, totals, clocksTable, byUnitTable } from '../clocks.js';

const REFRESH_MS = 60_000;

/** Which tab each board showed last, so coming back from an order lands on the same list. */
const lastView = new Map();

/**
 * spec: { id, limit?, views? (subset of CLOCK_VIEWS, in tab order), showUnit? }
 * Returns { state, load(), reload(), start(), dispose(), listView(), byUnitView(), counts() }.
 */
export function createClockBoard(ctx, spec) {
  const views = spec.views || CLOCK_VIEWS;
  const state = {
    view: lastView.get(spec.id) || views[0],
    data: null,
    error: null,
    loading: true,
    refreshedAt: null,
  };
  let timer = 0;

  async function load() {
    try {
      state.data = await loadClockViews(ctx.api, { limit: spec.limit || 200 });
      state.error = null;
    } catch (err) {
      state.error = err;
    }
    state.loading = false;
    state.refreshedAt = new Date();
  }

  async function reload() {
    state.loading = true;
    ctx.update();
    await load();
    ctx.update();
  }

  function start() {
    window.clearInterval(timer);
    timer = window.setInterval(async () => {
      if (!ctx.isCurrent() || document.hidden) return;
      await load();
      ctx.update();
    }, REFRESH_MS);
  }

  function select(view) {
    state.view = view;
    lastView.set(spec.id, view);
    ctx.update();
  }

  /** Tab counts: overdue and at-risk from the per-unit totals (exact); escalated from the list ("200+" if capped). */
  function counts() {
    if (!state.data) return {};
    const sum = totals(state.data.byUnit);
    const escalated = state.data.views.escalated.length;
    return {
      escalated: escalated >= state.data.limit ? `${formatNumber(escalated)}+` : escalated,
      overdue: sum.overdue,
      'at-risk': sum.atRisk,
    };
  }

  function listView({ title = '', extraTools = nothing } = {}) {
    const count = counts();
    const items = views.map((v) => ({
      id: v, label: t('clocks.view.' + v), count: state.data ? count[v] : undefined,
      tone: state.data && Number(String(count[v]).replace(/\D/g, '')) > 0 ? (v === 'at-risk' ? 'warn' : 'over') : '',
    }));
    let body;
    if (state.loading && !state.data) body = loadingState();
    else if (state.error && !state.data) body = html`<div class="card-body">${problemBox(state.error, { id: spec.id + '-error' })}</div>`;
    else {
      const rows = state.data.views[state.view] || [];
      body = clocksTable(rows, {
        id: spec.id + '-table', view: state.view, showUnit: spec.showUnit !== false,
        emptyText: t('clocks.emptyView.' + state.view), emptyHint: t('clocks.emptyHint.' + state.view),
      });
    }
    const shown = state.data ? (state.data.views[state.view] || []).length : 0;
    return html`<section class="card clock-board" id=${spec.id} data-view=${state.view} aria-label=${title || t('clocks.title')}>
      <div class="card-head card-head-tabs">
        ${tabs(items, state.view, select, title || t('clocks.title'))}
        <div class="queue-tools">
          ${extraTools}
          <button type="button" class="btn btn-quiet btn-small" data-refresh=${spec.id} @click=${reload} ?disabled=${state.loading}>
            ${icon('refresh')}<span>${t('common.refresh')}</span></button>
        </div>
      </div>
      <div role="tabpanel" data-tabpanel=${state.view} aria-busy=${state.loading ? 'true' : 'false'}>${body}</div>
      <div class="card-foot">
        <span class="muted small">${state.data ? t(shown >= state.data.limit ? 'clocks.shownCapped' : 'clocks.shown', { n: formatNumber(shown) }) : ''}${state.refreshedAt
          ? html`<span class="refreshed">${t('queue.refreshedAt', { time: formatDateTime(state.refreshedAt, true).slice(11) })}</span>` : nothing}</span>
        ${state.error && state.data ? html`<span class="inline-error" role="alert">${t('clocks.refreshFailed')}</span>` : nothing}
      </div>
    </section>`;
  }

  function byUnitView({ id = spec.id + '-units' } = {}) {
    if (state.loading && !state.data) return loadingState();
    if (!state.data) return state.error ? problemBox(state.error) : nothing;
    return byUnitTable(state.data.byUnit, { id });
  }

  return {
    state,
    load,
    reload,
    start,
    counts,
    listView,
    byUnitView,
    dispose() {
      window.clearInterval(timer);
    },
  };
}
