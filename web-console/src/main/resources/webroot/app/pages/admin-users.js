// 账号管理 — staff accounts: list, create, edit roles/unit, enable/disable, reset password.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { repeat } from '/webjars/lit-html/3.3.1/directives/repeat.js';
import { ref } from '/webjars/lit-html/3.3.1/directives/ref.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { t } from '../i18n.js';
import { seg } from '../api.js';
import {
  pageHeader, loadingState, problemBox, fieldError, emptyState, icon, notice,
  roleLabel, ROLES, formatDateTime, formatNumber, flattenForSelect,
} from '../ui.js';

const FIELDS = ['username', 'displayName', 'password', 'roles', 'unitId'];

/** A random password: 14 characters, upper, lower, digits and a symbol, no look-alikes. */
function generatePassword() {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#$%&*?'];
  const all = sets.join('');
  const random = new Uint32Array(14);
  crypto.getRandomValues(random);
  const chars = Array.from(random, (r, i) => (i < sets.length ? sets[i][r % sets[i].length] : all[r % all.length]));
  const order = new Uint32Array(chars.length);
  crypto.getRandomValues(order);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = order[i] % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

export function create(ctx) {
  const state = {
    loading: true,
    error: null,
    users: [],
    unitOptions: [],
    unitsError: null,
    filter: '',
    create: { busy: false, error: null },
    dialog: null, // { kind: 'reset' | 'edit', user, busy, error, generated }
    rowBusy: new Set(),
    actionError: null,
  };

  const unitIdByKey = new Map();

  /** The API nests the unit ({id, code, name, kind}); the table and the forms want its id and name flat. */
  function flat(user) {
    if (!user || typeof user !== 'object') return user;
    const unit = user.unit || null;
    return { ...user, unitId: unit ? unit.id : null, unitName: unit ? unit.name : null };
  }

  async function loadUsers() {
    const result = await ctx.api.get('/users');
    state.users = ((result && result.items) || []).map(flat);
  }

  async function load() {
    state.loading = true;
    const [users, units] = await Promise.allSettled([loadUsers(), ctx.api.get('/units')]);
    if (users.status === 'rejected') state.error = users.reason;
    if (units.status === 'fulfilled') {
      state.unitOptions = flattenForSelect((units.value && units.value.items) || []);
      unitIdByKey.clear();
      for (const o of state.unitOptions) unitIdByKey.set(String(o.id), o.id);
    } else {
      state.unitsError = units.reason;
    }
    state.loading = false;
  }

  function unitValue(raw) {
    if (raw === '' || raw === null || raw === undefined) return null;
    return unitIdByKey.has(raw) ? unitIdByKey.get(raw) : raw;
  }

  function replaceUser(updated, fallback) {
    const merged = { ...fallback, ...(updated && typeof updated === 'object' ? flat(updated) : {}) };
    state.users = state.users.map((u) => (String(u.id) === String(fallback.id) ? merged : u));
  }

  // ---- create ----
  async function submitCreate(e) {
    e.preventDefault();
    if (state.create.busy) return;
    const form = e.currentTarget;
    const data = new FormData(form);
    const body = {
      username: String(data.get('username') || '').trim(),
      displayName: String(data.get('displayName') || '').trim(),
      password: String(data.get('password') || ''),
      roles: data.getAll('roles').map(String),
      unitId: unitValue(String(data.get('unitId') || '')),
    };
    state.create = { busy: true, error: null };
    ctx.update();
    try {
      const created = await ctx.api.post('/users', body);
      state.create = { busy: false, error: null };
      form.reset();
      try {
        await loadUsers();
      } catch {
        if (created && created.id !== undefined) state.users = state.users.concat([flat(created)]);
      }
      ctx.toast('users.created', { username: body.username });
      const first = form.querySelector('#new-username');
      if (first) first.focus();
    } catch (err) {
      state.create = { busy: false, error: err };
      ctx.update();
      const firstBad = FIELDS.find((f) => err.fieldErrors && err.fieldErrors(f).length);
      const target = firstBad && form.querySelector(`[data-field-input="${firstBad}"]`);
      if (target) target.focus();
    }
  }

  // ---- row actions ----
  async function toggleEnabled(user) {
    if (state.rowBusy.has(user.id)) return;
    state.rowBusy.add(user.id);
    state.actionError = null;
    ctx.update();
    try {
      const updated = await ctx.api.patch('/users/' + seg(user.id), { enabled: !user.enabled });
      replaceUser(updated, { ...user, enabled: !user.enabled });
      ctx.toast(user.enabled ? 'users.disabledToast' : 'users.enabledToast', { username: user.username });
    } catch (err) {
      state.actionError = err;
    }
    state.rowBusy.delete(user.id);
    ctx.update();
  }

  function openDialog(kind, user) {
    state.dialog = { kind, user, busy: false, error: null, generated: '' };
    ctx.update();
  }

  function closeDialog() {
    if (!state.dialog) return;
    const userId = state.dialog.user.id;
    const kind = state.dialog.kind;
    state.dialog = null;
    ctx.update();
    const back = document.querySelector(`tr[data-user-id="${CSS.escape(String(userId))}"] [data-action="${kind === 'reset' ? 'reset-password' : 'edit'}"]`);
    if (back) back.focus();
  }

  // lit hands the element over before the new DOM is attached; open it once it is in the document.
  const dialogRef = (el) => {
    if (!el) return;
    queueMicrotask(() => {
      if (el.isConnected && !el.open) el.showModal();
    });
  };

  async function submitDialog(e) {
    e.preventDefault();
    const d = state.dialog;
    if (!d || d.busy) return;
    const form = e.currentTarget;
    const data = new FormData(form);
    let body;
    if (d.kind === 'reset') {
      body = { password: String(data.get('password') || '') };
    } else {
      body = {
        displayName: String(data.get('displayName') || '').trim(),
        roles: data.getAll('roles').map(String),
        unitId: unitValue(String(data.get('unitId') || '')),
      };
    }
    d.busy = true;
    d.error = null;
    ctx.update();
    try {
      const updated = await ctx.api.patch('/users/' + seg(d.user.id), body);
      if (d.kind === 'edit') {
        const option = state.unitOptions.find((o) => String(o.id) === String(body.unitId));
        replaceUser(updated, { ...d.user, ...body, unitName: option ? option.node.name : null });
      }
      ctx.toast(d.kind === 'reset' ? 'users.passwordReset' : 'users.updated', { username: d.user.username });
      closeDialog();
    } catch (err) {
      if (state.dialog === d) {
        d.busy = false;
        d.error = err;
        ctx.update();
      }
    }
  }

  function generate() {
    if (!state.dialog) return;
    state.dialog.generated = generatePassword();
    ctx.update();
    const input = document.getElementById('reset-password-input');
    if (input) {
      input.value = state.dialog.generated;
      input.select();
    }
  }

  // ---- views ----
  function unitSelect(id, selected, disabled) {
    return html`<select id=${id} name="unitId" data-field-input="unitId" ?disabled=${disabled}
        aria-describedby=${id + '-error'}>
      <option value="" ?selected=${selected === null || selected === undefined || selected === ''}>${t('users.noUnit')}</option>
      ${state.unitOptions.map((o) => html`<option value=${String(o.id)} ?selected=${String(o.id) === String(selected)}
          class=${'depth-' + Math.min(o.depth, 4)}>${o.label}${o.node.code ? ` (${o.node.code})` : ''}</option>`)}
    </select>`;
  }

  function roleChecks(prefix, checked, disabled) {
    return html`<div class="role-checks">
      ${ROLES.map((r) => html`<label class="check role-check" for=${prefix + r}>
        <input type="checkbox" id=${prefix + r} name="roles" value=${r} ?checked=${checked.includes(r)} ?disabled=${disabled}>
        <span>${roleLabel(r)}</span></label>`)}
    </div>`;
  }

  function createForm() {
    const c = state.create;
    const err = c.error;
    const invalid = (f) => (err && err.fieldErrors && err.fieldErrors(f).length ? 'true' : 'false');
    return html`
      <section class="card" id="user-create-card" aria-labelledby="user-create-title">
        <div class="card-head"><h2 class="card-title" id="user-create-title">${icon('plus')}<span>${t('users.new')}</span></h2></div>
        <div class="card-body">
          <form id="user-create-form" class="form-grid form-grid-4" novalidate autocomplete="off" @submit=${submitCreate}>
            <div class="field">
              <label for="new-username">${t('field.username')}</label>
              <input id="new-username" name="username" data-field-input="username" autocomplete="off" spellcheck="false"
                     ?disabled=${c.busy} aria-invalid=${invalid('username')} aria-describedby="new-username-error">
              ${fieldError(err, 'username', 'new-username-error')}
            </div>
            <div class="field">
              <label for="new-display-name">${t('field.displayName')}</label>
              <input id="new-display-name" name="displayName" data-field-input="displayName" autocomplete="off"
                     ?disabled=${c.busy} aria-invalid=${invalid('displayName')} aria-describedby="new-display-name-error">
              ${fieldError(err, 'displayName', 'new-display-name-error')}
            </div>
            <div class="field">
              <label for="new-password">${t('field.password')}</label>
              <input id="new-password" name="password" type="password" data-field-input="password" autocomplete="new-password"
                     ?disabled=${c.busy} aria-invalid=${invalid('password')} aria-describedby="new-password-error">
              ${fieldError(err, 'password', 'new-password-error')}
            </div>
            <div class="field">
              <label for="new-unit">${t('field.unitId')}</label>
              ${unitSelect('new-unit', null, c.busy)}
              ${fieldError(err, 'unitId', 'new-unit-error')}
            </div>
            <fieldset class="field field-span-3" data-field-input="roles" aria-describedby="new-roles-error">
              <legend>${t('field.roles')}</legend>
              ${roleChecks('new-role-', [], c.busy)}
              ${fieldError(err, 'roles', 'new-roles-error')}
            </fieldset>
            <div class="form-actions form-actions-end">
              <button type="submit" id="user-create-submit" class="btn btn-primary" ?disabled=${c.busy}>
                ${c.busy ? html`<span class="spinner spinner-light" aria-hidden="true"></span>` : icon('plus')}<span>${t('users.create')}</span></button>
            </div>
          </form>
          ${state.unitsError ? notice('warn', html`<p>${t('users.unitsUnavailable')}</p>`) : nothing}
          ${err ? html`<div id="user-create-error">${problemBox(err, { shownFields: FIELDS })}</div>` : nothing}
        </div>
      </section>`;
  }

  function usersTable() {
    const q = state.filter.trim().toLowerCase();
    const users = q
      ? state.users.filter((u) => [u.username, u.displayName, u.unitName].some((v) => String(v ?? '').toLowerCase().includes(q)))
      : state.users;
    const me = ctx.user;
    return html`
      <section class="card" id="users-card" aria-labelledby="users-title">
        <div class="card-head">
          <h2 class="card-title" id="users-title">${icon('users')}<span>${t('users.list')}</span>
            <span class="card-meta" id="users-count">${q ? t('users.filtered', { n: formatNumber(users.length), total: formatNumber(state.users.length) }) : t('users.count', { n: formatNumber(state.users.length) })}</span></h2>
          <label class="search-field search-field-small">
            ${icon('search')}<span class="sr-only">${t('users.filter')}</span>
            <input id="user-filter" type="search" autocomplete="off" placeholder=${t('users.filterPlaceholder')}
                   .value=${state.filter} @input=${(e) => { state.filter = e.target.value; ctx.update(); }}>
          </label>
        </div>
        ${state.actionError ? html`<div class="card-body card-body-tight">${problemBox(state.actionError, { id: 'users-error' })}</div>` : nothing}
        ${users.length
          ? html`<div class="table-wrap"><table class="data-table" id="users-table">
              <thead><tr>
                <th scope="col">${t('field.username')}</th>
                <th scope="col">${t('field.displayName')}</th>
                <th scope="col">${t('field.roles')}</th>
                <th scope="col">${t('field.unitId')}</th>
                <th scope="col">${t('users.col.enabled')}</th>
                <th scope="col">${t('users.col.lastLogin')}</th>
                <th scope="col" class="col-actions">${t('col.actions')}</th>
              </tr></thead>
              <tbody>
                ${repeat(users, (u) => u.id, (u) => {
                  const self = me && String(me.id) === String(u.id);
                  const busy = state.rowBusy.has(u.id);
                  return html`<tr data-user-id=${String(u.id)} data-username=${u.username} data-enabled=${u.enabled ? 'true' : 'false'}
                      class=${classMap({ 'row-disabled': !u.enabled })}>
                    <td class="nowrap strong">${u.username}${self ? html` <span class="badge badge-self">${t('users.me')}</span>` : nothing}</td>
                    <td class="nowrap">${u.displayName}</td>
                    <td><div class="roles-cell">${(u.roles || []).map((r) => html`<span class="badge badge-role" data-role=${r}>${roleLabel(r)}</span>`)}</div></td>
                    <td class="nowrap">${u.unitName || html`<span class="muted">—</span>`}</td>
                    <td class="nowrap">${u.enabled
                      ? html`<span class="badge badge-ok" data-status="enabled">${t('users.enabled')}</span>`
                      : html`<span class="badge badge-muted" data-status="disabled">${t('users.disabled')}</span>`}</td>
                    <td class="nowrap num">${u.lastLoginAt ? formatDateTime(u.lastLoginAt) : html`<span class="muted">${t('users.never')}</span>`}</td>
                    <td class="col-actions nowrap">
                      <button type="button" class="btn btn-small btn-quiet" data-action="edit" ?disabled=${busy}
                              @click=${() => openDialog('edit', u)}>${t('users.edit')}</button>
                      <button type="button" class="btn btn-small btn-quiet" data-action="reset-password" ?disabled=${busy}
                              @click=${() => openDialog('reset', u)}>${t('users.resetPassword')}</button>
                      <button type="button" class=${classMap({ btn: true, 'btn-small': true, 'btn-quiet': true, 'btn-danger': u.enabled })}
                              data-action="toggle-enabled" ?disabled=${busy || (self && u.enabled)}
                              title=${self && u.enabled ? t('users.cannotDisableSelf') : nothing}
                              @click=${() => toggleEnabled(u)}>${u.enabled ? t('users.disable') : t('users.enable')}</button>
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table></div>`
          : emptyState(q ? t('users.noMatch') : t('users.empty'))}
      </section>`;
  }

  function dialogView() {
    const d = state.dialog;
    if (!d) return nothing;
    const err = d.error;
    const isReset = d.kind === 'reset';
    const onCancel = (e) => {
      e.preventDefault();
      closeDialog();
    };
    return html`
      <dialog id="user-dialog" class="dialog" data-kind=${d.kind} aria-labelledby="user-dialog-title" ${ref(dialogRef)} @cancel=${onCancel}>
        <form method="dialog" class="dialog-form" novalidate autocomplete="off" @submit=${submitDialog}>
          <header class="dialog-head">
            <h2 id="user-dialog-title">${isReset ? t('users.resetTitle') : t('users.editTitle')}</h2>
            <p class="dialog-sub"><span class="mono">${d.user.username}</span> · ${d.user.displayName}</p>
          </header>
          <div class="dialog-body">
            ${isReset
              ? html`
                <div class="field">
                  <label for="reset-password-input">${t('users.newPassword')}</label>
                  <div class="input-with-button">
                    <input id="reset-password-input" name="password" type=${d.generated ? 'text' : 'password'} autocomplete="new-password"
                           spellcheck="false" autofocus ?disabled=${d.busy} aria-describedby="reset-password-input-error reset-password-hint">
                    <button type="button" class="btn" id="reset-password-generate" ?disabled=${d.busy} @click=${generate}>${t('users.generate')}</button>
                  </div>
                  ${fieldError(err, 'password', 'reset-password-input-error')}
                  <p class="field-hint" id="reset-password-hint">${d.generated ? t('users.generatedHint') : t('users.resetHint')}</p>
                </div>`
              : html`
                <div class="field">
                  <label for="edit-display-name">${t('field.displayName')}</label>
                  <input id="edit-display-name" name="displayName" .value=${d.user.displayName || ''} autofocus ?disabled=${d.busy}
                         aria-describedby="edit-display-name-error">
                  ${fieldError(err, 'displayName', 'edit-display-name-error')}
                </div>
                <div class="field">
                  <label for="edit-unit">${t('field.unitId')}</label>
                  ${unitSelect('edit-unit', d.user.unitId, d.busy)}
                  ${fieldError(err, 'unitId', 'edit-unit-error')}
                </div>
                <fieldset class="field">
                  <legend>${t('field.roles')}</legend>
                  ${roleChecks('edit-role-', d.user.roles || [], d.busy)}
                  ${fieldError(err, 'roles', 'edit-roles-error')}
                </fieldset>`}
            ${err ? html`<div id="dialog-error">${problemBox(err, { shownFields: FIELDS })}</div>` : nothing}
          </div>
          <footer class="dialog-foot">
            <button type="button" class="btn" id="dialog-cancel" @click=${onCancel}>${t('common.cancel')}</button>
            <button type="submit" class="btn btn-primary" id="dialog-submit" ?disabled=${d.busy}>
              ${d.busy ? html`<span class="spinner spinner-light" aria-hidden="true"></span>` : nothing}${isReset ? t('users.resetConfirm') : t('common.save')}</button>
          </footer>
        </form>
      </dialog>`;
  }

  return {
    load,
    view() {
      if (state.loading) return html`${pageHeader('page.admin-users', 'users.desc')}${loadingState()}`;
      if (state.error) return html`${pageHeader('page.admin-users', 'users.desc')}${problemBox(state.error, { id: 'users-load-error' })}`;
      return html`
        ${pageHeader('page.admin-users', 'users.desc')}
        ${createForm()}
        ${usersTable()}
        ${dialogView()}`;
    },
    dispose() {
      state.dialog = null;
    },
  };
}

