// 领导驾驶舱 — the leadership overview: today's numbers and the month's rates (GET /dashboard/today), the time limits
// (overdue and at-risk clocks, escalation levels, per-unit counts, from GET /clocks), supervision by mode, the month's
// rankings (GET /assessment) and today's hotspots with an alert when something rises (GET /hotspots).
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { ref } from '/webjars/lit-html/3.3.1/directives/ref.js';
import { t } from '../i18n.js';
import { serverNow } from '../api.js';
import { pageHeader, icon, emptyState, tabs, walkTree, kindLabel, UNIT_KINDS, errorMessage, formatNumber } from '../ui.js';
import { totals, levelLabel } from '../clocks.js';
import { card } from './frame.js';
import { createClockBoard } from './clock-board.js';

/** The KPI tiles and where each number comes from in GET /dashboard/today. */
const KPIS = [
  { id: 'calls', value: (d) => d.calls.total, note: (d) => t('leadership.callsNote', { answered: formatNumber(d.calls.answered), missed: formatNumber(d.calls.missed) }) },
  { id: 'orders', value: (d) => d.today.taken, note: (d) => t('leadership.ordersNote', { n: formatNumber(d.today.dispatched) }) },
  { id: 'directRate', rate: true, value: (d) => d.today.directAnswerRate, note: (d) => t('leadership.directNote', { n: formatNumber(d.today.answeredDirectly) }) },
  { id: 'onTimeRate', rate: true, value: (d) => d.month.onTimeCompletionRate, note: () => t('leadership.monthNote') },
  { id: 'satisfaction', rate: true, value: (d) => d.month.satisfactionRate, note: () => t('leadership.monthNote') },
];

export function percent(v) {
  return v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%';
}

function month() {
  const d = serverNow();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
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
  const state = { rankKind: RANK_KINDS[0], counts: null, unitsError: null, chartError: null, today: null, ranking: null, hot: null, places: null, terms: null };
  let refresh = 0;

  async function loadNumbers() {
    const [today, ranking, hot, places, terms] = await Promise.allSettled([
      ctx.api.get('/dashboard/today'), ctx.api.get('/assessment?period=' + month()), ctx.api.get('/hotspots'),
      ctx.api.get('/hotspots/places?days=7'), ctx.api.get('/hotspots/terms'),
    ]);
    if (today.status === 'fulfilled') state.today = today.value;
    if (ranking.status === 'fulfilled') state.ranking = ranking.value;
    if (hot.status === 'fulfilled') state.hot = hot.value;
    if (places.status === 'fulfilled') state.places = places.value;
    if (terms.status === 'fulfilled') state.terms = terms.value;
  }

  function kpiTile(k) {
    const d = state.today;
    const v = d ? k.value(d) : null;
    const shown = !d ? '—' : k.rate ? percent(v) : formatNumber(v);
    return html`<article class="tile tile-kpi" data-kpi=${k.id}>
      <p class="tile-label">${t('leadership.kpi.' + k.id)}</p>
      <p class=${'tile-value' + (d ? '' : ' muted')} data-value=${d ? String(v) : ''}>${shown}</p>
      <p class="tile-note">${d ? k.note(d) : t('common.loading')}</p>
    </article>`;
  }

  function rankingView() {
    const r = state.ranking;
    if (!r) return emptyState(t('leadership.noRanking'), t('leadership.rankingHint'));
    const rows = r.units.filter((u) => u.unitKind === state.rankKind).sort((a, b) => a.rank - b.rank);
    if (!rows.length) return emptyState(t('leadership.noRanking'), t('leadership.rankingHint'));
    return html`<table class="table table-compact" id="leadership-ranking-table"><thead><tr><th>${t('leadership.rank')}</th><th>${t('leadership.unit')}</th>
        <th>${t('leadership.received')}</th><th>${t('leadership.kpi.onTimeRate')}</th><th>${t('leadership.kpi.satisfaction')}</th><th>${t('leadership.score')}</th></tr></thead>
      <tbody>${rows.slice(0, 10).map((u) => html`<tr data-unit=${u.unitId}><td>${u.rank}</td><td>${u.unitName}</td><td>${formatNumber(u.received)}</td>
        <td>${percent(u.onTimeCompletionRate)}</td><td>${percent(u.satisfactionRate)}</td><td><strong>${u.score === null ? '—' : u.score.toFixed(1)}</strong></td></tr>`)}</tbody></table>
      <p class="muted small">${t('leadership.rankingNote', { period: r.period })}
        <a href="#/assessment" id="leadership-full-report">${t('leadership.fullReport')}</a></p>`;
  }

  function hotspotView() {
    const h = state.hot;
    if (!h || (!h.rising.length && !h.counts.length)) return emptyState(t('leadership.noHotspots'), t('leadership.hotspotsHint'));
    return html`${h.rising.length ? html`<ul class="hot-rising" id="leadership-rising">${h.rising.map((r) => html`<li>
        ${icon('alert')}<strong>${r.category}</strong><span>${r.area || ''}</span><span class="tone-over">${t('leadership.risingN', { today: r.today, usual: r.usual.toFixed(1) })}</span></li>`)}</ul>` : nothing}
      <ol class="hot-counts">${h.counts.slice(0, 8).map((c) => html`<li><span>${c.category}${c.area ? ' · ' + c.area : ''}</span><strong>${formatNumber(c.count)}</strong></li>`)}</ol>`;
  }

  /** Repeated requests about one place this week, each with links to its orders. */
  function placesView() {
    const p = state.places;
    if (!p || !p.places.length) return html`<p class="muted small">${t('leadership.noPlaces')}</p>`;
    return html`<ul class="hot-places" id="leadership-places">${p.places.slice(0, 6).map((x) => html`<li>
        ${icon('pin')}<span><strong>${x.address}</strong> <span class="muted">${x.area || ''}${x.topCategory ? ' · ' + x.topCategory : ''}</span></span>
        <span class="tone-over">${t('leadership.placeN', { n: x.orders })}</span>
        <span class="hot-links">${x.orderIds.slice(0, 5).map((id) => html`<a href=${'#/orders/' + id}>#${id}</a>`)}</span></li>`)}</ul>`;
  }

  /** The week's top terms; a term at more than twice its usual level is marked rising. */
  function termsView() {
    const w = state.terms;
    if (!w || !w.terms.length) return html`<p class="muted small">${t('leadership.noTerms')}</p>`;
    return html`<ul class="hot-terms" id="leadership-terms" aria-label=${t('leadership.terms', { week: w.week })}>${w.terms.slice(0, 15).map((x) => {
      const rising = x.orders >= 5 && x.orders > 2 * x.usual;
      return html`<li class=${rising ? 'rising' : ''} title=${t('leadership.termTitle', { n: x.orders, usual: x.usual })}>${x.term}<small>${formatNumber(x.orders)}${rising ? ' ↑' : ''}</small></li>`;
    })}</ul>`;
  }

  function supervisionView() {
    const m = state.today && state.today.supervision;
    if (!m) return emptyState(t('common.loading'));
    return html`<ul class="plain-bars" id="leadership-supervision">${Object.entries(m).map(([id, v]) => html`<li data-mode=${id}>
      <a href="#/supervision">${t('sv.mode.' + id)}</a><strong>${formatNumber(v.open + v.in_progress + v.reported)}</strong>
      ${v.overdue ? html`<span class="badge badge-over">${t('sv.overdueN', { n: v.overdue })}</span>` : nothing}</li>`)}</ul>`;
  }
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
        loadNumbers(),
      ]);
      board.start();
      refresh = window.setInterval(async () => {
        if (!ctx.isCurrent() || document.hidden) return;
        await loadNumbers();
        ctx.update();
      }, 60_000);
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
      window.clearInterval(refresh);
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
        ${pageHeader('page.leadership', 'leadership.desc', html`<a class="btn btn-quiet" href="#/wall" id="leadership-wall">${icon('chart')}<span>${t('page.wall')}</span></a>`)}
        ${state.hot && state.hot.rising.length ? html`<div class="notice notice-warn" role="alert" id="leadership-alert">${icon('alert')}<span>${t('leadership.alert', { n: state.hot.rising.length, first: state.hot.rising[0].category })}</span></div>` : nothing}
        <div class="tiles tiles-6" id="leadership-kpis">
          ${KPIS.map(kpiTile)}
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
            ${rankingView()}`, { iconName: 'chart', id: 'leadership-rankings' })}
          ${card('leadership.supervision', supervisionView(), { iconName: 'flag', id: 'leadership-supervision-card' })}
          ${card('leadership.hotspots', html`${hotspotView()}
            <h3 class="subhead">${t('leadership.places')}</h3>${placesView()}
            <h3 class="subhead">${state.terms ? t('leadership.terms', { week: state.terms.week }) : t('leadership.termsTitle')}</h3>${termsView()}`, { iconName: 'map', id: 'leadership-hotspots' })}
        </div>
        <p class="source-note">${icon('info')}<span>${t('leadership.sourceNote')}</span></p>`;
    },
  };
}
