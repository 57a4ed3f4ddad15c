// Building blocks for the work pages: titled cards, the deadline legend, and placeholders for data that arrives
// with later releases (shown as “—”, never invented).
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { t } from '../i18n.js';
import { icon } from '../ui.js';

/** A titled card. */
export function card(titleKey, body, { id = '', iconName = '', extra = nothing, className = '' } = {}) {
  return html`
    <section class=${classMap({ card: true, [className]: !!className })} id=${id || nothing}>
      <div class="card-head">
        <h2 class="card-title">${iconName ? icon(iconName) : nothing}<span>${t(titleKey)}</span></h2>
        ${extra}
      </div>
      <div class="card-body">${body}</div>
    </section>`;
}

/** A definition list of labels with "not yet available" values. */
export function pendingFacts(keys) {
  return html`<dl class="facts">${keys.map((key) => html`<div class="fact"><dt>${t(key)}</dt><dd class="muted">—</dd></div>`)}</dl>`;
}

/** Steps of the workflow the page belongs to, the current ones highlighted. */
export function workflowStrip(steps, current) {
  return html`<ol class="workflow" aria-label=${t('workflow.label')}>
    ${steps.map((step) => html`<li class=${classMap({ 'workflow-step': true, current: current.includes(step) })}>${t('workflow.' + step)}</li>`)}
  </ol>`;
}

export const WORKFLOW = ['accept', 'dispatch', 'sign', 'handle', 'reply', 'review', 'callback', 'close'];

/** Legend of deadline colours used by order lists. */
export function deadlineLegend() {
  return html`<ul class="legend" aria-label=${t('deadline.legend')}>
    <li><span class="dot dot-ok" aria-hidden="true"></span>${t('deadline.ok')}</li>
    <li><span class="dot dot-warn" aria-hidden="true"></span>${t('deadline.warn')}</li>
    <li><span class="dot dot-over" aria-hidden="true"></span>${t('deadline.over')}</li>
  </ul>`;
}
