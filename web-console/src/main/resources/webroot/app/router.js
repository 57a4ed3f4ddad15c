// Hash routing (#/login, #/desk, #/orders/123, ...) and the page catalogue: which roles may open which page.

/**
 * The page catalogue, in navigation order. A user's first page is the first entry their roles allow.
 * `load` imports the page module lazily; every module exports `create(ctx)`.
 * `hidden` pages are reachable by link only (never in the navigation, never a first page); `path` is the hash
 * segment when it differs from the id (#/orders/<id> opens the page 'order').
 */
export const PAGES = [
  { id: 'desk', group: 'work', icon: 'headset', roles: ['operator'], load: () => import('./pages/desk.js') },
  { id: 'dispatch', group: 'work', icon: 'dispatch', roles: ['dispatcher'], load: () => import('./pages/dispatch.js') },
  { id: 'review', group: 'work', icon: 'review', roles: ['reviewer'], load: () => import('./pages/review.js') },
  { id: 'unit-inbox', group: 'work', icon: 'inbox', roles: ['unit_handler', 'unit_admin'], load: () => import('./pages/unit-inbox.js') },
  { id: 'unit-admin', group: 'work', icon: 'building', roles: ['unit_admin'], load: () => import('./pages/unit-admin.js') },
  { id: 'leadership', group: 'work', icon: 'chart', roles: ['leader'], load: () => import('./pages/leadership.js') },
  { id: 'supervision', group: 'work', icon: 'flag', roles: ['supervisor', 'leader', 'unit_handler', 'unit_admin'], load: () => import('./pages/supervision.js') },
  { id: 'wall', group: 'work', icon: 'chart', roles: ['leader', 'supervisor'], load: () => import('./pages/wall.js') },
  {
    id: 'clocks', group: 'work', icon: 'alert', roles: ['unit_handler', 'unit_admin', 'dispatcher', 'reviewer'],
    load: () => import('./pages/clocks.js'),
  },
  { id: 'admin-users', group: 'admin', icon: 'users', roles: ['admin'], load: () => import('./pages/admin-users.js') },
  { id: 'admin-units', group: 'admin', icon: 'tree', roles: ['admin'], load: () => import('./pages/admin-units.js') },
  { id: 'admin-categories', group: 'admin', icon: 'tag', roles: ['admin'], load: () => import('./pages/admin-categories.js') },
  { id: 'admin-areas', group: 'admin', icon: 'map', roles: ['admin'], load: () => import('./pages/admin-areas.js') },
  { id: 'admin-policies', group: 'admin', icon: 'clock', roles: ['admin'], load: () => import('./pages/admin-policies.js') },
  { id: 'admin-calendar', group: 'admin', icon: 'calendar', roles: ['admin'], load: () => import('./pages/admin-calendar.js') },
  { id: 'admin-audit', group: 'admin', icon: 'audit', roles: ['admin'], load: () => import('./pages/admin-audit.js') },
  // After the admin pages, so an admin still starts on accounts.
  {
    id: 'assessment', group: 'work', icon: 'chart', roles: ['leader', 'supervisor', 'admin', 'dispatcher', 'reviewer'],
    load: () => import('./pages/assessment.js'),
  },
  // After the admin pages: an admin starts on accounts, a KB admin here; the navigation groups it with the work.
  {
    id: 'kb', group: 'work', icon: 'book',
    roles: ['kb_admin', 'operator', 'dispatcher', 'reviewer', 'unit_handler', 'unit_admin', 'supervisor', 'leader', 'admin'],
    load: () => import('./pages/kb.js'),
  },
  {
    id: 'supervision-case', path: 'supervisions', hidden: true, group: 'work', icon: 'flag',
    roles: ['supervisor', 'leader', 'admin', 'reviewer', 'dispatcher', 'unit_handler', 'unit_admin'],
    load: () => import('./pages/supervision-case.js'),
  },
  {
    id: 'supervision-new', hidden: true, group: 'work', icon: 'flag', roles: ['supervisor', 'leader', 'admin'],
    load: () => import('./pages/supervision-new.js'),
  },
  {
    id: 'supervision-notice', hidden: true, group: 'work', icon: 'memo', roles: ['supervisor', 'leader', 'admin'],
    load: () => import('./pages/supervision-notice.js'),
  },
  {
    id: 'order', path: 'orders', hidden: true, group: 'work', icon: 'memo',
    roles: ['operator', 'dispatcher', 'reviewer', 'unit_handler', 'unit_admin', 'supervisor', 'leader'],
    load: () => import('./pages/order.js'),
  },
];

export const NAV_GROUPS = ['work', 'admin'];

const BY_ID = new Map(PAGES.map((p) => [p.id, p]));
const BY_PATH = new Map(PAGES.map((p) => [p.path || p.id, p]));

export function pageById(id) {
  return BY_ID.get(id) || null;
}

/** Pages the union of the given roles may use (hidden ones included), in navigation order. */
export function allowedPages(roles) {
  const set = new Set(Array.isArray(roles) ? roles : []);
  return PAGES.filter((p) => p.roles.some((r) => set.has(r)));
}

/** Pages shown in the navigation for these roles: allowed and not hidden. */
export function navPages(roles) {
  return allowedPages(roles).filter((p) => !p.hidden);
}

function segments() {
  const hash = window.location.hash || '';
  const match = /^#\/?([^?#]*)/.exec(hash);
  if (!match) return [];
  return match[1].split('/').filter((s) => s !== '').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}

/** The page id in the current location hash ('' when none). */
export function currentRoute() {
  const first = segments()[0] || '';
  const page = BY_PATH.get(first);
  return page ? page.id : first;
}

/** The hash segments after the page's own, e.g. ['123'] for #/orders/123. */
export function routeParams() {
  return segments().slice(1);
}

/** The hash of an order's page. */
export function orderHref(id) {
  return '#/orders/' + encodeURIComponent(String(id));
}

/**
 * Rewrites the hash to the page without adding a history entry and without firing hashchange. A hash that already
 * names the page keeps its parameters.
 */
export function replaceRoute(id) {
  if (currentRoute() === id && window.location.hash) return;
  const page = BY_ID.get(id);
  const target = '#/' + (page && page.path ? page.path : id);
  if (window.location.hash !== target) {
    window.history.replaceState(window.history.state, '', target);
  }
}

/** Sets the hash without firing hashchange (for restoring a page asked for before logging in). */
export function replaceHash(hash) {
  if (hash && window.location.hash !== hash) {
    window.history.replaceState(window.history.state, '', hash);
  }
}
