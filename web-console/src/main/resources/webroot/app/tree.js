// A collapsible tree with a name filter, used by the unit, category and area pages.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { t } from './i18n.js';
import { icon, emptyState, walkTree, formatNumber } from './ui.js';

export class TreeModel {
  /**
   * @param {() => void} update re-render callback
   * @param {{expandDepth?: number}} options nodes shallower than expandDepth start expanded
   */
  constructor(update, { expandDepth = 1 } = {}) {
    this.update = update;
    this.expandDepth = expandDepth;
    this.roots = [];
    this.expanded = new Set();
    this.query = '';
    this.total = 0;
  }

  setRoots(roots) {
    this.roots = Array.isArray(roots) ? roots : [];
    this.expanded = new Set();
    this.total = 0;
    walkTree(this.roots, (node, depth) => {
      this.total += 1;
      if (depth < this.expandDepth && node.children && node.children.length) this.expanded.add(key(node));
    });
  }

  toggle(node) {
    const k = key(node);
    if (this.expanded.has(k)) this.expanded.delete(k);
    else this.expanded.add(k);
    this.update();
  }

  expandAll() {
    walkTree(this.roots, (node) => {
      if (node.children && node.children.length) this.expanded.add(key(node));
    });
    this.update();
  }

  collapseAll() {
    this.expanded.clear();
    this.update();
  }

  setQuery(q) {
    this.query = q;
    this.update();
  }
}

function key(node) {
  return String(node.id ?? node.code);
}

function matches(node, q) {
  return String(node.name ?? '').toLowerCase().includes(q);
}

/** Highlights the matched part of a name. */
function highlighted(name, q) {
  const text = String(name ?? '');
  if (!q) return text;
  const i = text.toLowerCase().indexOf(q);
  if (i < 0) return text;
  return html`${text.slice(0, i)}<mark>${text.slice(i, i + q.length)}</mark>${text.slice(i + q.length)}`;
}

/**
 * The filtered view: nodes that match, plus their ancestors. Returns [{node, children}] and a count of matches.
 */
function filterTree(nodes, q) {
  let count = 0;
  const visit = (list) => {
    const out = [];
    for (const node of list || []) {
      const kids = visit(node.children);
      const self = matches(node, q);
      if (self) count += 1;
      if (self || kids.length) out.push({ node, children: kids, self });
    }
    return out;
  };
  return { items: visit(nodes), count };
}

/**
 * Renders the toolbar (search, expand/collapse) and the tree.
 * options.badges(node) → template of badges shown after the name.
 * options.label: accessible name of the tree.
 */
export function treeView(model, options = {}) {
  const q = model.query.trim().toLowerCase();
  const filtering = q.length > 0;
  const { items, count } = filtering ? filterTree(model.roots, q) : { items: null, count: 0 };

  const row = (node, depth, kids, isExpanded, isMatch) => {
    const hasKids = kids.length > 0;
    const inactive = node.active === false;
    return html`
      <li role="treeitem" class=${classMap({ 'tree-item': true, inactive })} data-id=${String(node.id ?? '')}
          data-code=${String(node.code ?? '')} aria-level=${depth + 1}
          aria-expanded=${hasKids ? (isExpanded ? 'true' : 'false') : nothing}>
        <div class=${classMap({ 'tree-row': true, match: isMatch })} data-depth=${depth}>
          ${hasKids
            ? html`<button type="button" class=${classMap({ 'tree-toggle': true, open: isExpanded })}
                  aria-label=${t(isExpanded ? 'tree.collapse' : 'tree.expand') + ' ' + node.name}
                  ?disabled=${filtering} @click=${() => model.toggle(node)}>${icon('chevron')}</button>`
            : html`<span class="tree-toggle-spacer" aria-hidden="true"></span>`}
          <span class="tree-name">${highlighted(node.name, q)}</span>
          ${node.code ? html`<code class="tree-code">${node.code}</code>` : nothing}
          ${options.badges ? options.badges(node, depth) : nothing}
          ${inactive ? html`<span class="badge badge-muted">${t('common.inactive')}</span>` : nothing}
          ${node.children && node.children.length && !(hasKids && isExpanded)
            ? html`<span class="tree-count">${t('tree.childCount', { n: node.children.length })}</span>`
            : nothing}
        </div>
        ${hasKids && isExpanded ? html`<ul role="group" class="tree-group">${kids}</ul>` : nothing}
      </li>`;
  };

  const renderPlain = (nodes, depth) =>
    (nodes || []).map((node) => {
      const isExpanded = model.expanded.has(key(node));
      const kids = isExpanded ? renderPlain(node.children, depth + 1) : (node.children || []);
      return row(node, depth, kids, isExpanded, false);
    });

  const renderFiltered = (list, depth) =>
    list.map((item) => row(item.node, depth, renderFiltered(item.children, depth + 1), true, item.self));

  const body = filtering ? renderFiltered(items, 0) : renderPlain(model.roots, 0);

  return html`
    <div class="tree-toolbar">
      <label class="search-field">
        ${icon('search')}
        <span class="sr-only">${t('tree.search')}</span>
        <input id="tree-search" type="search" autocomplete="off" .value=${model.query}
               placeholder=${t('tree.searchPlaceholder')} @input=${(e) => model.setQuery(e.target.value)}>
      </label>
      <div class="tree-toolbar-actions">
        <button type="button" class="btn btn-quiet" id="tree-expand-all" ?disabled=${filtering} @click=${() => model.expandAll()}>${t('tree.expandAll')}</button>
        <button type="button" class="btn btn-quiet" id="tree-collapse-all" ?disabled=${filtering} @click=${() => model.collapseAll()}>${t('tree.collapseAll')}</button>
      </div>
      <span class="tree-summary" id="tree-summary" aria-live="polite">
        ${filtering
          ? t('tree.matchCount', { n: formatNumber(count) })
          : t('tree.totalCount', { n: formatNumber(model.total) })}
      </span>
    </div>
    ${(filtering ? items.length : model.roots.length)
      ? html`<ul class="tree" role="tree" aria-label=${options.label || nothing}>${body}</ul>`
      : emptyState(filtering ? t('tree.noMatch') : (options.emptyText || t('common.noData')))}`;
}
