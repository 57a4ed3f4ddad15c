// 知识库 — the knowledge base: search and read articles (everyone), write and revise them (a unit its own; anyone
// a draft), review and publish (KB admins), usage per owner unit, and the synonym list search expands with.
// #/kb lists, #/kb/new writes, #/kb/<id> reads an article with its versions, #/kb/<id>/edit revises it.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { unsafeHTML } from '/webjars/lit-html/3.3.1/directives/unsafe-html.js';
import { t } from '../i18n.js';
import { seg } from '../api.js';
import { pageHeader, loadingState, problemBox, emptyState, icon, tabs, formatDateTime, errorMessage } from '../ui.js';
import { loadTree, categoryItems, unitItems } from '../orders.js';
import { Combo, comboView } from '../combo.js';

const REVIEWERS = ['kb_admin', 'admin'];
const STATS = ['kb_admin', 'admin', 'supervisor', 'leader'];
const STATUSES = ['draft', 'review', 'published', 'retired'];

const has = (user, roles) => (user.roles || []).some((r) => roles.includes(r));

function statusBadge(a) {
  const tone = { published: 'badge-ok', review: 'badge-warn', draft: 'badge-muted', retired: 'badge-bad' }[a.status] || '';
  return html`<span class=${'badge ' + tone} data-status=${a.status}>${t('kb.status.' + a.status)}</span>
    ${a.expired ? html`<span class="badge badge-bad">${t('kb.expired')}</span>` : nothing}
    ${a.expiringSoon ? html`<span class="badge badge-warn">${t('assist.expiring')}</span>` : nothing}
    ${a.reviewOverdue ? html`<span class="badge badge-muted">${t('assist.reviewOverdue')}</span>` : nothing}`;
}

export function create(ctx) {
  const user = ctx.user;
  const reviewer = has(user, REVIEWERS);
  const unitStaff = has(user, ['unit_admin', 'unit_handler']) && !reviewer;
  const id = ctx.params && ctx.params[0];
  const mode = id === 'new' ? 'edit' : id ? (ctx.params[1] === 'edit' ? 'edit' : 'read') : 'list';
  const state = {
    loading: true,
    error: null,
    tab: reviewer ? 'review' : 'all',
    q: '',
    items: [],
    total: 0,
    article: null,
    versions: [],
    diff: null,
    stats: [],
    synonyms: '',
    synonymsSaved: null,
    busy: false,
    actionError: null,
    note: '',
  };
  const category = new Combo({ update: ctx.update });
  const owner = new Combo({ update: ctx.update });

  function go(hash) {
    window.location.hash = hash;
  }

  async function loadList() {
    state.error = null;
    try {
      if (state.tab === 'stats') {
        state.stats = (await ctx.api.get('/kb/stats')).items || [];
      } else if (state.tab === 'synonyms') {
        const r = await ctx.api.get('/kb/synonyms');
        state.synonyms = (r.groups || []).map((g) => g.join(',')).join('\n');
      } else {
        const p = new URLSearchParams({ limit: '100' });
        if (state.q) p.set('q', state.q);
        if (state.tab === 'stale') p.set('stale', 'true');
        else if (STATUSES.includes(state.tab)) p.set('status', state.tab);
        if (state.tab === 'mine' && user.unit) p.set('ownerUnitId', String(user.unit.id));
        const r = await ctx.api.get('/kb/articles?' + p.toString());
        state.items = r.items || [];
        state.total = r.total === undefined ? state.items.length : r.total;
      }
    } catch (err) {
      state.error = err;
    }
  }

  async function loadArticle() {
    const [a, v] = await Promise.all([ctx.api.get(`/kb/articles/${seg(id)}`), ctx.api.get(`/kb/articles/${seg(id)}/versions`)]);
    state.article = a;
    state.versions = v.items || [];
  }

  async function showDiff(version) {
    if (version <= 1) return;
    try {
      state.diff = await ctx.api.get(`/kb/articles/${seg(id)}/diff?from=${version - 1}&to=${version}`);
    } catch (err) {
      state.actionError = err;
    }
    ctx.update();
  }

  async function act(action) {
    state.busy = true;
    state.actionError = null;
    ctx.update();
    try {
      const body = state.note ? { note: state.note } : {};
      state.article = await ctx.api.post(`/kb/articles/${seg(id)}/actions/${action}`, body);
      state.versions = (await ctx.api.get(`/kb/articles/${seg(id)}/versions`)).items || [];
      state.note = '';
      ctx.toast('kb.done.' + action);
    } catch (err) {
      state.actionError = err;
    }
    state.busy = false;
    ctx.update();
  }

  // ---- the editor ----

  function fillEditor() {
    const a = state.article;
    const latest = a && a.latest ? a.latest.content : a;
    if (latest) {
      category.set(latest.categoryId);
      owner.set(latest.ownerUnitId);
    } else if (unitStaff && user.unit) {
      owner.set(user.unit.id);
    }
    return latest;
  }

  async function save(then) {
    const form = document.getElementById('kb-form');
    const v = (name) => form.querySelector(`[name="${name}"]`).value.trim();
    const body = {
      title: v('title'), question: v('question'), answer: v('answer'), keywords: v('keywords'), note: v('note'),
    };
    for (const d of ['validFrom', 'validTo', 'reviewDue']) if (v(d)) body[d] = v(d);
    if (category.value) body.categoryId = category.id;
    if (owner.value) body.ownerUnitId = owner.id;
    if (then === 'publish') body.publish = true;
    if (state.article) body.expectedVersion = state.article.latestVersion;
    state.busy = true;
    state.actionError = null;
    ctx.update();
    try {
      const saved = state.article
        ? await ctx.api.put(`/kb/articles/${seg(state.article.id)}`, body)
        : await ctx.api.post('/kb/articles', body);
      if (then === 'submit') await ctx.api.post(`/kb/articles/${seg(saved.id)}/actions/submit`, {});
      ctx.toast(then === 'publish' ? 'kb.done.approve' : then === 'submit' ? 'kb.done.submit' : 'kb.done.saved');
      go('#/kb/' + saved.id);
    } catch (err) {
      state.actionError = err;
      state.busy = false;
      ctx.update();
    }
  }

  async function saveSynonyms() {
    const groups = document.getElementById('kb-synonyms').value.split('\n').map((l) => l.split(/[,，、]/).map((w) => w.trim()).filter(Boolean))
      .filter((g) => g.length);
    state.busy = true;
    state.actionError = null;
    ctx.update();
    try {
      const r = await ctx.api.put('/kb/synonyms', { groups });
      state.synonyms = (r.groups || []).map((g) => g.join(',')).join('\n');
      ctx.toast('kb.done.synonyms');
    } catch (err) {
      state.actionError = err;
    }
    state.busy = false;
    ctx.update();
  }

  // ---- views ----

  function listView() {
    const items = [
      { id: 'all', label: t('kb.tab.all') },
      ...(reviewer ? [{ id: 'review', label: t('kb.tab.review') }] : []),
      { id: 'draft', label: t('kb.tab.draft') },
      ...(unitStaff ? [{ id: 'mine', label: t('kb.tab.mine') }] : []),
      { id: 'stale', label: t('kb.tab.stale') },
      ...(has(user, STATS) ? [{ id: 'stats', label: t('kb.tab.stats') }] : []),
      { id: 'synonyms', label: t('kb.tab.synonyms') },
    ];
    const pick = async (tab) => {
      state.tab = tab;
      ctx.update();
      await loadList();
      ctx.update();
    };
    let body;
    if (state.error) body = problemBox(state.error, { id: 'kb-error' });
    else if (state.tab === 'stats') body = statsView();
    else if (state.tab === 'synonyms') body = synonymsView();
    else if (!state.items.length) body = emptyState(t('kb.none'));
    else {
      body = html`<table class="data-table" id="kb-list"><thead><tr><th>${t('kb.col.title')}</th><th>${t('kb.col.status')}</th>
        <th>${t('kb.col.owner')}</th><th>${t('kb.col.validTo')}</th><th class="num">${t('kb.col.usage')}</th><th>${t('kb.col.updated')}</th></tr></thead>
        <tbody>${state.items.map((a) => html`<tr data-article-id=${String(a.id)} class="row-link" tabindex="0"
            @click=${() => go('#/kb/' + a.id)} @keydown=${(e) => { if (e.key === 'Enter') go('#/kb/' + a.id); }}>
          <td><span class="assist-title">${a.title}</span>${a.categoryName ? html`<div class="muted small">${a.categoryName}</div>` : nothing}
            ${a.snippet ? html`<div class="muted small">${a.snippet.replace(/<\/?em>/g, '')}</div>` : nothing}</td>
          <td>${a.status ? statusBadge(a) : statusBadge({ status: 'published', expiringSoon: a.expiringSoon })}</td>
          <td>${a.ownerUnit || ''}</td><td class="num">${a.validTo || '—'}</td>
          <td class="num">${a.hits === undefined ? '' : `${a.hits} / ${a.helpful} / ${a.wrong}`}</td>
          <td class="num">${a.updatedAt ? formatDateTime(a.updatedAt) : ''}</td></tr>`)}</tbody></table>`;
    }
    const search = async (e) => {
      e.preventDefault();
      state.q = document.getElementById('kb-q').value.trim();
      await loadList();
      ctx.update();
    };
    return html`
      ${pageHeader('page.kb', 'kb.desc', html`<a class="btn btn-primary" href="#/kb/new" id="kb-new">${icon('plus')}<span>${t('kb.new')}</span></a>`)}
      ${tabs(items, state.tab, pick, t('page.kb'))}
      ${['stats', 'synonyms'].includes(state.tab) ? nothing : html`<form class="kb-toolbar" @submit=${search}>
        <input id="kb-q" type="search" placeholder=${t('kb.searchPlaceholder')} .value=${state.q} maxlength="200">
        <button class="btn" type="submit">${icon('search')}<span>${t('kb.search')}</span></button></form>`}
      <section class="card"><div class="card-body">${body}</div></section>`;
  }

  function statsView() {
    if (!state.stats.length) return emptyState(t('kb.none'));
    return html`<table class="data-table" id="kb-stats"><thead><tr><th>${t('kb.col.owner')}</th><th class="num">${t('kb.stats.articles')}</th>
      <th class="num">${t('kb.stats.live')}</th><th class="num">${t('kb.stats.hits')}</th><th class="num">${t('kb.stats.helpfulRate')}</th>
      <th class="num">${t('kb.stats.stale')}</th><th class="num">${t('kb.stats.expired')}</th></tr></thead>
      <tbody>${state.stats.map((s) => html`<tr><td>${s.ownerUnit || t('kb.noOwner')}</td><td class="num">${s.articles}</td>
        <td class="num">${s.live}</td><td class="num">${s.hits}</td>
        <td class="num">${s.helpfulRate === null || s.helpfulRate === undefined ? '—' : Math.round(s.helpfulRate * 100) + '%'}</td>
        <td class="num">${s.stale}</td><td class="num">${s.expired}</td></tr>`)}</tbody></table>`;
  }

  function synonymsView() {
    return html`<p class="muted small">${t('kb.synonymsHint')}</p>
      <textarea id="kb-synonyms" rows="16" class="mono" ?readonly=${!reviewer} .value=${state.synonyms}></textarea>
      ${state.actionError ? problemBox(state.actionError) : nothing}
      ${reviewer ? html`<p><button class="btn btn-primary" id="kb-synonyms-save" ?disabled=${state.busy} @click=${saveSynonyms}>${t('common.save')}</button></p>` : nothing}`;
  }

  function readView() {
    const a = state.article;
    const allowed = a.allowedActions || [];
    const latest = a.latest;
    const pending = latest && latest.version !== a.publishedVersion && latest.status !== 'published';
    return html`
      <header class="page-header"><div class="page-header-text">
        <p class="muted small"><a href="#/kb">${t('page.kb')}</a> / ${t('kb.version', { n: a.latestVersion })}</p>
        <h1 class="page-title" id="page-title">${a.title}</h1>
        <p>${statusBadge(a)} <span class="muted small">${a.ownerUnit || ''}${a.categoryName ? ' · ' + a.categoryName : ''}</span></p></div>
        <div class="page-actions">
          ${allowed.includes('edit') ? html`<a class="btn" id="kb-edit" href=${`#/kb/${a.id}/edit`}>${icon('edit')}<span>${t('kb.edit')}</span></a>` : nothing}
          ${['submit', 'approve', 'reject', 'retire'].filter((x) => allowed.includes(x)).map((x) => html`<button class=${'btn' + (x === 'approve' ? ' btn-primary' : '')}
              id=${'kb-' + x} ?disabled=${state.busy} @click=${() => act(x)}>${t('kb.action.' + x)}</button>`)}
        </div></header>
      ${allowed.includes('reject') ? html`<div class="field"><label for="kb-note">${t('kb.reviewNote')}</label>
        <input id="kb-note" maxlength="1000" .value=${state.note} @input=${(e) => { state.note = e.target.value; }}></div>` : nothing}
      ${state.actionError ? problemBox(state.actionError, { id: 'kb-action-error' }) : nothing}
      ${pending ? html`<p class="kb-pending">${t('kb.pendingVersion', { n: latest.version, status: t('kb.vstatus.' + latest.status) })}</p>` : nothing}
      <div class="split">
        <div class="split-main">
          <section class="card"><div class="card-body kb-article">
            ${a.question ? html`<p class="muted">${t('kb.question')}：${a.question}</p>` : nothing}
            <div class="kb-answer" id="kb-answer">${unsafeHTML(a.answer)}</div>
            <p class="muted small">${t('kb.keywords')}：${(a.keywords || []).join('、') || '—'} · ${t('kb.validity')}：${a.validFrom || '—'} ～ ${a.validTo || '—'}
              · ${t('kb.reviewDue')}：${a.reviewDue || '—'} · ${t('kb.usage', { hits: a.hits, helpful: a.helpful, wrong: a.wrong })}</p>
          </div></section>
          ${state.diff ? diffView() : nothing}
        </div>
        <aside class="split-side"><section class="card"><div class="card-head"><h2 class="card-title">${icon('history')}<span>${t('kb.versions')}</span></h2></div>
          <div class="card-body"><ol class="assist-list" id="kb-versions">${state.versions.map((v) => html`<li class="assist-item" data-version=${String(v.version)}>
            <div class="assist-top"><strong>v${v.version}</strong><span class="badge">${t('kb.vstatus.' + v.status)}</span>
              ${v.version > 1 ? html`<button class="btn btn-quiet btn-small" @click=${() => showDiff(v.version)}>${t('kb.showDiff')}</button>` : nothing}</div>
            <p class="muted small">${formatDateTime(v.createdAt)}${v.note ? ' · ' + v.note : ''}</p></li>`)}</ol></div></section></aside>
      </div>`;
  }

  function diffView() {
    const d = state.diff;
    return html`<section class="card" id="kb-diff"><div class="card-head"><h2 class="card-title">${t('kb.diffTitle', { from: d.from, to: d.to })}</h2></div>
      <div class="card-body">${d.changes.length ? d.changes.map((c) => html`<div class="diff-field"><p class="assist-subtitle">${t('kb.field.' + c.field)}</p>
        ${c.parts && c.parts.length ? html`<p class="diff">${c.parts.map((p) => html`<span class=${'diff-' + p.kind}>${p.text}</span>`)}</p>`
          : html`<p class="diff"><span class="diff-removed">${c.before || '—'}</span> → <span class="diff-added">${c.after || '—'}</span></p>`}</div>`)
        : html`<p class="muted">${t('kb.noChanges')}</p>`}</div></section>`;
  }

  function editView() {
    const latest = state.article ? (state.article.latest ? state.article.latest.content : state.article) : null;
    const val = (k) => (latest && latest[k] ? latest[k] : '');
    return html`
      <header class="page-header"><div class="page-header-text">
        <p class="muted small"><a href="#/kb">${t('page.kb')}</a></p>
        <h1 class="page-title" id="page-title">${state.article ? t('kb.editTitle', { title: state.article.title }) : t('kb.new')}</h1></div></header>
      <section class="card"><div class="card-body">
        <form id="kb-form" class="form-grid" novalidate @submit=${(e) => { e.preventDefault(); save('draft'); }}>
          <div class="field"><label for="kb-title">${t('kb.field.title')}<span class="req">*</span></label><input id="kb-title" name="title" maxlength="200" .value=${val('title')}></div>
          <div class="field"><label for="kb-question">${t('kb.field.question')}</label><textarea id="kb-question" name="question" rows="2" .value=${val('question')}></textarea></div>
          <div class="field"><label for="kb-answer-input">${t('kb.field.answer')}<span class="req">*</span></label>
            <textarea id="kb-answer-input" name="answer" rows="10" .value=${val('answer')}></textarea>
            <p class="field-hint">${t('kb.answerHint')}</p></div>
          <div class="intake-row"><div class="field"><label for="kb-category">${t('kb.field.categoryId')}</label>${comboView(category, { id: 'kb-category', placeholder: t('desk.categoryPlaceholder') })}</div>
            <div class="field"><label for="kb-owner">${t('kb.field.ownerUnitId')}</label>${comboView(owner, { id: 'kb-owner', placeholder: t('kb.ownerPlaceholder'), disabled: unitStaff })}</div></div>
          <div class="field"><label for="kb-keywords">${t('kb.field.keywords')}</label><input id="kb-keywords" name="keywords" .value=${(latest && latest.keywords ? latest.keywords : []).join('，')}></div>
          <div class="intake-row"><div class="field"><label for="kb-from">${t('kb.field.validFrom')}</label><input id="kb-from" name="validFrom" type="date" .value=${val('validFrom')}></div>
            <div class="field"><label for="kb-to">${t('kb.field.validTo')}</label><input id="kb-to" name="validTo" type="date" .value=${val('validTo')}></div>
            <div class="field"><label for="kb-review">${t('kb.field.reviewDue')}</label><input id="kb-review" name="reviewDue" type="date" .value=${val('reviewDue')}></div></div>
          <div class="field"><label for="kb-change-note">${t('kb.changeNote')}</label><input id="kb-change-note" name="note" maxlength="1000"></div>
          ${state.actionError ? problemBox(state.actionError, { id: 'kb-form-error', shownFields: ['title', 'answer', 'keywords', 'validFrom', 'validTo', 'reviewDue', 'categoryId', 'ownerUnitId'] }) : nothing}
          <div class="intake-actions"><span class="spacer"></span>
            <button type="submit" class="btn" id="kb-save" ?disabled=${state.busy}>${t('kb.saveDraft')}</button>
            <button type="button" class="btn" id="kb-save-submit" ?disabled=${state.busy} @click=${() => save('submit')}>${t('kb.saveSubmit')}</button>
            ${reviewer ? html`<button type="button" class="btn btn-primary" id="kb-publish" ?disabled=${state.busy} @click=${() => save('publish')}>${t('kb.publish')}</button>` : nothing}
          </div></form></div></section>`;
  }

  return {
    async load() {
      try {
        if (mode === 'list') {
          await loadList();
        } else {
          if (id !== 'new') await loadArticle();
          if (mode === 'edit') {
            const [cats, units] = await Promise.all([loadTree(ctx.api, '/categories'), loadTree(ctx.api, '/units')]);
            category.setItems(categoryItems(cats));
            owner.setItems(unitItems(units));
            fillEditor();
          }
        }
      } catch (err) {
        state.error = err;
      }
      state.loading = false;
    },
    view() {
      if (state.loading) return loadingState();
      if (state.error && mode !== 'list') return html`${pageHeader('page.kb', 'kb.desc')}${problemBox(state.error, { id: 'kb-error' })}`;
      if (mode === 'list') return listView();
      return mode === 'edit' ? editView() : readView();
    },
    errorText: (err) => errorMessage(err),
  };
}
