// 单位待办 — a unit's inbox of orders: sign, handle, reply, return, ask for an extension.
// The order workflow arrives in a later release; the frame shows the real queues, all empty.
import { html } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { pageHeader, previewNotice } from '../ui.js';
import { queueFrame, workflowStrip, WORKFLOW, deadlineLegend } from './frame.js';

export const INBOX_TABS = [
  { id: 'to-sign', key: 'unitInbox.tab.toSign' },
  { id: 'in-hand', key: 'unitInbox.tab.inHand' },
  { id: 'due-soon', key: 'unitInbox.tab.dueSoon', tone: 'warn' },
  { id: 'returned', key: 'unitInbox.tab.returned' },
  { id: 'extension', key: 'unitInbox.tab.extension' },
];

export function create(ctx) {
  const model = { active: 'to-sign' };
  return {
    view() {
      const unit = ctx.user.unit;
      return html`
        ${pageHeader('page.unit-inbox', 'unitInbox.desc')}
        ${previewNotice()}
        <div class="context-bar">
          <span class="context-label">${t('common.currentUnit')}</span>
          <strong id="inbox-unit">${unit ? unit.name : t('shell.noUnit')}</strong>
          ${deadlineLegend()}
        </div>
        ${workflowStrip(WORKFLOW, ['sign', 'handle', 'reply'])}
        ${queueFrame(model, ctx.update, {
          id: 'inbox-queue',
          labelKey: 'unitInbox.queue',
          tabs: INBOX_TABS,
          columns: ['col.orderNo', 'col.type', 'col.summary', 'col.urgency', 'col.dispatchedAt', 'col.remaining', 'col.actions'],
          emptyKey: 'common.noOrders',
          hintKey: 'unitInbox.emptyHint',
        })}`;
    },
  };
}
