// Hash routing (#/login, #/desk, ...) and the page catalogue: which roles may open which page.

/**
 * The page catalogue, in navigation order. A user's first page is the first entry their roles allow.
 * `load` imports the page module lazily; every module exports `create(ctx)`.
 */
export const PAGES = [
  { id: 'desk', group: 'work', icon: 'headset', roles: ['operator'], load: () => import('./pages/desk.js') },
  { id: 'dispatch', group: 'work', icon: 'dispatch', roles: ['dispatcher'], load: () => import('./pages/dispatch.js') },
  { id: 'review', group: 'work', icon: 'review', roles: ['reviewer'], load: () => import('./pages/review.js') },
  { id: 'unit-inbox', group: 'work', icon: 'inbox', roles: ['unit_handler', 'unit_admin'], load: () => import('./pages/unit-inbox.js') },
  { id: 'unit-admin', group: 'work', icon: 'building', roles: ['unit_admin'], load: () => import('./pages/unit-admin.js') },
  { id: 'supervision', group: 'work', icon: 'flag', roles: ['supervisor'], load: () => import('./pages/supervision.js') },
  { id: 'leadership', group: 'work', icon: 'chart', roles: ['leader'], load: () => import('./pages/leadership.js') },
  { id: 'admin-users', group: 'admin', icon: 'users', roles: ['admin'], load: () => import('./pages/admin-users.js') },
  { id: 'admin-units', group: 'admin', icon: 'tree', roles: ['admin'], load: () => import('./pages/admin-units.js') },
  { id: 'admin-categories', group: 'admin', icon: 'tag', roles: ['admin'], load: () => import('./pages/admin-categories.js') },
  { id: 'admin-areas', group: 'admin', icon: 'map', roles: ['admin'], load: () => import('./pages/admin-areas.js') },
  { id: 'admin-audit', group: 'admin', icon: 'audit', roles: ['admin'], load: () => import('./pages/admin-audit.js') },
];

export const NAV_GROUPS = ['work', 'admin'];

const BY_ID = new Map(PAGES.map((p) => [p.id, p]));

export function pageById(id) {
  return BY_ID.get(id) || null;
}

/** Pages the union of the given roles may use, in navigation order. */
export function allowedPages(roles) {
  const set = new Set(Array.isArray(roles) ? roles : []);
  return PAGES.filter((p) => p.roles.some((r) => set.has(r)));
}

/** The page id in the current location hash ('' when none). */
export function currentRoute() {
  const hash = window.location.hash || '';
  const match = /^#\/?([^?#/]*)/.exec(hash);
  return match ? decodeURIComponent(match[1]) : '';
}

/** Rewrites the hash without adding a history entry and without firing hashchange. */
export function replaceRoute(id) {
  const target = '#/' + id;
  if (window.location.hash !== target) {
    window.history.replaceState(window.history.state, '', target);
  }
}
