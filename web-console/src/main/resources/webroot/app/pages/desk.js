// 受理台 — the operator's desk: caller, intake form, live assistant (knowledge base, similar orders).
// Intake opens in a later release; this frame shows the layout operators work in, with inputs disabled.
import { html } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { pageHeader, previewNotice, icon, emptyState } from '../ui.js';
import { card, workflowStrip, WORKFLOW } from './frame.js';

const TYPES = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'];
const URGENCIES = ['normal', 'urgent', 'emergency'];

export function create() {
  return {
    view() {
      return html`
        ${pageHeader('page.desk', 'desk.desc')}
        ${previewNotice()}
        <section class="callbar" id="desk-callbar" aria-label=${t('desk.callbar')}>
          <div class="callbar-item">${icon('phone')}<span class="callbar-label">${t('desk.callerNumber')}</span><span class="callbar-value muted">—</span></div>
          <div class="callbar-item">${icon('clock')}<span class="callbar-label">${t('desk.callTime')}</span><span class="callbar-value muted">—</span></div>
          <div class="callbar-item"><span class="callbar-label">${t('desk.history')}</span><span class="callbar-value" data-count="0">0</span></div>
          <div class="callbar-status"><span class="dot dot-idle" aria-hidden="true"></span>${t('desk.idle')}</div>
        </section>
        ${workflowStrip(WORKFLOW, ['accept', 'dispatch'])}
        <div class="split split-wide-side">
          <div class="split-main">
            ${card('desk.intake', html`
              <form class="form-grid intake" id="desk-intake" aria-describedby="preview-notice">
                <fieldset class="field field-span-2" disabled>
                  <legend>${t('desk.type')}</legend>
                  <div class="segmented">${TYPES.map((k, i) => html`<label class="seg"><input type="radio" name="type" value=${k} ?checked=${i === 0}><span>${t('orderType.' + k)}</span></label>`)}</div>
                </fieldset>
                <fieldset class="field field-span-2" disabled>
                  <legend>${t('desk.urgency')}</legend>
                  <div class="segmented">${URGENCIES.map((k, i) => html`<label class="seg"><input type="radio" name="urgency" value=${k} ?checked=${i === 0}><span>${t('urgency.' + k)}</span></label>`)}</div>
                </fieldset>
                <div class="field"><label for="desk-caller">${t('desk.callerName')}</label><input id="desk-caller" disabled></div>
                <div class="field"><label for="desk-phone">${t('desk.callerPhone')}</label><input id="desk-phone" disabled></div>
                <div class="field"><label for="desk-category">${t('desk.category')}</label><select id="desk-category" disabled><option>${t('common.select')}</option></select></div>
                <div class="field"><label for="desk-area">${t('desk.area')}</label><select id="desk-area" disabled><option>${t('common.select')}</option></select></div>
                <div class="field field-span-2"><label for="desk-address">${t('desk.address')}</label><input id="desk-address" disabled></div>
                <div class="field field-span-2"><label for="desk-content">${t('desk.content')}</label><textarea id="desk-content" rows="5" disabled></textarea></div>
                <div class="form-actions field-span-2">
                  <label class="check"><input type="checkbox" disabled><span>${t('desk.confidential')}</span></label>
                  <span class="spacer"></span>
                  <button type="button" class="btn" disabled>${t('desk.answerDirect')}</button>
                  <button type="button" class="btn btn-primary" disabled>${t('desk.dispatchNow')}</button>
                </div>
              </form>`, { iconName: 'edit', id: 'desk-intake-card' })}
          </div>
          <aside class="split-side">
            ${card('desk.kb', emptyState(t('desk.kbEmpty')), { iconName: 'book', id: 'desk-kb' })}
            ${card('desk.similar', emptyState(t('common.noOrders')), { iconName: 'copy', id: 'desk-similar' })}
            ${card('desk.suggest', emptyState(t('desk.suggestEmpty')), { iconName: 'dispatch', id: 'desk-suggest' })}
          </aside>
        </div>`;
    },
  };
}
