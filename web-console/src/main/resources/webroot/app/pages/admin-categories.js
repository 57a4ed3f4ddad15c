// 业务分类 — the category tree operators classify orders by (and the dispatch catalogue keys on).
import { html } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { createTreePage } from './tree-page.js';

export function create(ctx) {
  return createTreePage(ctx, {
    pageId: 'admin-categories',
    descKey: 'adminCategories.desc',
    path: '/categories',
    expandDepth: 1,
    emptyKey: 'adminCategories.empty',
    badges: (node, depth) => html`<span class=${'badge depth-' + Math.min(depth, 3)}>${t('adminCategories.levelN', { n: depth + 1 })}</span>`,
  });
}
