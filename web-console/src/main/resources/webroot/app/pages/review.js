// 审核回访 — review units' replies, call citizens back (in three clicks, right in the list), review returns and
// extension requests.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { seg, ifMatch, ApiError } from '../api.js';
import { errorMessage, icon } from '../ui.js';
import { createQueuePage } from './queue.js';
import { newCallback, callbackFields, callbackReady, callbackBody, unsuccessful } from '../callback.js';

export function create(ctx) {
  /** Callback models by order id, kept while the list is shown. */
  const callbacks = new Map();
  let page = null;

  function model(row) {
    let cb = callbacks.get(row.id);
    if (!cb) {
      cb = { ...newCallback(), phone: null, phoneBusy: false };
      callbacks.set(row.id, cb);
    }
    return cb;
  }

  async function reveal(row, cb) {
    cb.phoneBusy = true;
    ctx.update();
    try {
      const r = await ctx.api.post('/work-orders/' + seg(row.id) + '/contact', { reason: 'callback' });
      cb.phone = r || {};
    } catch (err) {
      cb.error = err;
    }
    cb.phoneBusy = false;
    ctx.update();
  }

  async function submit(row, cb) {
    if (!callbackReady(cb) || cb.busy) return;
    cb.busy = true;
    cb.error = null;
    ctx.update();
    try {
      const order = await ctx.api.post(`/work-orders/${seg(row.id)}/actions/callback`, callbackBody(cb), { headers: ifMatch(row.version) });
      callbacks.delete(row.id);
      ctx.toast(order && order.status === 'CLOSED' ? 'review.callbackClosed' : 'review.callbackRehandle', { number: row.number });
      await page.reload({ quiet: true });
    } catch (err) {
      cb.busy = false;
      cb.error = err;
      ctx.update();
      if (err.status === 412 || err.status === 409 || err.status === 404) {
        // Someone else acted on the order meanwhile: say so and show the queue as it is now.
        if (err.status === 412) cb.error = new ApiError(412, { detail: t('order.stale') }, null);
        await page.reload({ quiet: true });
      }
    }
  }

  async function askRating(row, cb) {
    cb.askBusy = true;
    cb.error = null;
    ctx.update();
    try {
      await ctx.api.post('/work-orders/' + seg(row.id) + '/rating-requests', {});
      cb.asked = true;
    } catch (err) {
      cb.error = err;
    }
    cb.askBusy = false;
    ctx.update();
  }

  const cell = (row) => {
    const cb = model(row);
    const noteMissing = unsuccessful(cb) && !cb.note.trim();
    return html`<div class="callback-cell" data-callback-for=${String(row.id)}>
      <div class="callback-row">
        ${callbackFields(cb, ctx.update, { idPrefix: 'cb-' + row.id, compact: true })}
        <button type="button" class="btn btn-primary btn-small callback-submit" data-callback="submit"
                ?disabled=${!callbackReady(cb) || cb.busy} @click=${() => submit(row, cb)}
                title=${noteMissing ? t('callback.noteNeeded') : ''}>
          ${cb.busy ? html`<span class="spinner spinner-light" aria-hidden="true"></span>` : nothing}${t('callback.submit')}</button>
      </div>
      ${row.citizenRating ? html`<p class="citizen-rating" data-citizen-rating=${String(row.id)}>
        <strong>${t('callback.citizenRated')}</strong>
        <span>${row.citizenRating.resolved ? t('order.ratingResolved') : t('order.ratingUnresolved')} · ${t('satisfaction.' + row.citizenRating.satisfaction)}</span>
        ${row.citizenRating.comment ? html`<span class="muted">「${row.citizenRating.comment}」</span>` : nothing}</p>` : nothing}
      <div class="callback-contact">
        ${row.citizenRating || cb.asked ? nothing : html`<button type="button" class="btn btn-quiet btn-small"
            data-callback="ask-rating" ?disabled=${cb.askBusy} @click=${() => askRating(row, cb)}>${icon('phone')}<span>${t('callback.askRating')}</span></button>`}
        ${cb.asked ? html`<span class="muted">${t('callback.ratingAsked')}</span>` : nothing}
        ${cb.phone
          ? html`<span class="contact-revealed">${icon('phone')}<span>${cb.phone.name || t('order.anonymous')}</span>
              <strong class="mono">${cb.phone.phone || '—'}</strong></span>`
          : html`<button type="button" class="btn btn-quiet btn-small" data-callback="reveal" ?disabled=${cb.phoneBusy}
              @click=${() => reveal(row, cb)}>${icon('phone')}<span>${t('callback.showPhone')}</span></button>`}
        ${cb.error ? html`<span class="inline-error" role="alert">${errorMessage(cb.error)}</span>` : nothing}
      </div>
    </div>`;
  };

  page = createQueuePage(ctx, {
    pageId: 'review',
    descKey: 'review.desc',
    boxes: [
      { id: 'to-review', tone: 'warn' },
      { id: 'to-callback', tone: 'warn' },
      { id: 'returned', tone: 'warn' },
      { id: 'extensions', tone: 'warn' },
    ],
    columns: (state) => (state.box === 'to-callback' ? ['number', 'type', 'category', 'excerpt', 'unit'] : null),
    extra: (state) => (state.box === 'to-callback' ? { header: t('review.callbackColumn'), cell } : null),
    context: (state) => (state.box === 'to-callback'
      ? html`<span class="context-hint">${icon('info')}<span>${t('review.callbackHint')}</span></span>`
      : html`<span class="context-hint">${icon('info')}<span>${t('review.reviewHint')}</span></span>`),
  });
  return page;
}
