// 时限预警 — the time limits that have run out or are about to: for a unit's staff the clocks running against their
// unit and the units below it; for the centre's dispatchers and reviewers every unit. Escalated first (催办 and up),
// then overdue, then at risk; each row opens its order.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { pageHeader, icon, formatNumber } from '../ui.js';
import { totals, levelBadge } from '../clocks.js';
import { createClockBoard } from './clock-board.js';
import { card } from './frame.js';

export function create(ctx) {
  const board = createClockBoard(ctx, { id: 'clock-board', limit: 200 });
  const roles = ctx.user.roles || [];
  const unitStaff = roles.some((r) => r === 'unit_handler' || r === 'unit_admin')
    && !roles.some((r) => ['dispatcher', 'reviewer', 'supervisor', 'leader', 'operator'].includes(r));

  function summary() {
    if (!board.state.data) return nothing;
    const sum = totals(board.state.data.byUnit);
    const tile = (key, value, tone = '', extra = nothing) => html`<article class=${'tile tile-kpi' + (tone ? ' tile-' + tone : '')} data-kpi=${key}>
      <p class="tile-label">${t('clocks.kpi.' + key)}</p>
      <p class="tile-value" data-value=${String(value)}>${typeof value === 'number' ? formatNumber(value) : value}</p>
      ${extra}
    </article>`;
    return html`<div class="tiles tiles-4" id="clock-kpis">
      ${tile('open', sum.open)}
      ${tile('overdue', sum.overdue, sum.overdue ? 'over' : '')}
      ${tile('atRisk', sum.atRisk, sum.atRisk ? 'warn' : '')}
      ${tile('maxLevel', sum.maxLevel ? '' : '—', '', sum.maxLevel ? html`<p class="tile-badge">${levelBadge(sum.maxLevel)}</p>` : nothing)}
    </div>`;
  }

  return {
    async load() {
      await board.load();
      board.start();
    },
    dispose() {
      board.dispose();
    },
    onLangChange() {
      ctx.update();
    },
    view() {
      const unit = ctx.user.unit;
      return html`
        ${pageHeader('page.clocks', unitStaff ? 'clocks.descUnit' : 'clocks.descCentre')}
        <div class="context-bar">
          ${unitStaff
            ? html`<span class="context-label">${t('common.currentUnit')}</span><strong id="clocks-unit">${unit ? unit.name : t('shell.noUnit')}</strong>
                <span class="muted small">${t('clocks.scopeUnit')}</span>`
            : html`<span class="context-label">${t('clocks.scope')}</span><strong id="clocks-unit">${t('clocks.scopeAll')}</strong>`}
          <ul class="legend" aria-label=${t('deadline.legend')}>
            <li><span class="dot dot-ok" aria-hidden="true"></span>${t('clock.state.green')}</li>
            <li><span class="dot dot-warn" aria-hidden="true"></span>${t('clock.state.amber')}</li>
            <li><span class="dot dot-over" aria-hidden="true"></span>${t('clock.state.red')}</li>
          </ul>
        </div>
        ${summary()}
        ${board.listView({ title: t('clocks.title') })}
        ${card('clocks.byUnit', board.byUnitView({ id: 'clock-units' }), {
          iconName: 'building', id: 'clock-units-card',
          extra: html`<span class="card-meta">${t('clocks.byUnitNote')}</span>`,
        })}
        <p class="source-note">${icon('info')}<span>${t('clocks.sourceNote')}</span></p>`;
    },
  };
}
