// Building blocks for the work pages whose data arrives with later releases: a queue with tabs and an
// empty table, and side cards. Counts shown are zero because no orders exist yet — never invented.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { t } from '../i18n.js';
import { tabs, emptyState, icon } from '../ui.js';

/**
 * A queue: tabs with counts and a table whose body shows the empty state.
 * model: { active } (mutated by the tabs); update(): re-render.
 * spec: { id, tabs: [{id, key, tone?}], columns: [key], emptyKey, hintKey, labelKey }
 */
export function queueFrame(model, update, spec) {
  const items = spec.tabs.map((tab) => ({ id: tab.id, label: t(tab.key), count: 0, tone: tab.tone }));
  const select = (id) => {
    model.active = id;
    update();
  };
  const active = spec.tabs.find((tab) => tab.id === model.active) || spec.tabs[0];
  return html`
    <section class="card queue" id=${spec.id} aria-label=${t(spec.labelKey)}>
      <div class="card-head card-head-tabs">
        ${tabs(items, active.id, select, t(spec.labelKey))}
        ${spec.tools ? html`<div class="queue-tools">${spec.tools}</div>` : nothing}
      </div>
      <div class="table-wrap" role="tabpanel" data-tabpanel=${active.id}>
        <table class="data-table">
          <thead><tr>${spec.columns.map((key) => html`<th scope="col">${t(key)}</th>`)}</tr></thead>
          <tbody>
            <tr class="empty-row"><td colspan=${spec.columns.length}>
              ${emptyState(t(spec.emptyKey || 'common.noOrders'), spec.hintKey ? t(spec.hintKey, { tab: t(active.key) }) : '')}
            </td></tr>
          </tbody>
        </table>
      </div>
    </section>`;
}

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
