// Entry point of the staff console: session check, routing, the shell (top bar + navigation), page mounting.
import { html, render, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { api, setUnauthorizedHandler, setServerTime } from './api.js';
import { t, getLang, setLang, otherLang } from './i18n.js';
import { NAV_GROUPS, allowedPages, navPages, pageById, currentRoute, routeParams, replaceRoute, replaceHash, orderHref } from './router.js';
import { loginView } from './pages/login.js';
import { icon, roleLabel, errorMessage, loadingState, notice, formatDateTime } from './ui.js';

const root = document.getElementById('app');
// index.html carries a static splash for the first paint; lit renders into an empty container.
root.replaceChildren();

const state = {
  user: null,
  bootError: null,
  view: 'boot', // boot | login | shell
  pageId: '',
  page: null, // the mounted page controller
  pageLoading: false,
  pageError: null,
  nav: 0, // navigation token; stale async work compares against it
  intended: '', // hash of the page asked for before logging in (e.g. #/orders/12)
  lastNavPage: '', // the last page from the navigation shown (where an order page goes back to)
  login: { busy: false, error: '', errorDetail: '', notice: '' },
  toast: null,
  calendarWarning: null, // next year, while its holidays are missing from the calendar (admins only)
  notify: { unread: 0, items: null, open: false, loading: false, error: null, busy: false },
};

let toastTimer = 0;
let notifyTimer = 0;
/** How often the bell asks for the unread count. */
const NOTIFY_POLL_MS = 60_000;
/** How many notifications the panel lists, newest first. */
const NOTIFY_LIST = 30;

function setReady(ready) {
  document.body.dataset.ready = ready ? 'true' : 'false';
}

function update() {
  render(appView(), root);
  updateTitle();
}

function updateTitle() {
  const app = t('app.name');
  if (state.view === 'shell' && state.pageId) {
    document.title = `${t('page.' + state.pageId)} · ${app}`;
  } else if (state.view === 'login') {
    document.title = `${t('login.title')} · ${app}`;
  } else {
    document.title = app;
  }
}

function toggleLang() {
  setLang(otherLang());
  update();
  if (state.page && typeof state.page.onLangChange === 'function') state.page.onLangChange();
}

/** Shows a short confirmation; key and params go through t() so a language switch re-translates it. */
function showToast(key, params, kind = 'success') {
  state.toast = { key, params, kind };
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => {
    state.toast = null;
    update();
  }, 4000);
  update();
}

// ---------------------------------------------------------------- navigation

function disposePage() {
  if (state.page && typeof state.page.dispose === 'function') {
    try {
      state.page.dispose();
    } catch {
      // a page failing to clean up must not block navigation
    }
  }
  state.page = null;
}

function showLogin({ notice: message = '' } = {}) {
  state.nav += 1;
  disposePage();
  state.view = 'login';
  state.pageId = 'login';
  state.login = { busy: false, error: '', errorDetail: '', notice: message };
  state.toast = null;
  window.clearTimeout(toastTimer);
  replaceRoute('login');
  update();
  setReady(true);
  const username = document.getElementById('username');
  if (username) username.focus();
}

async function navigate() {
  const token = ++state.nav;
  setReady(false);
  if (!state.user) {
    const asked = currentRoute();
    if (asked && asked !== 'login') state.intended = window.location.hash;
    showLogin();
    return;
  }
  const allowed = allowedPages(state.user.roles);
  const first = navPages(state.user.roles)[0];
  let id = currentRoute();
  if (state.intended && (id === 'login' || !id)) {
    replaceHash(state.intended);
    id = currentRoute();
  }
  state.intended = '';
  if (!allowed.some((p) => p.id === id)) {
    id = first ? first.id : 'no-access';
  }
  replaceRoute(id);

  disposePage();
  state.notify.open = false;
  refreshUnread();
  const meta = pageById(id);
  if (meta && !meta.hidden) state.lastNavPage = id;
  state.view = 'shell';
  state.pageId = id;
  state.pageError = null;
  state.pageLoading = true;
  update();

  if (id === 'no-access') {
    state.pageLoading = false;
    update();
    setReady(true);
    return;
  }

  let page = null;
  try {
    const mod = await pageById(id).load();
    if (token !== state.nav) return;
    page = mod.create(pageContext(token, routeParams()));
    state.page = page;
    update();
    if (typeof page.load === 'function') await page.load();
  } catch (err) {
    if (token !== state.nav) return;
    state.pageError = err;
  }
  if (token !== state.nav) return;
  state.pageLoading = false;
  update();
  if (page && typeof page.afterRender === 'function') page.afterRender();
  setReady(true);
}

function pageContext(token, params) {
  const back = state.lastNavPage || (navPages(state.user.roles)[0] || {}).id || '';
  return {
    get user() {
      return state.user;
    },
    api,
    /** Hash segments after the page's own (#/orders/12 → ['12']). */
    params,
    /** The navigation page the user came from, for a way back. */
    backPage: back,
    /** Re-render; ignored once the page is no longer current. */
    update: () => {
      if (token === state.nav) update();
    },
    isCurrent: () => token === state.nav,
    toast: showToast,
    /** Asks the bell for the unread count again (after an action that may have changed it). */
    refreshNotifications: () => refreshUnread(),
    /** Checks the working-day calendar again (after an admin changed it), updating the missing-year warning. */
    calendarChanged: () => checkCalendar(),
  };
}

async function logout() {
  try {
    await api.post('/auth/logout');
  } catch {
    // the session may already be gone; the login view is the right place either way
  }
  state.user = null;
  state.intended = '';
  stopNotifications();
  showLogin({ notice: t('login.loggedOut') });
}

function onLoggedIn(user) {
  if (!user) {
    state.login.error = t('error.unexpected');
    update();
    return;
  }
  state.user = user;
  state.lastNavPage = '';
  checkCalendar();
  startNotifications();
  navigate();
}

/**
 * Deadlines count working days from the calendar table; a year nobody has entered counts Monday to Friday only,
 * missing the holidays. Admins, who keep the table, are warned while next year is still empty.
 */
async function checkCalendar() {
  if (!state.user || !(state.user.roles || []).includes('admin')) {
    state.calendarWarning = null;
    return;
  }
  const year = new Date().getFullYear() + 1;
  try {
    const answer = await api.get('/calendar/days?year=' + year);
    const warning = answer && answer.entered === false ? year : null;
    if (warning !== state.calendarWarning) {
      state.calendarWarning = warning;
      update();
    }
  } catch {
    // A failed check must not disturb the console; the next login checks again.
  }
}

// ---------------------------------------------------------------- notifications (the bell)

function startNotifications() {
  stopNotifications();
  state.notify = { unread: 0, items: null, open: false, loading: false, error: null, busy: false };
  refreshUnread();
  notifyTimer = window.setInterval(() => {
    if (!document.hidden) refreshUnread();
  }, NOTIFY_POLL_MS);
}

function stopNotifications() {
  window.clearInterval(notifyTimer);
  notifyTimer = 0;
  state.notify = { unread: 0, items: null, open: false, loading: false, error: null, busy: false };
}

/** The unread count for the bell; the open panel's list is refreshed with it. */
async function refreshUnread() {
  if (!state.user) return;
  try {
    const answer = await api.get('/notifications?unread=true&limit=1');
    if (!state.user) return;
    const unread = answer && typeof answer.unread === 'number' ? answer.unread : 0;
    const changed = unread !== state.notify.unread;
    state.notify.unread = unread;
    if (state.notify.open && changed) await loadNotifications();
    if (changed && state.view === 'shell') update();
  } catch {
    // The bell keeps its last count; the next poll tries again.
  }
}

async function loadNotifications() {
  state.notify.loading = true;
  if (state.view === 'shell') update();
  try {
    const answer = await api.get('/notifications?limit=' + NOTIFY_LIST);
    state.notify.items = (answer && answer.items) || [];
    state.notify.unread = answer && typeof answer.unread === 'number' ? answer.unread : state.notify.unread;
    state.notify.error = null;
  } catch (err) {
    state.notify.error = err;
  }
  state.notify.loading = false;
  if (state.view === 'shell') update();
}

function toggleNotifications() {
  state.notify.open = !state.notify.open;
  update();
  if (state.notify.open) {
    loadNotifications().then(() => {
      const first = document.querySelector('#notify-panel .notify-item');
      if (first) first.focus();
    });
  }
}

function closeNotifications({ focusBell = false } = {}) {
  if (!state.notify.open) return;
  state.notify.open = false;
  update();
  if (focusBell) {
    const bell = document.getElementById('notify-bell');
    if (bell) bell.focus();
  }
}

async function markRead(item) {
  if (item.read) return;
  await api.post('/notifications/' + encodeURIComponent(String(item.id)) + '/read');
  item.read = true;
  state.notify.unread = Math.max(0, state.notify.unread - 1);
}

/** Opening a notification marks it read and goes to its order (when the user may open orders). */
async function openNotification(e, item) {
  if ((e.ctrlKey || e.metaKey || e.shiftKey || e.button) && item.orderId && mayOpenOrders()) {
    // Opened in another tab: the link does that; this one marks it read.
    markRead(item).then(() => update(), () => {});
    return;
  }
  e.preventDefault();
  if (state.notify.busy) return;
  state.notify.busy = true;
  try {
    await markRead(item);
  } catch {
    // Read or not, the order is what the user asked for.
  }
  state.notify.busy = false;
  state.notify.open = false;
  update();
  if (item.orderId && mayOpenOrders()) {
    const target = orderHref(item.orderId);
    if (window.location.hash === target) navigate();
    else window.location.hash = target;
  }
  refreshUnread();
}

async function markAllRead() {
  const unread = (state.notify.items || []).filter((i) => !i.read);
  if (!unread.length || state.notify.busy) return;
  state.notify.busy = true;
  update();
  await Promise.allSettled(unread.map(markRead));
  state.notify.busy = false;
  await refreshUnread();
  update();
}

function mayOpenOrders() {
  return !!state.user && allowedPages(state.user.roles).some((p) => p.id === 'order');
}

document.addEventListener('click', (e) => {
  if (state.notify.open && !e.target.closest('#notify')) closeNotifications();
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && state.notify.open) closeNotifications({ focusBell: true });
});

setUnauthorizedHandler(() => {
  const wasLoggedIn = !!state.user;
  if (wasLoggedIn && state.view === 'shell' && state.pageId) state.intended = window.location.hash;
  state.user = null;
  stopNotifications();
  if (state.view === 'boot') return; // the boot sequence decides
  showLogin({ notice: wasLoggedIn ? t('login.expired') : '' });
});

// ---------------------------------------------------------------- views

function appView() {
  if (state.view === 'boot') return bootView();
  if (state.view === 'login') {
    return html`${loginView(state.login, { onLoggedIn, update, toggleLang })}${toastView()}`;
  }
  return html`${shellView()}${toastView()}`;
}

function bootView() {
  if (!state.bootError) {
    return html`<div class="boot-splash" role="status"><img src="/app/logo.svg" alt="" width="48" height="48"><p>${t('app.name')}</p><span class="spinner" aria-hidden="true"></span></div>`;
  }
  return html`<div class="boot-splash boot-error" id="page" data-page="boot-error">
    <img src="/app/logo.svg" alt="" width="48" height="48">
    <p class="boot-error-title">${t('boot.failed')}</p>
    <p class="boot-error-detail">${errorMessage(state.bootError)}</p>
    <button type="button" class="btn btn-primary" id="boot-retry" @click=${boot}>${t('common.retry')}</button>
  </div>`;
}

function toastView() {
  return html`<div class="toast-region" aria-live="polite" role="status" id="toast">${state.toast
    ? html`<div class="toast toast-${state.toast.kind}">${icon(state.toast.kind === 'error' ? 'alert' : 'info')}<span>${t(state.toast.key, state.toast.params)}</span></div>`
    : nothing}</div>`;
}

function shellView() {
  const user = state.user;
  const allowed = navPages(user.roles);
  const unitName = user.unit && user.unit.name ? user.unit.name : t('shell.noUnit');
  const roles = (user.roles || []).map(roleLabel).join(' · ');
  const initial = (user.displayName || user.username || '?').trim().slice(0, 1).toUpperCase();
  return html`
    <a class="skip-link" href="#page" @click=${skipToContent}>${t('shell.skip')}</a>
    <div class="shell">
      <header class="topbar">
        <a class="brand" href=${'#/' + (allowed.length ? allowed[0].id : '')}>
          <img src="/app/logo.svg" alt="" width="30" height="30">
          <span class="brand-text">
            <span class="brand-name">${t('app.name')}</span>
            <span class="brand-sub">Hotline</span>
          </span>
        </a>
        <div class="topbar-right">
          ${bellView()}
          <div class="user-chip" id="current-user" title=${roles}>
            <span class="avatar" aria-hidden="true">${initial}</span>
            <span class="user-text">
              <span class="user-name" id="current-user-name">${user.displayName || user.username}</span>
              <span class="user-unit" id="current-user-unit">${unitName}</span>
            </span>
          </div>
          <button type="button" id="lang-switch" class="btn btn-topbar" lang=${t('lang.switchLang')}
                  aria-label=${t('lang.switchLabel')} @click=${toggleLang}>${icon('globe')}<span>${t('lang.switch')}</span></button>
          <button type="button" id="logout" class="btn btn-topbar" @click=${logout}>${icon('logout')}<span>${t('shell.logout')}</span></button>
        </div>
      </header>
      <nav class="sidenav" aria-label=${t('shell.nav')}>
        ${NAV_GROUPS.map((group) => {
          const pages = allowed.filter((p) => p.group === group);
          if (!pages.length) return nothing;
          return html`<div class="nav-group">
            <p class="nav-group-title">${t('navGroup.' + group)}</p>
            <ul>${pages.map((p) => html`<li><a data-nav=${p.id} href=${'#/' + p.id}
                class=${classMap({ 'nav-link': true, active: p.id === state.pageId, trail: p.id !== state.pageId && isTrail(p.id) })}
                aria-current=${p.id === state.pageId ? 'page' : nothing}>${icon(p.icon)}<span>${t('page.' + p.id)}</span></a></li>`)}</ul>
          </div>`;
        })}
        <div class="nav-footer">
          <p class="nav-roles" id="current-user-roles">${roles}</p>
        </div>
      </nav>
      <main class="main" id="main">
        <section id="page" class="page" data-page=${state.pageId} tabindex="-1" aria-labelledby="page-title">
          ${state.calendarWarning && state.pageId !== 'admin-calendar'
            ? notice('warn', html`<p>${t('calendar.missing', { year: state.calendarWarning })}
                <a href=${'#/admin-calendar/' + state.calendarWarning} id="calendar-warning-link">${t('calendar.missingLink', { year: state.calendarWarning })}</a></p>`,
              'calendar-warning') : nothing}
          ${pageBody()}
        </section>
      </main>
    </div>`;
}

function bellView() {
  const n = state.notify;
  const label = n.unread ? t('notify.bellUnread', { n: n.unread }) : t('notify.bell');
  return html`<div class="notify" id="notify">
    <button type="button" id="notify-bell" class=${'btn btn-topbar btn-bell' + (n.open ? ' is-open' : '')} aria-haspopup="true"
            aria-expanded=${n.open ? 'true' : 'false'} aria-controls="notify-panel" aria-label=${label} title=${label}
            data-unread=${String(n.unread)} @click=${toggleNotifications}>
      ${icon('bell')}${n.unread ? html`<span class="bell-count" id="notify-count" aria-hidden="true">${n.unread > 99 ? '99+' : n.unread}</span>` : nothing}
    </button>
    ${n.open ? notificationsPanel() : nothing}
  </div>`;
}

function notificationsPanel() {
  const n = state.notify;
  const linkable = mayOpenOrders();
  let body;
  if (n.loading && !n.items) body = html`<div class="notify-empty">${loadingState()}</div>`;
  else if (n.error && !n.items) body = html`<p class="notify-empty inline-error" role="alert">${errorMessage(n.error)}</p>`;
  else if (!n.items || !n.items.length) body = html`<p class="notify-empty muted" id="notify-empty">${t('notify.empty')}</p>`;
  else {
    body = html`<ul class="notify-list" id="notify-list">${n.items.map((item) => html`<li>
      <a class=${'notify-item' + (item.read ? '' : ' unread') + (item.urgent ? ' urgent' : '')} href=${item.orderId && linkable ? orderHref(item.orderId) : '#'}
         data-notification-id=${String(item.id)} data-order-id=${item.orderId ? String(item.orderId) : nothing} data-read=${item.read ? 'true' : 'false'}
         data-kind=${item.kind || ''} @click=${(e) => openNotification(e, item)}>
        <span class="notify-dot" aria-hidden="true"></span>
        <span class="notify-text">
          <span class="notify-title">${item.urgent ? html`<span class="notify-urgent">${t('notify.urgent')}</span>` : nothing}${localTimes(item.title)}</span>
          ${item.body ? html`<span class="notify-body">${localTimes(item.body)}</span>` : nothing}
          <span class="notify-meta"><span class="notify-kind">${notifyKindLabel(item.kind)}</span><time class="num" datetime=${item.sentAt || ''}>${formatDateTime(item.sentAt)}</time>
            ${item.read ? nothing : html`<span class="sr-only">${t('notify.unread')}</span>`}</span>
        </span>
      </a></li>`)}</ul>`;
  }
  return html`<div class="notify-panel" id="notify-panel" role="region" aria-label=${t('notify.title')}>
    <div class="notify-head">
      <strong>${t('notify.title')}</strong>
      <span class="muted small" id="notify-summary">${n.unread ? t('notify.unreadCount', { n: n.unread }) : t('notify.allRead')}</span>
      <span class="spacer"></span>
      ${n.items && n.items.some((i) => !i.read)
        ? html`<button type="button" class="btn btn-quiet btn-small" id="notify-read-all" ?disabled=${n.busy} @click=${markAllRead}>${t('notify.readAll')}</button>`
        : nothing}
    </div>
    ${body}
    <p class="notify-foot muted small">${t('notify.foot', { n: NOTIFY_LIST })}</p>
  </div>`;
}

/**
 * Notices are written by the server in Chinese with ISO instants in UTC ("时限 2026-11-25T04:00:00Z 已过"); shown with
 * the instants as local date and time, like every other time in the console.
 */
function localTimes(text) {
  return String(text || '').replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g,
    (iso) => formatDateTime(iso) || iso);
}

function notifyKindLabel(kind) {
  const key = 'notify.kind.' + kind;
  const text = t(key);
  return text === key ? String(kind || '') : text;
}

/** On a hidden page (an order), the navigation entry the user came from stays marked. */
function isTrail(id) {
  const meta = pageById(state.pageId);
  return !!(meta && meta.hidden && state.lastNavPage === id);
}

function skipToContent(e) {
  e.preventDefault();
  const target = document.getElementById('page');
  if (target) target.focus();
}

function pageBody() {
  if (state.pageId === 'no-access') {
    return html`<header class="page-header"><div class="page-header-text"><h1 class="page-title" id="page-title">${t('page.no-access')}</h1>
      <p class="page-desc">${t('shell.noAccess')}</p></div></header>`;
  }
  if (state.pageError) {
    return html`<header class="page-header"><div class="page-header-text"><h1 class="page-title" id="page-title">${t('page.' + state.pageId)}</h1></div></header>
      ${notice('error', html`<p>${errorMessage(state.pageError)}</p>`, 'page-error')}`;
  }
  if (!state.page) return loadingState();
  return state.page.view();
}

// ---------------------------------------------------------------- boot

async function boot() {
  state.view = 'boot';
  state.bootError = null;
  setReady(false);
  update();
  try {
    // /auth/session answers 200 whether or not a session exists, so a first visit logs no failed request.
    const result = await api.get('/auth/session');
    setServerTime(result && result.now);
    state.user = result && result.authenticated && result.user ? result.user : null;
    checkCalendar();
    if (state.user) startNotifications();
  } catch (err) {
    if (err && err.status === 401) {
      state.user = null;
    } else {
      state.bootError = err;
      update();
      setReady(true);
      return;
    }
  }
  navigate();
}

document.documentElement.lang = getLang();
window.addEventListener('hashchange', () => {
  if (state.view === 'boot') return;
  if (!state.user && currentRoute() === 'login') return;
  navigate();
});
boot();

