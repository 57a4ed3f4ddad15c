// Shared by the admin tree pages (units, categories, areas): load a tree, show it with search.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { pageHeader, loadingState, problemBox, icon } from '../ui.js';
import { TreeModel, treeView } from '../tree.js';

/**
 * spec: { pageId, descKey, path, badges(node, depth), legend?(): template, expandDepth }
 */
export function createTreePage(ctx, spec) {
  const state = { loading: true, error: null };
  const tree = new TreeModel(ctx.update, { expandDepth: spec.expandDepth ?? 1 });

  async function load() {
    state.loading = true;
    state.error = null;
    try {
      const result = await ctx.api.get(spec.path);
      tree.setRoots((result && result.items) || []);
    } catch (err) {
      state.error = err;
    }
    state.loading = false;
  }

  const reload = async () => {
    const query = tree.query;
    state.loading = true;
    ctx.update();
    await load();
    tree.query = query;
    ctx.update();
  };

  return {
    load,
    view() {
      const actions = html`<button type="button" class="btn" id="tree-reload" @click=${reload} ?disabled=${state.loading}>${icon('refresh')}<span>${t('common.refresh')}</span></button>`;
      let body;
      if (state.loading && !tree.roots.length) body = loadingState();
      else if (state.error) body = problemBox(state.error, { id: 'tree-error' });
      else {
        body = html`
          <section class="card" id="tree-card">
            ${spec.legend ? html`<div class="card-head card-head-legend">${spec.legend()}</div>` : nothing}
            <div class="card-body">
              ${treeView(tree, { label: t('page.' + spec.pageId), badges: spec.badges, emptyText: t(spec.emptyKey || 'common.noData') })}
            </div>
          </section>`;
      }
      return html`${pageHeader('page.' + spec.pageId, spec.descKey, actions)}${body}`;
    },
  };
}
