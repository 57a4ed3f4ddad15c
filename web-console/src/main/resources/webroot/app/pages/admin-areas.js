// 行政区划 — administrative areas (city → district → street → community) used for addresses and dispatch.
import { html } from '/webjars/lit-html/3.3.1/lit-html.js';
import { t } from '../i18n.js';
import { levelLabel, AREA_LEVELS } from '../ui.js';
import { createTreePage } from './tree-page.js';

export function create(ctx) {
  return createTreePage(ctx, {
    pageId: 'admin-areas',
    descKey: 'adminAreas.desc',
    path: '/areas',
    expandDepth: 2,
    emptyKey: 'adminAreas.empty',
    badges: (node) => html`<span class=${'badge level-' + node.level} data-level=${node.level}>${levelLabel(node.level)}</span>`,
    legend: () => html`<span class="legend-title">${t('adminAreas.levels')}</span>
      <ul class="legend">${AREA_LEVELS.map((k) => html`<li><span class=${'badge level-' + k}>${levelLabel(k)}</span></li>`)}</ul>`,
  });
}
