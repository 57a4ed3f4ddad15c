// 单位待办 — a unit's inboxes: to sign, in hand, due soon, returned by us, extension pending, co-handling; and how the
// unit's time limits stand (overdue, at risk), linking to the time-limits page.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { formatNumber } from '../ui.js';
import { totals } from '../clocks.js';
import { createQueuePage } from './queue.js';

export function create(ctx) {
  let clocks = null;
  const page = createQueuePage(ctx, {
    pageId: 'unit-inbox',
    descKey: 'unitInbox.desc',
    boxes: [
      { id: 'to-sign', tone: 'warn' },
      { id: 'in-hand' },
      { id: 'overdue-soon', tone: 'over' },
      { id: 'returned-by-us' },
      { id: 'extension-pending' },
      { id: 'co-handling' },
    ],
    context: () => {
      const unit = ctx.user.unit;
      return html`<span class="context-label">${t('common.currentUnit')}</span>
        <strong id="inbox-unit">${unit ? unit.name : t('shell.noUnit')}</strong>
        ${clocks ? html`<a class="clock-summary-link" id="inbox-clocks" href="#/clocks">
            <span class=${clocks.overdue ? 'count-over' : ''}>${t('unitInbox.overdue', { n: formatNumber(clocks.overdue) })}</span>
            <span class=${clocks.atRisk ? 'count-warn' : ''}>${t('unitInbox.atRisk', { n: formatNumber(clocks.atRisk) })}</span>
            <span>${t('unitInbox.toClocks')}</span></a>` : nothing}`;
    },
  });
  const load = page.load;
  // The unit's overdue and at-risk clocks, counted over every open clock in its scope (one list item is enough).
  async function loadClocks() {
    try {
      const answer = await ctx.api.get('/clocks?view=overdue&limit=1');
      clocks = totals(answer && answer.byUnit);
    } catch {
      clocks = null;
    }
  }
  page.load = async () => {
    await Promise.all([load(), loadClocks()]);
  };
  return page;
}
