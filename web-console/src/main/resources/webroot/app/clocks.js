// Time limits in the console: an order's clocks (sign, handle, co-handler opinion, callback) as the server reports
// them — the time left in words, the colour, the escalation level — and the overdue / at-risk / escalated lists.
// The console never computes a deadline itself: remainingSeconds and state come from the server, which counts
// working time on the calendar.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { t } from './i18n.js';
import { formatDateTime, emptyState, formatNumber } from './ui.js';
import { orderHref } from './router.js';
import { statusLabel, typeLabel, urgencyBadge } from './orders.js';

export const CLOCK_KINDS = ['sign', 'handle', 'opinion', 'callback'];
export const LIMIT_UNITS = ['working_minutes', 'working_hours', 'working_days', 'minutes', 'hours', 'days'];
export const NOTIFY_TARGETS = ['handler_unit', 'parent_unit', 'supervisor', 'leader'];

/**
 * Office time in one working day, in seconds, when a clock does not say (each clock carries `officeSecondsPerDay`
 * from the server's configured office hours): the default 09:00–12:00, 13:30–17:30.
 */
export const OFFICE_DAY_SECONDS = 7 * 3600;

function label(prefix, value) {
  if (value === null || value === undefined || value === '') return '';
  const key = prefix + value;
  const text = t(key);
  return text === key ? String(value) : text;
}

export const clockKindLabel = (kind, fallback) => (kind ? label('clock.kind.', kind) : fallback || '');
export const notifyLabel = (target) => label('clock.notify.', target);
export const outcomeLabel = (outcome) => label('clock.outcome.', outcome);

/** Level 1 is the urge (催办) at the deadline; later levels escalate up the chain. */
export function levelLabel(level) {
  if (!level) return '';
  return level === 1 ? t('clock.level1') : t('clock.levelN', { n: level });
}

/**
 * A length of time in words. Working clocks: "3 个工作日 2 小时", "1 小时 20 分", "45 分钟" (office time); calendar
 * clocks (emergencies): "1 天 2 小时". Two largest units; never less than a minute unless zero.
 */
export function durationWords(seconds, calendarTime = false, officeDay = OFFICE_DAY_SECONDS) {
  const total = Math.abs(Math.trunc(Number(seconds) || 0));
  const dayLength = calendarTime ? 86_400 : (officeDay || OFFICE_DAY_SECONDS);
  const days = Math.floor(total / dayLength);
  const rest = total - days * dayLength;
  const hours = Math.floor(rest / 3600);
  const minutes = Math.floor((rest % 3600) / 60);
  const dayKey = calendarTime ? 'clock.dur.days' : 'clock.dur.workingDays';
  if (days > 0) {
    return hours > 0 ? `${t(dayKey, { n: days })} ${t('clock.dur.hours', { n: hours })}` : t(dayKey, { n: days });
  }
  if (hours > 0) {
    return minutes > 0 ? `${t('clock.dur.hours', { n: hours })} ${t('clock.dur.minutes', { n: minutes })}` : t('clock.dur.hoursOnly', { n: hours });
  }
  if (minutes > 0) return t('clock.dur.minutesOnly', { n: minutes });
  return total > 0 ? t('clock.dur.underMinute') : t('clock.dur.zero');
}

/** "剩余 3 个工作日 2 小时" / "已超期 1 小时 20 分" / "已暂停（剩余 …）" for an open clock; '' for a stopped one. */
export function remainingWords(clock) {
  if (!clock || clock.remainingSeconds === undefined || clock.remainingSeconds === null) return '';
  const s = Number(clock.remainingSeconds);
  const words = durationWords(s, clock.calendarTime, clock.officeSecondsPerDay);
  if (clock.status === 'paused') return t(s < 0 ? 'clock.pausedOver' : 'clock.pausedLeft', { d: words });
  if (s <= -60) return t('clock.over', { d: words });
  // Past the deadline by less than a minute of office time: e.g. a deadline at noon seen in the lunch break.
  if (s < 60 && (s < 0 || clock.state === 'red')) return t('clock.dueNow');
  return t('clock.left', { d: words });
}

/** The tone for CSS (ok | warn | over | paused | done | late | stopped), from the server's state and outcome. */
export function clockTone(clock) {
  if (!clock) return 'none';
  if (clock.status === 'stopped') {
    if (clock.outcome === 'met') return 'done';
    if (clock.outcome === 'late') return 'late';
    return 'stopped';
  }
  if (clock.status === 'paused') return 'paused';
  return { green: 'ok', amber: 'warn', red: 'over' }[clock.state] || 'ok';
}

/** "1 级 · 催办" as a badge; nothing below level 1. */
export function levelBadge(level, id = '') {
  if (!level) return nothing;
  return html`<span class=${'esc-badge esc-' + Math.min(level, 3)} data-level=${level} id=${id || nothing}
    title=${t('clock.levelTitle', { n: level })}>${t('clock.levelShort', { n: level })} · ${levelLabel(level)}</span>`;
}

/** A compact coloured "time left" for tables. */
export function remainingCell(clock) {
  const tone = clockTone(clock);
  return html`<div class=${'deadline tone-' + tone} data-tone=${tone} title=${t('deadline.due', { time: formatDateTime(clock.deadline) })}>
    <span class="deadline-left">${remainingWords(clock)}</span>
  </div>`;
}

/** A queue row's deadline from the server's clock: kind, time left or overdue by (working time), level. */
export function clockDeadlineCell(clock) {
  const tone = clockTone(clock);
  return html`<div class=${'deadline tone-' + tone} data-tone=${tone} data-clock=${String(clock.id)}
      title=${t('deadline.due', { time: formatDateTime(clock.deadline) })}>
    <span class="deadline-kind">${clockKindLabel(clock.kind, clock.kindName)}</span>
    <span class="deadline-left">${remainingWords(clock)}</span>
  </div>${clock.level ? html`<div class="sub deadline-level">${levelBadge(clock.level)}</div>` : nothing}`;
}

/**
 * The orders' overdue and at-risk clocks by order id, the most pressing one per order (the API's list rows carry
 * no clocks): queues show these in the server's working time instead of counting down on the client.
 */
export async function pressingClocks(api, limit = 500) {
  const [overdue, atRisk] = await Promise.all(['overdue', 'at-risk'].map((view) =>
    api.get('/clocks?' + new URLSearchParams({ view, limit: String(limit) }).toString())));
  const byOrder = new Map();
  for (const c of [...(overdue.items || []), ...(atRisk.items || [])]) {
    const id = c.order && c.order.id;
    if (id === undefined || id === null) continue;
    const seen = byOrder.get(id);
    // Overdue before at risk (the lists come in that order), then the earlier deadline.
    if (!seen || (seen.state === c.state && String(c.deadline) < String(seen.deadline))) byOrder.set(id, c);
  }
  return byOrder;
}

/** A limit as policy text: "15 个工作日", "30 分钟", "到期时" (after 0). */
export function limitText(limit, { zero = '' } = {}) {
  if (!limit || typeof limit !== 'object') return '—';
  if (Number(limit.amount) === 0 && zero) return zero;
  return t('limit.' + limit.unit, { n: limit.amount });
}

// ---------------------------------------------------------------- the overdue / at-risk / escalated lists

export const CLOCK_VIEWS = ['escalated', 'overdue', 'at-risk'];

/** Loads the three views at once; byUnit is the same in each (every open clock in scope). */
export async function loadClockViews(api, { limit = 200, unitId = null } = {}) {
  const query = (view) => {
    const p = new URLSearchParams({ view, limit: String(limit) });
    if (unitId) p.set('unitId', String(unitId));
    return '/clocks?' + p.toString();
  };
  const [escalated, overdue, atRisk] = await Promise.all(CLOCK_VIEWS.map((v) => api.get(query(v))));
  return {
    views: { escalated: escalated.items || [], overdue: overdue.items || [], 'at-risk': atRisk.items || [] },
    byUnit: overdue.byUnit || escalated.byUnit || [],
    // Counts over everything in scope (the lists are capped at `limit`).
    totals: overdue.totals || escalated.totals || null,
    now: overdue.now || null,
    limit,
  };
}

/** Totals over byUnit: open, overdue and at-risk clocks in scope (not capped by the list limit). */
export function totals(byUnit) {
  const sum = { open: 0, overdue: 0, atRisk: 0, maxLevel: 0 };
  for (const u of byUnit || []) {
    sum.open += Number(u.open) || 0;
    sum.overdue += Number(u.overdue) || 0;
    sum.atRisk += Number(u.atRisk) || 0;
    sum.maxLevel = Math.max(sum.maxLevel, Number(u.maxLevel) || 0);
  }
  return sum;
}

/**
 * The clocks of one view as a table: order (number linking to its page, status, type, urgency, excerpt), the clock
 * (kind, unit), deadline, time left or overdue by, and escalation level. Rows come in the order the API gives.
 */
export function clocksTable(items, { id = '', view = '', showUnit = true, emptyText = '', emptyHint = '' } = {}) {
  const columns = showUnit ? 7 : 6;
  return html`<div class="table-wrap">
    <table class="data-table clocks-table" id=${id || nothing} data-view=${view || nothing}>
      <thead><tr>
        <th scope="col">${t('clockCol.order')}</th>
        <th scope="col">${t('clockCol.clock')}</th>
        ${showUnit ? html`<th scope="col">${t('clockCol.unit')}</th>` : nothing}
        <th scope="col">${t('clockCol.deadline')}</th>
        <th scope="col">${t('clockCol.remaining')}</th>
        <th scope="col">${t('clockCol.level')}</th>
        <th scope="col" class="col-excerpt">${t('clockCol.summary')}</th>
      </tr></thead>
      <tbody>
        ${items.length
          ? items.map((c) => {
            const o = c.order || {};
            return html`<tr data-clock-id=${String(c.id)} data-order-id=${String(o.id ?? '')} data-kind=${c.kind}
                data-level=${String(c.level || 0)} class=${classMap({ [`urg-row-${o.urgency}`]: !!o.urgency })}>
              <td class="nowrap col-number"><a class="order-link" href=${orderHref(o.id)}>${o.number || '#' + o.id}</a>
                <div class="sub"><span class=${'status-badge st-' + String(o.status || '').toLowerCase()} data-status=${o.status || ''}>${statusLabel(o.status, o.statusName)}</span>
                  ${urgencyBadge(o.urgency)}</div></td>
              <td class="nowrap"><span class="clock-kind">${clockKindLabel(c.kind, c.kindName)}</span>
                ${o.type ? html`<div class="sub">${typeLabel(o.type)}${o.category ? ' · ' + o.category : ''}</div>` : nothing}</td>
              ${showUnit ? html`<td class="col-unit">${c.unitName || html`<span class="muted">—</span>`}</td>` : nothing}
              <td class="nowrap num small">${formatDateTime(c.deadline)}</td>
              <td class="nowrap">${remainingCell(c)}</td>
              <td class="nowrap">${c.level ? levelBadge(c.level) : html`<span class="muted">—</span>`}</td>
              <td class="col-excerpt"><span class="excerpt" title=${o.excerpt || ''}>${o.excerpt || ''}</span></td>
            </tr>`;
          })
          : html`<tr class="empty-row"><td colspan=${columns}>${emptyState(emptyText || t('clocks.empty'), emptyHint)}</td></tr>`}
      </tbody>
    </table>
  </div>`;
}

/** Per unit: open clocks, overdue, at risk, the highest escalation level reached. */
export function byUnitTable(byUnit, { id = '' } = {}) {
  if (!byUnit || !byUnit.length) return emptyState(t('clocks.noOpen'));
  return html`<div class="table-wrap">
    <table class="data-table data-table-dense by-unit-table" id=${id || nothing}>
      <thead><tr>
        <th scope="col">${t('byUnit.unit')}</th>
        <th scope="col" class="num">${t('byUnit.open')}</th>
        <th scope="col" class="num">${t('byUnit.overdue')}</th>
        <th scope="col" class="num">${t('byUnit.atRisk')}</th>
        <th scope="col">${t('byUnit.maxLevel')}</th>
      </tr></thead>
      <tbody>${byUnit.map((u) => html`<tr data-unit-id=${String(u.unitId ?? '')} data-unit-name=${u.unitName || ''}>
        <td class="strong">${u.unitName || '—'}</td>
        <td class="num" data-col="open">${formatNumber(u.open || 0)}</td>
        <td class="num" data-col="overdue"><span class=${classMap({ 'count-over': u.overdue > 0 })}>${formatNumber(u.overdue || 0)}</span></td>
        <td class="num" data-col="atRisk"><span class=${classMap({ 'count-warn': u.atRisk > 0 })}>${formatNumber(u.atRisk || 0)}</span></td>
        <td class="nowrap" data-col="maxLevel">${u.maxLevel ? levelBadge(u.maxLevel) : html`<span class="muted">—</span>`}</td>
      </tr>`)}</tbody>
    </table>
  </div>`;
}
