// A searchable picker (ARIA combobox + listbox) for trees flattened to items: categories, areas, units.
// Type to filter by name, path or code; ↑/↓ move; Enter or Tab choose; Esc closes. Single or multiple choice.
import { html, nothing } from '/webjars/lit-html/3.3.1/lit-html.js';
import { classMap } from '/webjars/lit-html/3.3.1/directives/class-map.js';
import { live } from '/webjars/lit-html/3.3.1/directives/live.js';
import { t } from './i18n.js';
import { icon } from './ui.js';

/**
 * Items: [{ id, label, display?, path?, depth?, leaf?, hint?, search? }]
 *   label: the name shown in the list; display: what the input shows once chosen (defaults to label);
 *   path: the parents, shown under the name; leaf: leaves rank first when filtering;
 *   search: the text matched (defaults to display + path + label).
 */
export class Combo {
  constructor({ update, multiple = false, onChange = null, limit = 60 } = {}) {
    this.update = update;
    this.multiple = multiple;
    this.onChange = onChange;
    this.limit = limit;
    this.items = [];
    this.byId = new Map();
    this.value = null; // single: the chosen item
    this.values = []; // multiple: the chosen items
    this.query = '';
    this.editing = false;
    this.open = false;
    this.active = 0;
    this.exclude = new Set();
  }

  setItems(items) {
    this.items = (items || []).map((item) => ({
      ...item,
      haystack: String(item.search ?? [item.display, item.path, item.label].filter(Boolean).join(' ')).toLowerCase(),
    }));
    this.byId = new Map(this.items.map((i) => [String(i.id), i]));
    if (this.value && !this.byId.has(String(this.value.id))) this.value = null;
    this.values = this.values.filter((v) => this.byId.has(String(v.id)));
  }

  /** Ids never offered (e.g. the lead unit among co-units). */
  setExclude(ids) {
    this.exclude = new Set((ids || []).map(String));
  }

  get id() {
    return this.value ? this.value.id : null;
  }

  get ids() {
    return this.values.map((v) => v.id);
  }

  item(id) {
    return id === null || id === undefined ? null : this.byId.get(String(id)) || null;
  }

  /** Chooses by id without firing onChange (presets, resets). */
  set(id) {
    this.value = this.item(id);
    this.query = '';
    this.editing = false;
  }

  setMany(ids) {
    this.values = (ids || []).map((id) => this.item(id)).filter(Boolean);
  }

  clear() {
    this.value = null;
    this.values = [];
    this.query = '';
    this.editing = false;
    this.open = false;
  }

  /** The items the list shows now. */
  matches() {
    const chosen = new Set(this.values.map((v) => String(v.id)));
    const usable = (i) => !this.exclude.has(String(i.id)) && !chosen.has(String(i.id));
    const q = this.editing ? this.query.trim().toLowerCase() : '';
    if (!q) return this.items.filter(usable).slice(0, 400);
    const tokens = q.split(/\s+/).filter(Boolean);
    const found = this.items.filter((i) => usable(i) && tokens.every((tok) => i.haystack.includes(tok)));
    // Leaves first (the category an order gets is a leaf), names that start with the query before others.
    const score = (i) => (i.leaf === false ? 2 : 0) + (String(i.label).toLowerCase().includes(tokens[0]) ? 0 : 1);
    return found
      .map((i, index) => ({ i, index, s: score(i) }))
      .sort((a, b) => a.s - b.s || a.index - b.index)
      .slice(0, this.limit)
      .map((x) => x.i);
  }

  choose(item) {
    if (!item) return;
    if (this.multiple) {
      if (!this.values.some((v) => String(v.id) === String(item.id))) this.values = this.values.concat([item]);
    } else {
      this.value = item;
    }
    this.query = '';
    this.editing = false;
    this.open = false;
    if (this.onChange) this.onChange(this.multiple ? this.values : item);
    this.update();
  }

  remove(item) {
    this.values = this.values.filter((v) => String(v.id) !== String(item.id));
    if (this.onChange) this.onChange(this.values);
    this.update();
  }

  /** Empties a single choice (the user cleared the input). */
  unset() {
    if (!this.value) return;
    this.value = null;
    if (this.onChange) this.onChange(null);
  }
}

function highlight(text, query) {
  const value = String(text ?? '');
  const q = (query || '').trim().split(/\s+/)[0];
  if (!q) return value;
  const i = value.toLowerCase().indexOf(q.toLowerCase());
  if (i < 0) return value;
  return html`${value.slice(0, i)}<mark>${value.slice(i, i + q.length)}</mark>${value.slice(i + q.length)}`;
}

/**
 * Renders the combobox. options: { id, placeholder, invalid, describedBy, disabled, label (accessible name when no
 * <label for>), name, emptyText }.
 * A keydown Enter that chooses an item is marked `event.comboChose = true` and bubbles, so a form can move on.
 */
export function comboView(combo, options) {
  const { id, placeholder = '', invalid = false, describedBy = '', disabled = false, emptyText = '' } = options;
  const listId = id + '-list';
  const list = combo.open ? combo.matches() : [];
  if (combo.active >= list.length) combo.active = Math.max(0, list.length - 1);
  const activeItem = list[combo.active];
  const q = combo.editing ? combo.query : '';

  const scrollActive = () => {
    requestAnimationFrame(() => {
      const el = document.getElementById(`${id}-opt-${combo.active}`);
      if (el) el.scrollIntoView({ block: 'nearest' });
    });
  };

  const openList = () => {
    if (disabled) return;
    combo.open = true;
    const items = combo.matches();
    const current = combo.value ? items.findIndex((i) => String(i.id) === String(combo.value.id)) : -1;
    combo.active = current >= 0 ? current : 0;
    combo.update();
    scrollActive();
  };

  const onInput = (e) => {
    combo.query = e.target.value;
    combo.editing = true;
    combo.open = true;
    combo.active = 0;
    if (!combo.multiple && !combo.query.trim()) combo.unset();
    combo.update();
    scrollActive();
  };

  const onKeydown = (e) => {
    if (e.isComposing || e.keyCode === 229) return; // typing Chinese through an input method
    const items = combo.open ? combo.matches() : [];
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!combo.open) {
        openList();
        return;
      }
      if (!items.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      combo.active = (combo.active + step + items.length) % items.length;
      combo.update();
      scrollActive();
    } else if (e.key === 'PageDown' || e.key === 'PageUp') {
      if (!combo.open || !items.length) return;
      e.preventDefault();
      const step = e.key === 'PageDown' ? 8 : -8;
      combo.active = Math.min(items.length - 1, Math.max(0, combo.active + step));
      combo.update();
      scrollActive();
    } else if (e.key === 'Enter') {
      if (e.ctrlKey || e.metaKey) return; // the form's submit shortcut
      if (combo.open && items[combo.active]) {
        e.preventDefault();
        combo.choose(items[combo.active]);
        // A single choice is done: the form may move on. A multiple choice stays for the next item.
        if (!combo.multiple) e.comboChose = true;
      }
    } else if (e.key === 'Escape') {
      if (combo.open || combo.editing) {
        e.preventDefault();
        e.stopPropagation();
        combo.open = false;
        combo.editing = false;
        combo.query = '';
        combo.update();
      }
    } else if (e.key === 'Tab') {
      if (combo.open && combo.editing && combo.query.trim() && items[combo.active]) combo.choose(items[combo.active]);
      else if (combo.open) {
        combo.open = false;
        combo.update();
      }
    } else if (e.key === 'Backspace' && combo.multiple && !combo.query && combo.values.length) {
      combo.remove(combo.values[combo.values.length - 1]);
    }
  };

  const onBlur = () => {
    // A click on an option keeps focus (mousedown is prevented), so a blur means the user left the field.
    if (!combo.open && !combo.editing) return;
    combo.open = false;
    combo.editing = false;
    combo.query = '';
    combo.update();
  };

  const onFocus = (e) => {
    if (!combo.multiple && combo.value) e.target.select();
  };

  const shown = combo.editing ? combo.query : (!combo.multiple && combo.value ? (combo.value.display || combo.value.label) : '');

  return html`
    <div class=${classMap({ combo: true, 'combo-open': combo.open, 'combo-multi': combo.multiple, 'combo-invalid': invalid, 'combo-disabled': disabled })}
         data-combo=${id}>
      ${combo.multiple && combo.values.length
        ? html`<ul class="combo-chips" aria-label=${t('combo.chosen')}>${combo.values.map((v) => html`
            <li class="combo-chip" data-id=${String(v.id)}><span>${v.display || v.label}</span>
              <button type="button" class="combo-chip-remove" tabindex="-1" ?disabled=${disabled}
                      aria-label=${t('combo.remove', { name: v.display || v.label })}
                      @click=${() => combo.remove(v)}>×</button></li>`)}</ul>`
        : nothing}
      <div class="combo-input">
        ${icon('search', 'combo-icon')}
        <input id=${id} type="text" role="combobox" autocomplete="off" spellcheck="false"
               aria-autocomplete="list" aria-expanded=${combo.open ? 'true' : 'false'} aria-controls=${listId}
               aria-activedescendant=${combo.open && activeItem ? `${id}-opt-${combo.active}` : nothing}
               aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${describedBy || nothing}
               placeholder=${placeholder} ?disabled=${disabled}
               data-selected-id=${!combo.multiple && combo.value ? String(combo.value.id) : nothing}
               .value=${live(shown)}
               @input=${onInput} @keydown=${onKeydown} @blur=${onBlur} @focus=${onFocus}
               @click=${() => { if (!combo.open) openList(); }}>
        <button type="button" class="combo-toggle" tabindex="-1" ?disabled=${disabled} aria-label=${t('combo.showAll')}
                @mousedown=${(e) => e.preventDefault()}
                @click=${(e) => { const input = e.currentTarget.parentElement.querySelector('input'); if (combo.open) { combo.open = false; combo.update(); } else { input.focus(); openList(); } }}>${icon('chevron', 'combo-chevron')}</button>
      </div>
      ${combo.open
        ? html`<ul class="combo-list" role="listbox" id=${listId} aria-label=${options.label || placeholder || nothing}>
            ${list.length
              ? list.map((item, i) => html`<li role="option" id=${`${id}-opt-${i}`} data-id=${String(item.id)}
                  aria-selected=${i === combo.active ? 'true' : 'false'}
                  class=${classMap({ 'combo-option': true, active: i === combo.active, branch: item.leaf === false, chosen: !!combo.value && String(combo.value.id) === String(item.id) })}
                  data-depth=${q ? 0 : Math.min(item.depth || 0, 4)}
                  @mousedown=${(e) => e.preventDefault()} @click=${() => combo.choose(item)}
                  @mousemove=${() => { if (combo.active !== i) { combo.active = i; combo.update(); } }}>
                  <span class="combo-option-label">${highlight(item.label, q)}</span>
                  ${item.hint ? html`<span class="combo-option-hint">${item.hint}</span>` : nothing}
                  ${q && item.path ? html`<span class="combo-option-path">${highlight(item.path, q)}</span>` : nothing}
                </li>`)
              : html`<li class="combo-empty" role="presentation">${emptyText || t('combo.noMatch')}</li>`}
          </ul>`
        : nothing}
    </div>`;
}
