// 单位待办 — a unit's inboxes: to sign, in hand, due soon, returned by us, extension pending, co-handling.
import { html } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { createQueuePage } from './queue.js';

export function create(ctx) {
  return createQueuePage(ctx, {
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
        <strong id="inbox-unit">${unit ? unit.name : t('shell.noUnit')}</strong>`;
    },
  });
}
