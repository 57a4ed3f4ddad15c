// 领导驾驶舱 — the leadership overview. Real today: the time limits (overdue and at-risk clocks, escalation levels,
// per-unit counts, from GET /clocks) and the composition of the unit directory (GET /units). Metrics without an API
// yet (calls, rates, rankings, hotspots) are shown as “—”, never invented.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { ref } from '/webjars/lit-html/3.3.1/directives/ref.js';
import { t } from '../i18n.js';
import { pageHeader, previewNotice, icon, emptyState, tabs, walkTree, kindLabel, UNIT_KINDS, errorMessage, formatNumber } from '../ui.js';
import { totals, levelLabel } from '../clocks.js';
import { card } from './frame.js';
import { createClockBoard } from './clock-board.js';

/** Tiles without an API behind them yet: shown as “—”. */
const PENDING_KPIS = ['calls', 'orders', 'directRate', 'onTimeRate', 'satisfaction'];
/** Escalated clocks are listed up to this many; the level counts say so when the list is capped. */
const ESCALATED_LIMIT = 500;
const RANK_KINDS = ['district_government', 'street_office', 'city_bureau', 'enterprise'];
const KIND_COLORS = {
  center: '#1f5fbf',
  district_government: '#2f7fd8',
  street_office: '#3aa0a8',
  community: '#6bb56e',
  city_bureau: '#7a6fd0',
  enterprise: '#d08a3a',
};
const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';

export function create(ctx) {
  const state = { rankKind: RANK_KINDS[0], counts: null, unitsError: null, chartError: null };
  const board = createClockBoard(ctx, { id: 'leadership-clocks', limit: ESCALATED_LIMIT });
  let echarts = null;
  let chart = null;
  let chartEl = null;
  const onResize = () => chart && chart.resize();

  function chartOption() {
    const kinds = UNIT_KINDS.filter((k) => state.counts[k]);
    return {
      animationDuration: 300,
      textStyle: { fontFamily: FONT },
      grid: { left: 12, right: 36, top: 8, bottom: 4, containLabel: true },
      tooltip: { show: false },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#5b6b7f', fontFamily: FONT }, splitLine: { lineStyle: { color: '#e8edf3' } } },
      yAxis: {
        type: 'category', inverse: true, data: kinds.map(kindLabel),
        axisTick: { show: false }, axisLine: { lineStyle: { color: '#c9d3df' } }, axisLabel: { color: '#253446', fontSize: 12, fontFamily: FONT },
      },
      series: [{
        type: 'bar', barMaxWidth: 16,
        data: kinds.map((k) => ({ value: state.counts[k], itemStyle: { color: KIND_COLORS[k] || '#1f5fbf', borderRadius: [0, 3, 3, 0] } })),
        label: { show: true, position: 'right', color: '#253446', fontWeight: 600, fontFamily: FONT },
      }],
    };
  }

  function drawChart() {
    if (!echarts || !chartEl || !state.counts || chart) return;
    try {
      chart = echarts.init(chartEl, null, { renderer: 'canvas' });
      chart.setOption(chartOption());
      window.addEventListener('resize', onResize);
    } catch (err) {
      state.chartError = err;
      ctx.update();
    }
  }

  const chartRef = (el) => {
    chartEl = el || null;
  };

  /** Overdue orders: distinct orders with an overdue clock (the list is capped; then "N+"). */
  function overdueTile() {
    const data = board.state.data;
    let value = '—';
    let note = t(board.state.error ? 'leadership.clocksUnavailable' : 'common.loading');
    if (data) {
      const orders = new Set(data.views.overdue.map((c) => c.order && c.order.id));
      const capped = data.views.overdue.length >= data.limit;
      value = capped ? `${formatNumber(orders.size)}+` : formatNumber(orders.size);
      note = t('leadership.overdueClocks', { n: formatNumber(totals(data.byUnit).overdue) });
    }
    return html`<article class=${'tile tile-kpi' + (data && data.views.overdue.length ? ' tile-over' : '')} data-kpi="overdue">
      <p class="tile-label">${t('leadership.kpi.overdue')}</p>
      <p class=${'tile-value' + (data ? '' : ' muted')} data-value=${data ? String(value) : ''}>${value}</p>
      <p class="tile-note">${note}</p>
    </article>`;
  }

  /** Open clocks by the escalation level they have reached (1 = 催办 at the deadline, then up the chain). */
  function levelsView() {
    const data = board.state.data;
    if (!data) {
      return board.state.error ? emptyState(t('leadership.clocksUnavailable'), errorMessage(board.state.error))
        : html`<div class="chart-placeholder levels-placeholder"></div>`;
    }
    const byLevel = new Map();
    const serverLevels = data.totals && data.totals.byLevel;
    if (serverLevels) {
      for (const [level, n] of Object.entries(serverLevels)) byLevel.set(Number(level), Number(n));
    } else {
      for (const c of data.views.escalated) byLevel.set(c.level, (byLevel.get(c.level) || 0) + 1);
    }
    const top = Math.max(3, ...byLevel.keys());
    const capped = !serverLevels && data.views.escalated.length >= data.limit;
    const levels = Array.from({ length: top }, (_, i) => i + 1);
    return html`<ul class="levels" id="leadership-levels">
        ${levels.map((n) => html`<li class=${'level level-' + Math.min(n, 3)} data-level=${n}>
          <span class="level-badge">${t('leadership.levelN', { n })}</span>
          <span class="level-name">${levelLabel(n)}<span class="level-hint">${t(n === 1 ? 'leadership.levelHint1' : 'leadership.levelHintN')}</span></span>
          <span class="level-value" data-value=${String(byLevel.get(n) || 0)}>${formatNumber(byLevel.get(n) || 0)}</span></li>`)}
      </ul>
      ${capped ? html`<p class="muted small">${t('leadership.levelsCapped', { n: formatNumber(data.limit) })}</p>` : nothing}`;
  }

  return {
    async load() {
      const [units, lib] = await Promise.allSettled([
        ctx.api.get('/units'),
        import('/webjars/echarts/5.5.0/echarts.esm.min.js'),
        board.load(),
      ]);
      board.start();
      if (units.status === 'fulfilled') {
        const counts = {};
        walkTree((units.value && units.value.items) || [], (node) => {
          if (node.active === false) return;
          counts[node.kind] = (counts[node.kind] || 0) + 1;
        });
        state.counts = counts;
      } else {
        state.unitsError = units.reason;
      }
      if (lib.status === 'fulfilled') echarts = lib.value;
      else state.chartError = lib.reason;
    },
    afterRender() {
      drawChart();
    },
    onLangChange() {
      if (chart) chart.setOption(chartOption());
    },
    dispose() {
      board.dispose();
      window.removeEventListener('resize', onResize);
      if (chart) chart.dispose();
      chart = null;
    },
    view() {
      const total = state.counts ? Object.values(state.counts).reduce((a, b) => a + b, 0) : 0;
      let chartBody;
      if (state.unitsError) chartBody = emptyState(t('leadership.unitsUnavailable'), errorMessage(state.unitsError));
      else if (!state.counts) chartBody = html`<div class="chart chart-placeholder"></div>`;
      else if (!total) chartBody = emptyState(t('common.noData'));
      else if (state.chartError) {
        chartBody = html`<ul class="plain-bars">${UNIT_KINDS.filter((k) => state.counts[k]).map((k) => html`<li><span>${kindLabel(k)}</span><strong>${state.counts[k]}</strong></li>`)}</ul>`;
      } else chartBody = html`<div class="chart" id="units-chart" ${ref(chartRef)} role="img" aria-label=${t('leadership.unitsChart')}></div>`;

      return html`
        ${pageHeader('page.leadership', 'leadership.desc')}
        ${previewNotice('leadership.previewNotice')}
        <div class="tiles tiles-6" id="leadership-kpis">
          ${PENDING_KPIS.map((k) => html`
            <article class="tile tile-kpi" data-kpi=${k}>
              <p class="tile-label">${t('leadership.kpi.' + k)}</p>
              <p class="tile-value muted" data-value="">—</p>
              <p class="tile-note">${t('leadership.pendingData')}</p>
            </article>`)}
          ${overdueTile()}
        </div>
        ${board.listView({ title: t('leadership.clocks') })}
        <div class="grid-2">
          ${card('leadership.byUnit', board.byUnitView({ id: 'leadership-units-table' }), {
            iconName: 'building', id: 'leadership-by-unit',
            extra: html`<span class="card-meta">${t('clocks.byUnitNote')}</span>`,
          })}
          ${card('leadership.overdueLevels', levelsView(), { iconName: 'alert', id: 'leadership-escalation' })}
          ${card('leadership.unitsChart', html`${chartBody}`, {
            iconName: 'building', id: 'leadership-units',
            extra: state.counts && total ? html`<span class="card-meta">${t('leadership.unitsTotal', { n: formatNumber(total) })}</span>` : nothing,
          })}
          ${card('leadership.rankings', html`
            ${tabs(RANK_KINDS.map((k) => ({ id: k, label: kindLabel(k) })), state.rankKind, (id) => { state.rankKind = id; ctx.update(); }, t('leadership.rankings'))}
            ${emptyState(t('leadership.noRanking'), t('leadership.rankingHint'))}`, { iconName: 'chart', id: 'leadership-rankings' })}
        </div>
        ${card('leadership.hotspots', emptyState(t('leadership.noHotspots'), t('leadership.hotspotsHint')), { iconName: 'map', id: 'leadership-hotspots' })}
        <p class="source-note">${icon('info')}<span>${t('leadership.sourceNote')}</span></p>`;
    },
  };
}
