// 承办单位 — the unit directory (centre, district governments, street offices, communities, bureaus, enterprises).
import { html } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { kindLabel, UNIT_KINDS } from '../ui.js';
import { createTreePage } from './tree-page.js';

export function create(ctx) {
  return createTreePage(ctx, {
    pageId: 'admin-units',
    descKey: 'adminUnits.desc',
    path: '/units',
    expandDepth: 1,
    emptyKey: 'adminUnits.empty',
    badges: (node) => html`<span class=${'badge kind-' + node.kind} data-kind=${node.kind}>${kindLabel(node.kind)}</span>`,
    legend: () => html`<span class="legend-title">${t('adminUnits.kinds')}</span>
      <ul class="legend">${UNIT_KINDS.map((k) => html`<li><span class=${'badge kind-' + k}>${kindLabel(k)}</span></li>`)}</ul>`,
  });
}
