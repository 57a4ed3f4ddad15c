// 督查督办 — follow overdue and problem orders and run the four supervision modes: the queue's problem, overdue and
// escalated tabs (GET /work-orders?box=problem, GET /clocks) and the supervision cases (GET /supervisions). Units see
// the cases they have work in.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { pageHeader, icon, tabs, emptyState, loadingState, problemBox, formatNumber, formatDateTime } from '../ui.js';
import { ordersTable } from '../orders.js';
import { loadClockViews, totals, clocksTable } from '../clocks.js';

const MODES = [
  { id: 'onsite', iconName: 'pin' },
  { id: 'meeting', iconName: 'meeting' },
  { id: 'leader_memo', iconName: 'memo' },
  { id: 'media', iconName: 'tv' },
];

const TABS = [
  { id: 'problem', key: 'supervision.tab.problem', tone: 'warn' },
  { id: 'overdue', key: 'supervision.tab.overdue', tone: 'over' },
  { id: 'escalated', key: 'supervision.tab.escalated', tone: 'over' },
  { id: 'cases', key: 'supervision.tab.cases' },
];
const CLOCK_LIMIT = 200;
const REFRESH_MS = 60_000;

let lastTab = 'problem';

export function create(ctx) {
  const unit = (ctx.user.roles || []).every((r) => ['unit_handler', 'unit_admin'].includes(r));
  const state = {
    active: unit ? 'cases' : lastTab,
    cases: null,
    casesError: null,
    overview: null,
    filter: '',
    problem: null,
    problemError: null,
    clocks: null,
    clocksError: null,
    loading: true,
    refreshedAt: null,
  };
  let timer = 0;

  async function load() {
    const [problem, clocks, cases, overview] = await Promise.allSettled([
      unit ? Promise.resolve({ items: [] }) : ctx.api.get('/work-orders?box=problem&limit=100'),
      unit ? Promise.resolve(null) : loadClockViews(ctx.api, { limit: CLOCK_LIMIT }),
      ctx.api.get('/supervisions?limit=200' + (state.filter ? '&mode=' + state.filter : '')),
      unit ? Promise.resolve(null) : ctx.api.get('/supervisions/overview'),
    ]);
    if (cases.status === 'fulfilled') {
      state.cases = cases.value.items || [];
      state.casesError = null;
    } else state.casesError = cases.reason;
    if (overview.status === 'fulfilled') state.overview = overview.value;
    if (problem.status === 'fulfilled') {
      state.problem = (problem.value && problem.value.items) || [];
      state.problemError = null;
    } else state.problemError = problem.reason;
    if (clocks.status === 'fulfilled') {
      state.clocks = clocks.value;
      state.clocksError = null;
    } else state.clocksError = clocks.reason;
    state.loading = false;
    state.refreshedAt = new Date();
  }

  async function reload() {
    state.loading = true;
    ctx.update();
    await load();
    ctx.update();
  }

  function select(id) {
    state.active = id;
    lastTab = id;
    ctx.update();
  }

  function count(id) {
    if (id === 'cases') return state.cases ? state.cases.filter((c) => c.status !== 'closed').length : undefined;
    if (id === 'problem') return state.problem ? state.problem.length : undefined;
    if (!state.clocks) return undefined;
    if (id === 'overdue') return totals(state.clocks.byUnit).overdue;
    if (id === 'escalated') {
      const n = state.clocks.views.escalated.length;
      return n >= state.clocks.limit ? `${n}+` : n;
    }
    return undefined;
  }

  function active(mode) {
    const m = state.overview && state.overview[mode];
    return m ? m.open + m.in_progress + m.reported : 0;
  }

  function overdueOf(mode) {
    const m = state.overview && state.overview[mode];
    return m ? m.overdue : 0;
  }

  function panel() {
    if (state.loading && !state.problem && !state.clocks) return loadingState();
    switch (state.active) {
      case 'problem':
        if (state.problemError) return html`<div class="card-body">${problemBox(state.problemError, { id: 'supervision-error' })}</div>`;
        return ordersTable(state.problem || [], {
          id: 'supervision-problem',
          emptyText: t('supervision.noProblem'),
          emptyHint: t('supervision.problemHint'),
        });
      case 'overdue':
      case 'escalated':
        if (state.clocksError) return html`<div class="card-body">${problemBox(state.clocksError, { id: 'supervision-error' })}</div>`;
        return clocksTable(state.clocks.views[state.active] || [], {
          id: 'supervision-clocks', view: state.active,
          emptyText: t('clocks.emptyView.' + state.active), emptyHint: t('clocks.emptyHint.' + state.active),
        });
      default:
        if (state.casesError) return html`<div class="card-body">${problemBox(state.casesError, { id: 'supervision-error' })}</div>`;
        if (!state.cases || !state.cases.length) return html`<div class="card-body">${emptyState(t('supervision.noCases'), t('supervision.casesHint'))}</div>`;
        return html`<table class="table" id="supervision-cases"><thead><tr><th>${t('sv.number')}</th><th>${t('sv.mode')}</th><th>${t('sv.title')}</th>
            <th>${t('sv.deadline')}</th><th>${t('sv.itemStatus')}</th><th>${t('sv.statusCol')}</th></tr></thead>
          <tbody>${state.cases.map((c) => html`<tr data-id=${c.id} data-status=${c.status}>
            <td><a href=${'#/supervisions/' + c.id}>${c.number}</a></td><td>${t('sv.mode.' + c.mode)}</td><td><a href=${'#/supervisions/' + c.id}>${c.title}</a></td>
            <td class=${c.overdue ? 'tone-over' : ''}>${formatDateTime(c.deadline)}${c.level >= 2 ? html` <span class="badge badge-over">${t('sv.levelName.2')}</span>` : c.overdue ? html` <span class="badge badge-over">${t('sv.overdue')}</span>` : nothing}</td>
            <td>${t('sv.openOf', { open: c.openItems, all: c.itemCount })}</td>
            <td><span class=${'badge badge-' + c.status}>${t('sv.status.' + c.status)}</span></td></tr>`)}</tbody></table>`;
    }
  }

  return {
    async load() {
      await load();
      timer = window.setInterval(async () => {
        if (!ctx.isCurrent() || document.hidden) return;
        await load();
        ctx.update();
      }, REFRESH_MS);
    },
    dispose() {
      window.clearInterval(timer);
    },
    onLangChange() {
      ctx.update();
    },
    view() {
      const items = TABS.filter((tab) => !unit || tab.id === 'cases').map((tab) => {
        const n = count(tab.id);
        return { id: tab.id, label: t(tab.key), count: n, tone: n && n !== '0' ? tab.tone : '' };
      });
      return html`
        ${pageHeader('page.supervision', 'supervision.desc')}
        ${unit ? nothing : html`<div class="tiles tiles-4" id="supervision-modes">
          ${MODES.map((m) => html`
            <article class="tile tile-mode" data-mode=${m.id}>
              <div class="tile-head">${icon(m.iconName, 'tile-icon')}<h2 class="tile-title">${t('supervision.mode.' + m.id)}</h2></div>
              <p class="tile-desc">${t('supervision.modeDesc.' + m.id)}</p>
              <p class="tile-foot"><span class="tile-foot-label">${t('supervision.active')}</span><span class="tile-count" data-count=${active(m.id)}>${active(m.id)}</span>
                ${overdueOf(m.id) ? html`<span class="badge badge-over">${t('sv.overdueN', { n: overdueOf(m.id) })}</span>` : nothing}</p>
            </article>`)}
        </div>`}
        <section class="card queue" id="supervision-queue" data-tab=${state.active} aria-label=${t('supervision.queue')}>
          <div class="card-head card-head-tabs">
            ${tabs(items, state.active, select, t('supervision.queue'))}
            <div class="queue-tools">
              <span class="muted small">${t('sv.startHint')}</span>
              <button type="button" class="btn btn-quiet btn-small" id="supervision-refresh" @click=${reload} ?disabled=${state.loading}>
                ${icon('refresh')}<span>${t('common.refresh')}</span></button>
            </div>
          </div>
          <div role="tabpanel" data-tabpanel=${state.active} aria-busy=${state.loading ? 'true' : 'false'}>${panel()}</div>
          <div class="card-foot"><span class="muted small">${state.refreshedAt
            ? t('queue.refreshedAt', { time: formatDateTime(state.refreshedAt, true).slice(11) }) : nothing}</span>
            ${state.clocks && count('overdue') !== undefined ? html`<span class="muted small">${t('supervision.overdueNote', { n: formatNumber(count('overdue')) })}</span>` : nothing}</div>
        </section>`;
    },
  };
}
