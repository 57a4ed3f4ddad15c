// 督查督办 — follow overdue and problem orders and run the four supervision modes.
import { html } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { pageHeader, previewNotice, icon } from '../ui.js';
import { queueFrame } from './frame.js';

const MODES = [
  { id: 'onsite', iconName: 'pin' },
  { id: 'meeting', iconName: 'meeting' },
  { id: 'memo', iconName: 'memo' },
  { id: 'media', iconName: 'tv' },
];

export function create(ctx) {
  const model = { active: 'problem' };
  return {
    view() {
      return html`
        ${pageHeader('page.supervision', 'supervision.desc')}
        ${previewNotice()}
        <div class="tiles tiles-4" id="supervision-modes">
          ${MODES.map((m) => html`
            <article class="tile tile-mode" data-mode=${m.id}>
              <div class="tile-head">${icon(m.iconName, 'tile-icon')}<h2 class="tile-title">${t('supervision.mode.' + m.id)}</h2></div>
              <p class="tile-desc">${t('supervision.modeDesc.' + m.id)}</p>
              <p class="tile-foot"><span class="tile-foot-label">${t('supervision.active')}</span><span class="tile-count" data-count="0">0</span></p>
            </article>`)}
        </div>
        ${queueFrame(model, ctx.update, {
          id: 'supervision-queue',
          labelKey: 'supervision.queue',
          tabs: [
            { id: 'problem', key: 'supervision.tab.problem', tone: 'warn' },
            { id: 'overdue', key: 'supervision.tab.overdue', tone: 'over' },
            { id: 'cases', key: 'supervision.tab.cases' },
            { id: 'urged', key: 'supervision.tab.urged' },
          ],
          columns: ['col.orderNo', 'col.summary', 'col.leadUnit', 'col.reason', 'col.overdueBy', 'col.escalation'],
          emptyKey: 'common.noOrders',
          hintKey: 'supervision.emptyHint',
          tools: html`<div class="tool-chips" aria-label=${t('supervision.tools')}>
            ${['urge', 'notice', 'bulletin', 'summons'].map((k) => html`<span class="chip">${t('supervision.tool.' + k)}</span>`)}
          </div>`,
        })}`;
    },
  };
}
