// 审核回访 — review units' replies before closing, call citizens back, send unresolved orders back.
import { html } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { pageHeader, previewNotice } from '../ui.js';
import { queueFrame, card, workflowStrip, WORKFLOW } from './frame.js';

export function create(ctx) {
  const model = { active: 'replies' };
  return {
    view() {
      return html`
        ${pageHeader('page.review', 'review.desc')}
        ${previewNotice()}
        ${workflowStrip(WORKFLOW, ['review', 'callback', 'close'])}
        <div class="split">
          <div class="split-main">
            ${queueFrame(model, ctx.update, {
              id: 'review-queue',
              labelKey: 'review.queue',
              tabs: [
                { id: 'replies', key: 'review.tab.replies' },
                { id: 'returns', key: 'review.tab.returns' },
                { id: 'callbacks', key: 'review.tab.callbacks' },
                { id: 'rehandle', key: 'review.tab.rehandle', tone: 'warn' },
              ],
              columns: ['col.orderNo', 'col.type', 'col.summary', 'col.leadUnit', 'col.repliedAt', 'col.remaining'],
              emptyKey: 'common.noOrders',
              hintKey: 'review.emptyHint',
            })}
          </div>
          <aside class="split-side">
            ${card('review.callbackScale', html`
              <p class="card-text">${t('review.callbackScaleDesc')}</p>
              <div class="scale">
                <span class="chip chip-ok">${t('review.satisfied')}</span>
                <span class="chip chip-mid">${t('review.basicallySatisfied')}</span>
                <span class="chip chip-bad">${t('review.dissatisfied')}</span>
              </div>
              <div class="scale">
                <span class="chip">${t('review.resolved')}</span>
                <span class="chip">${t('review.unresolved')}</span>
              </div>`, { iconName: 'phone', id: 'review-scale' })}
            ${card('review.checklist', html`<ul class="bullets">
              <li>${t('review.check1')}</li><li>${t('review.check2')}</li><li>${t('review.check3')}</li>
            </ul>`, { iconName: 'review' })}
          </aside>
        </div>`;
    },
  };
}
