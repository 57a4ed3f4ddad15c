// 派单调度 — the centre's dispatch queues: new orders to dispatch, returns to review, extension requests, overdue.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { formatNumber } from '../ui.js';
import { createQueuePage } from './queue.js';

export function create(ctx) {
  let rules = null;
  const page = createQueuePage(ctx, {
    pageId: 'dispatch',
    descKey: 'dispatch.desc',
    boxes: [
      { id: 'to-dispatch' },
      { id: 'returned', tone: 'warn' },
      { id: 'extensions', tone: 'warn' },
      { id: 'overdue', tone: 'over' },
    ],
    context: () => html`<span class="context-label">${t('dispatch.catalogue')}</span>
      <strong id="catalogue-count">${rules === null ? '—' : t('dispatch.catalogueCount', { n: formatNumber(rules) })}</strong>
      ${rules === 0 ? html`<span class="muted small">${t('dispatch.catalogueEmpty')}</span>` : nothing}`,
  });
  const load = page.load;
  page.load = async () => {
    const [, r] = await Promise.allSettled([load(), ctx.api.get('/dispatch-rules')]);
    rules = r.status === 'fulfilled' && r.value && Array.isArray(r.value.items) ? r.value.items.length : null;
  };
  return page;
}
