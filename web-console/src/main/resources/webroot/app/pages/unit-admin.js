// 本单位管理 — a unit administrator's view of their own unit and its sub-units (市 → 区 → 街道 → 社区).
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { pageHeader, loadingState, problemBox, findInTree, walkTree, kindLabel, UNIT_KINDS, formatNumber, notice } from '../ui.js';
import { TreeModel, treeView } from '../tree.js';
import { card } from './frame.js';

export function create(ctx) {
  const state = { loading: true, error: null, unit: null, counts: {} };
  const tree = new TreeModel(ctx.update, { expandDepth: 2 });

  return {
    async load() {
      const own = ctx.user.unit;
      try {
        const result = await ctx.api.get('/units');
        const roots = (result && result.items) || [];
        const node = own ? findInTree(roots, (n) => String(n.id) === String(own.id)) : null;
        state.unit = node;
        if (node) {
          tree.setRoots([node]);
          const counts = {};
          walkTree(node.children, (n) => {
            counts[n.kind] = (counts[n.kind] || 0) + 1;
          });
          state.counts = counts;
        }
      } catch (err) {
        state.error = err;
      }
      state.loading = false;
    },
    view() {
      const own = ctx.user.unit;
      let body;
      if (state.loading) body = loadingState();
      else if (state.error) body = problemBox(state.error, { id: 'unit-admin-error' });
      else if (!own) body = notice('warn', html`<p>${t('unitAdmin.noUnit')}</p>`, 'unit-admin-error');
      else if (!state.unit) body = notice('warn', html`<p>${t('unitAdmin.notFound', { name: own.name })}</p>`, 'unit-admin-error');
      else {
        const kinds = UNIT_KINDS.filter((k) => state.counts[k]);
        const subtotal = Object.values(state.counts).reduce((a, b) => a + b, 0);
        body = html`
          <div class="tiles tiles-auto" id="unit-admin-summary">
            <article class="tile tile-kpi tile-accent">
              <p class="tile-label">${t('unitAdmin.ownUnit')}</p>
              <p class="tile-value tile-value-text" id="unit-admin-name">${state.unit.name}</p>
              <p class="tile-note"><span class=${'badge kind-' + state.unit.kind}>${kindLabel(state.unit.kind)}</span> <code>${state.unit.code}</code></p>
            </article>
            <article class="tile tile-kpi" data-kind="all">
              <p class="tile-label">${t('unitAdmin.subUnits')}</p>
              <p class="tile-value" data-value=${subtotal}>${formatNumber(subtotal)}</p>
              <p class="tile-note">${t('unitAdmin.subUnitsNote')}</p>
            </article>
            ${kinds.map((k) => html`<article class="tile tile-kpi" data-kind=${k}>
              <p class="tile-label">${kindLabel(k)}</p>
              <p class="tile-value" data-value=${state.counts[k]}>${formatNumber(state.counts[k])}</p>
              <p class="tile-note">${t('unitAdmin.ofKind')}</p>
            </article>`)}
          </div>
          ${card('unitAdmin.treeTitle', treeView(tree, {
            label: t('unitAdmin.treeTitle'),
            badges: (node) => html`<span class=${'badge kind-' + node.kind}>${kindLabel(node.kind)}</span>`,
          }), { iconName: 'tree', id: 'unit-admin-tree' })}
          ${state.unit.children && state.unit.children.length ? nothing : html`<p class="muted small">${t('unitAdmin.noChildren')}</p>`}
          <p class="source-note">${t('unitAdmin.accountsNote')}</p>`;
      }
      return html`${pageHeader('page.unit-admin', 'unitAdmin.desc')}${body}`;
    },
  };
}
