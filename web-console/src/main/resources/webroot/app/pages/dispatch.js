// 派单调度 — the centre dispatches accepted orders by the dispatch catalogue, reviews returns, merges repeats.
import { html } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { pageHeader, previewNotice } from '../ui.js';
import { queueFrame, card, pendingFacts, workflowStrip, WORKFLOW } from './frame.js';

export function create(ctx) {
  const model = { active: 'pending' };
  return {
    view() {
      return html`
        ${pageHeader('page.dispatch', 'dispatch.desc')}
        ${previewNotice()}
        ${workflowStrip(WORKFLOW, ['dispatch'])}
        <div class="split">
          <div class="split-main">
            ${queueFrame(model, ctx.update, {
              id: 'dispatch-queue',
              labelKey: 'dispatch.queue',
              tabs: [
                { id: 'pending', key: 'dispatch.tab.pending' },
                { id: 'returns', key: 'dispatch.tab.returns', tone: 'warn' },
                { id: 'duplicates', key: 'dispatch.tab.duplicates' },
                { id: 'dispatched', key: 'dispatch.tab.dispatched' },
              ],
              columns: ['col.orderNo', 'col.type', 'col.summary', 'col.area', 'col.category', 'col.suggestedUnit', 'col.acceptedAt'],
              emptyKey: 'common.noOrders',
              hintKey: 'dispatch.emptyHint',
            })}
          </div>
          <aside class="split-side">
            ${card('dispatch.catalogue', html`
              <p class="card-text">${t('dispatch.catalogueDesc')}</p>
              ${pendingFacts(['dispatch.catalogueVersion', 'dispatch.catalogueRules', 'dispatch.catalogueUpdated'])}`, { iconName: 'book', id: 'dispatch-catalogue' })}
            ${card('dispatch.rules', html`<ul class="bullets">
              <li>${t('dispatch.rule1')}</li><li>${t('dispatch.rule2')}</li><li>${t('dispatch.rule3')}</li>
            </ul>`, { iconName: 'info' })}
          </aside>
        </div>`;
    },
  };
}
