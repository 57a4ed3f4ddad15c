// The desk's assistants, as the operator types: knowledge-base answers (知识跟随), orders that look like the same
// problem (重复件), and where history and the catalogue say to dispatch (智能派单). Each asks the server after a
// short pause in typing and drops answers that arrive after a newer question.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { seg } from '../api.js';
import { icon, errorMessage, formatDateTime } from '../ui.js';
import { orderHref } from '../router.js';

const KB_DELAY = 250;
const ASSIST_DELAY = 400;

/** A snippet is escaped text with <em> marks around matched words: rendered as text and <mark>, never as HTML. */
export function snippetView(snippet) {
  const parts = String(snippet || '').split(/(<em>|<\/em>)/);
  const out = [];
  let marked = false;
  for (const p of parts) {
    if (p === '<em>') marked = true;
    else if (p === '</em>') marked = false;
    else if (p) {
      const text = p.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      out.push(marked ? html`<mark>${text}</mark>` : text);
    }
  }
  return out;
}

/** Plain text of an article's (sanitised) answer, for the answer box. */
function answerText(htmlText) {
  const doc = new DOMParser().parseFromString(String(htmlText || ''), 'text/html');
  doc.querySelectorAll('p, li, br, h3, h4, tr').forEach((el) => el.append('\n'));
  return (doc.body.textContent || '').replace(/\n{2,}/g, '\n').trim();
}

function reasonLabel(r) {
  switch (r.kind) {
    case 'same-caller': return t('assist.reason.sameCaller');
    case 'nearby': return t('assist.reason.nearby', { m: Math.round(r.value) });
    case 'same-place': return t('assist.reason.samePlace', { p: Math.round(r.value * 100) });
    case 'similar-text': return t('assist.reason.similarText', { p: Math.round(r.value * 100) });
    case 'same-category': return t('assist.reason.sameCategory');
    default: return r.text || r.kind;
  }
}

function dispatchReason(r, unitName) {
  if (r.kind === 'history') {
    return unitName ? t('assist.reason.historyUnit', { n: r.count, k: r.of, unit: unitName }) : t('assist.reason.history', { n: r.count, k: r.of });
  }
  return t('assist.reason.catalogue', { text: r.text.replace(/^catalogue: /, '') });
}

/**
 * @param ctx    the page context (api, update, toast)
 * @param hooks  { useAnswer(text, article), chooseCategory(id), chooseUnit(id), merge(order), link(order), linked() }
 */
export function createAssist(ctx, hooks) {
  const state = {
    kb: { q: '', loading: false, items: [], error: null },
    similar: { loading: false, items: [], error: null, asked: false },
    dispatch: { loading: false, categories: [], units: [], area: null, error: null, asked: false },
    used: [], // articles used for the answer: [{id, title}]
    judged: {}, // article id → 'helpful' | 'wrong'
  };
  const input = { content: '', address: '', phone: '' };
  let kbTimer = 0;
  let assistTimer = 0;
  let kbToken = 0;
  let similarToken = 0;
  let dispatchToken = 0;

  function changed(field, value) {
    input[field] = String(value || '').trim();
    if (field === 'content') {
      window.clearTimeout(kbTimer);
      kbTimer = window.setTimeout(loadKb, KB_DELAY);
    }
    window.clearTimeout(assistTimer);
    assistTimer = window.setTimeout(() => {
      loadSimilar();
      if (field !== 'phone') loadDispatch();
    }, ASSIST_DELAY);
  }

  async function loadKb() {
    const q = input.content;
    const token = ++kbToken;
    if (q.length < 2) {
      state.kb = { q: '', loading: false, items: [], error: null };
      ctx.update();
      return;
    }
    state.kb = { ...state.kb, loading: true };
    ctx.update();
    try {
      const r = await ctx.api.get('/kb/suggest?' + new URLSearchParams({ q: q.slice(-200), limit: '5' }).toString());
      if (token !== kbToken) return;
      state.kb = { q, loading: false, items: (r && r.items) || [], error: null };
    } catch (err) {
      if (token !== kbToken) return;
      state.kb = { q, loading: false, items: [], error: err };
    }
    ctx.update();
  }

  async function loadSimilar() {
    const token = ++similarToken;
    if (input.content.length < 4 && input.phone.length < 5 && input.address.length < 2) {
      state.similar = { loading: false, items: [], error: null, asked: false };
      ctx.update();
      return;
    }
    const body = {};
    if (input.content) body.content = input.content.slice(0, 2000);
    if (input.address) body.address = input.address;
    if (input.phone.length >= 5) body.phone = input.phone;
    state.similar = { ...state.similar, loading: true };
    ctx.update();
    try {
      const r = await ctx.api.post('/assist/similar', body);
      if (token !== similarToken) return;
      state.similar = { loading: false, items: (r && r.items) || [], error: null, asked: true };
    } catch (err) {
      if (token !== similarToken) return;
      state.similar = { loading: false, items: [], error: err, asked: true };
    }
    ctx.update();
  }

  async function loadDispatch() {
    const token = ++dispatchToken;
    if (input.content.length < 4) {
      state.dispatch = { loading: false, categories: [], units: [], area: null, error: null, asked: false };
      ctx.update();
      return;
    }
    const body = { content: input.content.slice(0, 2000), limit: 3 };
    if (input.address) body.address = input.address;
    state.dispatch = { ...state.dispatch, loading: true };
    ctx.update();
    try {
      const r = await ctx.api.post('/assist/dispatch', body);
      if (token !== dispatchToken) return;
      state.dispatch = { loading: false, categories: r.categories || [], units: r.units || [], area: r.area || null, error: null, asked: true };
    } catch (err) {
      if (token !== dispatchToken) return;
      state.dispatch = { loading: false, categories: [], units: [], area: null, error: err, asked: true };
    }
    ctx.update();
  }

  async function useArticle(item) {
    try {
      const a = await ctx.api.get(`/kb/articles/${seg(item.id)}`);
      if (!state.used.some((u) => u.id === item.id)) state.used.push({ id: item.id, title: item.title });
      hooks.useAnswer(answerText(a.answer), item);
      ctx.update();
    } catch (err) {
      ctx.toast('assist.kbLoadFailed', { error: errorMessage(err) });
    }
  }

  async function judge(item, kind) {
    try {
      await ctx.api.post(`/kb/articles/${seg(item.id)}/usage`, { kind });
      state.judged[item.id] = kind;
      ctx.update();
    } catch (err) {
      ctx.toast('assist.feedbackFailed', { error: errorMessage(err) });
    }
  }

  /** After the order exists: the articles used go on its timeline and into the KB's figures. */
  async function recordUse(orderId) {
    for (const u of state.used) {
      try {
        await ctx.api.post(`/kb/articles/${seg(u.id)}/usage`, { kind: 'used', orderId });
      } catch (err) {
        // The order stands; a lost usage record only costs the article a hit in the statistics.
      }
    }
  }

  function reset() {
    window.clearTimeout(kbTimer);
    window.clearTimeout(assistTimer);
    kbToken++;
    similarToken++;
    dispatchToken++;
    input.content = '';
    input.address = '';
    input.phone = '';
    state.kb = { q: '', loading: false, items: [], error: null };
    state.similar = { loading: false, items: [], error: null, asked: false };
    state.dispatch = { loading: false, categories: [], units: [], area: null, error: null, asked: false };
    state.used = [];
    state.judged = {};
  }

  /** Alt+1…5 uses the n-th suggested answer. */
  function onKey(e) {
    if (!e.altKey || e.ctrlKey || e.metaKey) return false;
    const n = Number(e.key);
    if (n >= 1 && n <= 5 && state.kb.items[n - 1]) {
      e.preventDefault();
      useArticle(state.kb.items[n - 1]);
      return true;
    }
    return false;
  }

  function kbCard() {
    const k = state.kb;
    let body;
    if (!k.q && !k.loading) body = html`<p class="muted small">${t('assist.kbWaiting')}</p>`;
    else if (k.error) body = html`<p class="inline-error">${errorMessage(k.error)}</p>`;
    else if (!k.items.length && !k.loading) body = html`<p class="muted" id="kb-none">${t('assist.kbNone')}</p>`;
    else {
      body = html`<ol class="assist-list" id="kb-suggestions">${k.items.map((a, i) => html`<li class="assist-item" data-article-id=${String(a.id)}>
        <div class="assist-top"><span class="assist-key" aria-hidden="true">Alt+${i + 1}</span>
          <span class="assist-title">${a.title}</span>
          ${a.expiringSoon ? html`<span class="badge badge-warn" title=${t('assist.expiresOn', { date: a.validTo })}>${t('assist.expiring')}</span>` : nothing}
          ${a.reviewOverdue ? html`<span class="badge badge-muted">${t('assist.reviewOverdue')}</span>` : nothing}</div>
        <p class="assist-snippet">${snippetView(a.snippet)}</p>
        <p class="assist-meta muted small">${a.ownerUnit || ''}${a.categoryName ? html` · ${a.categoryName}` : nothing}</p>
        <div class="assist-actions">
          <button type="button" class="btn btn-small" id=${'kb-use-' + a.id} @click=${() => useArticle(a)}>${icon('copy')}<span>${t('assist.useAnswer')}</span></button>
          ${state.judged[a.id]
            ? html`<span class="muted small">${t(state.judged[a.id] === 'helpful' ? 'assist.markedHelpful' : 'assist.markedWrong')}</span>`
            : html`<button type="button" class="btn btn-quiet btn-small" @click=${() => judge(a, 'helpful')}>${t('assist.helpful')}</button>
              <button type="button" class="btn btn-quiet btn-small" @click=${() => judge(a, 'wrong')}>${t('assist.wrong')}</button>`}
        </div></li>`)}</ol>`;
    }
    return html`<section class="card" id="desk-kb" aria-labelledby="desk-kb-title" aria-busy=${k.loading ? 'true' : 'false'}>
      <div class="card-head"><h2 class="card-title" id="desk-kb-title">${icon('book')}<span>${t('assist.kbTitle')}</span>
        ${state.used.length ? html`<span class="card-meta" id="kb-used">${t('assist.usedCount', { n: state.used.length })}</span>` : nothing}</h2></div>
      <div class="card-body">${body}</div>
    </section>`;
  }

  function similarCard() {
    const s = state.similar;
    let body;
    if (!s.asked && !s.loading) body = html`<p class="muted small">${t('assist.similarWaiting')}</p>`;
    else if (s.error) body = html`<p class="inline-error">${errorMessage(s.error)}</p>`;
    else if (!s.items.length && !s.loading) body = html`<p class="muted" id="similar-none">${t('assist.similarNone')}</p>`;
    else {
      body = html`<ul class="assist-list" id="similar-orders">${s.items.map((o) => html`<li class="assist-item" data-order-id=${String(o.id)}>
        <div class="assist-top"><a class="order-link mono" href=${orderHref(o.id)} target="_blank" rel="noopener">${o.number}</a>
          <span class="badge">${o.statusName}</span><span class="assist-score num" title=${t('assist.score')}>${Math.round(o.score * 100)}%</span></div>
        <p class="assist-meta muted small"><span class="num">${formatDateTime(o.createdAt)}</span>${o.address ? html` · ${o.address}` : nothing}</p>
        <p class="assist-snippet">${o.confidential ? t('assist.confidential') : o.content}</p>
        <p class="reasons">${o.reasons.map((r) => html`<span class="chip" data-kind=${r.kind}>${reasonLabel(r)}</span>`)}</p>
        <div class="assist-actions">
          ${o.canMergeInto ? html`<button type="button" class="btn btn-small" id=${'similar-merge-' + o.id} @click=${() => hooks.merge(o)}>${t('assist.mergeInto')}</button>` : nothing}
          <button type="button" class=${'btn btn-quiet btn-small' + (hooks.linked() === o.id ? ' active' : '')} aria-pressed=${hooks.linked() === o.id ? 'true' : 'false'}
                  @click=${() => hooks.link(o)}>${hooks.linked() === o.id ? t('assist.willLink') : t('assist.link')}</button>
        </div></li>`)}</ul>`;
    }
    return html`<section class="card" id="desk-similar" aria-labelledby="desk-similar-title" aria-busy=${s.loading ? 'true' : 'false'}>
      <div class="card-head"><h2 class="card-title" id="desk-similar-title">${icon('history')}<span>${t('assist.similarTitle')}</span>
        ${s.items.length ? html`<span class="card-meta">${t('assist.similarCount', { n: s.items.length })}</span>` : nothing}</h2></div>
      <div class="card-body">${body}</div>
    </section>`;
  }

  function dispatchCard() {
    const d = state.dispatch;
    let body;
    if (!d.asked && !d.loading) body = html`<p class="muted small">${t('assist.dispatchWaiting')}</p>`;
    else if (d.error) body = html`<p class="inline-error">${errorMessage(d.error)}</p>`;
    else if (!d.categories.length && !d.loading) body = html`<p class="muted">${t('assist.dispatchNone')}</p>`;
    else {
      body = html`<div id="dispatch-suggestions">
        <p class="assist-subtitle">${t('assist.categories')}</p>
        <ul class="assist-list compact">${d.categories.map((c) => html`<li class="assist-item" data-category-id=${String(c.id)}>
          <button type="button" class="assist-choice" @click=${() => hooks.chooseCategory(c.id)}>
            <span class="assist-title">${c.name}</span><meter class="bar" min="0" max="100" .value=${Math.round(c.score * 100)}></meter>
            <span class="num">${Math.round(c.score * 100)}%</span></button>
          <p class="muted small">${c.path} · ${c.reasons.map((r) => dispatchReason(r)).join('；')}</p></li>`)}</ul>
        <p class="assist-subtitle">${t('assist.units')}${d.area ? html` <span class="muted small">${t('assist.areaRead', { area: d.area.name })}</span>` : nothing}</p>
        <ul class="assist-list compact">${d.units.map((u) => html`<li class="assist-item" data-unit-id=${String(u.id)}>
          <button type="button" class="assist-choice" id=${'dispatch-unit-' + u.id} @click=${() => hooks.chooseUnit(u.id)}>
            <span class="assist-title">${u.name}</span><meter class="bar" min="0" max="100" .value=${Math.round(u.score * 100)}></meter>
            <span class="num">${Math.round(u.score * 100)}%</span></button>
          <ul class="reason-lines">${u.reasons.map((r) => html`<li class="small">${dispatchReason(r, u.name)}</li>`)}</ul></li>`)}</ul>
      </div>`;
    }
    return html`<section class="card" id="desk-assist-dispatch" aria-labelledby="desk-assist-dispatch-title" aria-busy=${d.loading ? 'true' : 'false'}>
      <div class="card-head"><h2 class="card-title" id="desk-assist-dispatch-title">${icon('dispatch')}<span>${t('assist.dispatchTitle')}</span></h2></div>
      <div class="card-body">${body}</div>
    </section>`;
  }

  return {
    changed, onKey, reset, recordUse, kbCard, similarCard, dispatchCard,
    usedIds: () => state.used.map((u) => u.id),
    dispose() {
      window.clearTimeout(kbTimer);
      window.clearTimeout(assistTimer);
    },
  };
}
