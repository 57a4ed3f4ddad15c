// 大屏 — the centre's wall screen: today's numbers in large type on a dark ground, refreshed every 30 seconds from
// GET /dashboard/today and GET /hotspots; hourly intake and channels as charts. Full screen on request.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { ref } from '/webjars/lit-html/3.3.1/directives/ref.js';
import { t } from '../i18n.js';
import { formatNumber, formatDateTime, problemBox } from '../ui.js';
import { percent } from './leadership.js';

const REFRESH_MS = 30_000;
const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';

export function create(ctx) {
  const state = { d: null, hot: null, error: null };
  let echarts = null;
  let hourChart = null;
  let channelChart = null;
  let hourEl = null;
  let channelEl = null;
  let timer = 0;

  async function load() {
    const [d, hot] = await Promise.allSettled([ctx.api.get('/dashboard/today'), ctx.api.get('/hotspots')]);
    if (d.status === 'fulfilled') {
      state.d = d.value;
      state.error = null;
    } else state.error = d.reason;
    if (hot.status === 'fulfilled') state.hot = hot.value;
  }

  function draw() {
    if (!echarts || !state.d) return;
    const axis = { color: '#9fb3cc', fontFamily: FONT };
    if (hourEl && !hourChart) hourChart = echarts.init(hourEl, null, { renderer: 'canvas' });
    if (channelEl && !channelChart) channelChart = echarts.init(channelEl, null, { renderer: 'canvas' });
    const hours = state.d.hourly.byHour;
    if (hourChart) {
      hourChart.setOption({
        animation: false, textStyle: { fontFamily: FONT }, grid: { left: 8, right: 8, top: 16, bottom: 4, containLabel: true },
        xAxis: { type: 'category', data: hours.map((_, i) => String(i)), axisLabel: axis, axisLine: { lineStyle: { color: '#34506f' } } },
        yAxis: { type: 'value', minInterval: 1, axisLabel: axis, splitLine: { lineStyle: { color: '#1d3450' } } },
        series: [{ type: 'bar', data: hours, itemStyle: { color: '#3fa9f5', borderRadius: [3, 3, 0, 0] }, barMaxWidth: 18 }],
      });
    }
    if (channelChart) {
      const ch = state.d.hourly.byChannel;
      channelChart.setOption({
        animation: false, textStyle: { fontFamily: FONT },
        legend: { bottom: 0, textStyle: { color: '#c9d8ea', fontFamily: FONT } },
        series: [{ type: 'pie', radius: ['45%', '70%'], center: ['50%', '42%'], label: { color: '#e6eef8', formatter: '{b} {c}' },
          data: Object.entries(ch).map(([k, v]) => ({ name: t('channel.' + k), value: v })) }],
      });
    }
  }

  function big(id, label, value, note = '') {
    return html`<div class="wall-kpi" data-kpi=${id}><p class="wall-label">${label}</p><p class="wall-value" data-value=${String(value)}>${value}</p>
      ${note ? html`<p class="wall-note">${note}</p>` : nothing}</div>`;
  }

  return {
    async load() {
      const [, lib] = await Promise.allSettled([load(), import('/webjars/echarts/5.5.0/echarts.esm.min.js')]);
      if (lib.status === 'fulfilled') echarts = lib.value;
      timer = window.setInterval(async () => {
        if (!ctx.isCurrent()) return;
        await load();
        ctx.update();
        draw();
      }, REFRESH_MS);
    },
    afterRender() {
      draw();
    },
    dispose() {
      window.clearInterval(timer);
      if (hourChart) hourChart.dispose();
      if (channelChart) channelChart.dispose();
    },
    view() {
      const d = state.d;
      if (!d) return state.error ? problemBox(state.error, { id: 'wall-error' }) : html`<div class="wall"></div>`;
      const levels = d.overdue.byLevel || {};
      const sv = Object.values(d.supervision).reduce((a, m) => a + m.open + m.in_progress + m.reported, 0);
      const rising = state.hot ? state.hot.rising : [];
      return html`<section class="wall" id="wall" aria-live="polite">
        <header class="wall-head"><h1>${t('wall.title')}</h1>
          <span class="wall-time" id="wall-time">${formatDateTime(d.at, true)}</span>
          <button type="button" class="btn btn-small wall-full" @click=${() => document.documentElement.requestFullscreen && document.documentElement.requestFullscreen()}>${t('wall.fullscreen')}</button></header>
        <div class="wall-kpis">
          ${big('calls', t('leadership.kpi.calls'), formatNumber(d.calls.total), t('wall.missed', { n: formatNumber(d.calls.missed) }))}
          ${big('taken', t('wall.taken'), formatNumber(d.today.taken))}
          ${big('direct', t('leadership.kpi.directRate'), percent(d.today.directAnswerRate))}
          ${big('dispatched', t('wall.dispatched'), formatNumber(d.today.dispatched))}
          ${big('overdue', t('leadership.kpi.overdue'), formatNumber(d.overdue.orders), Object.entries(levels).filter(([l]) => l !== '0').map(([l, n]) => t('leadership.levelN', { n: l }) + ' ' + n).join(' · '))}
          ${big('supervision', t('wall.supervision'), formatNumber(sv))}
          ${big('satisfaction', t('wall.monthSatisfaction'), percent(d.month.satisfactionRate))}
        </div>
        <div class="wall-charts">
          <div class="wall-panel"><h2>${t('wall.byHour')}</h2><div class="wall-chart" id="wall-hours" ${ref((el) => { hourEl = el || null; })}></div></div>
          <div class="wall-panel"><h2>${t('wall.byChannel')}</h2><div class="wall-chart" id="wall-channels" ${ref((el) => { channelEl = el || null; })}></div></div>
          <div class="wall-panel"><h2>${t('wall.rising')}</h2>${rising.length
            ? html`<ul class="wall-rising">${rising.map((r) => html`<li><strong>${r.category}</strong> ${r.area || ''} <span>${t('leadership.risingN', { today: r.today, usual: r.usual.toFixed(1) })}</span></li>`)}</ul>`
            : html`<p class="wall-note">${t('wall.noRising')}</p>`}</div>
        </div></section>`;
    },
  };
}
