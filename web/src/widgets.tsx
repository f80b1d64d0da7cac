/** Form widgets that need the reference data (loaded with the form screens, not at first load). */
import { useState } from 'preact/hooks';
import { Field } from './components.tsx';
import { t } from './i18n.ts';
import { PRODUCTS, CATEGORIES, PROVINCES, provinceName, searchProvinces } from './reference.ts';
import { lang } from './i18n.ts';

/** A province typed freely (new or former name, any diacritics), with suggestions. */
export function ProvinceInput(props: { name: string; label: string; value: string; errors?: Record<string, string>; onValue: (v: string) => void }) {
  const list = `${props.name}-provinces`;
  return (
    <>
      <Field name={props.name} label={props.label} errors={props.errors} hint={t('provinceHint')} list={list} value={props.value} autoComplete="off" onInput={(e) => props.onValue(e.currentTarget.value)} />
      <datalist id={list}>
        {PROVINCES.flatMap((p) => [<option key={p.code} value={p.name} />, ...p.formerUnits.filter((f) => f !== p.name).map((f) => <option key={`${p.code}-${f}`} value={f} label={`${f} → ${p.name}`} />)])}
      </datalist>
    </>
  );
}

/** A product or category picked from the catalogue (the value is the API's code). */
export function ProductSelect(props: { name: string; label: string; value: string; errors?: Record<string, string>; withCategories?: boolean; onValue: (v: string) => void }) {
  const vi = lang.value === 'vi';
  return (
    <Field as="select" name={props.name} label={props.label} errors={props.errors} value={props.value} onChange={(e) => props.onValue((e.currentTarget as unknown as HTMLSelectElement).value)}>
      <option value="">—</option>
      {props.withCategories && (
        <optgroup label={t('category')}>
          {CATEGORIES.map((c) => (
            <option key={c.code} value={`category:${c.code}`}>
              {vi ? c.name : c.nameEn}
            </option>
          ))}
        </optgroup>
      )}
      <optgroup label={t('product')}>
        {PRODUCTS.map((p) => (
          <option key={p.code} value={p.code}>
            {vi ? p.name : p.nameEn}
          </option>
        ))}
      </optgroup>
    </Field>
  );
}

/** Several provinces from the 34, filtered by current or former name. */
export function ProvincePicker(props: { name: string; label: string; value: string[]; errors?: Record<string, string>; onValue: (v: string[]) => void }) {
  const [filter, setFilter] = useState('');
  const shown = searchProvinces(filter);
  const error = props.errors?.[props.name] ?? Object.entries(props.errors ?? {}).find(([k]) => k.startsWith(`${props.name}[`))?.[1];
  return (
    <fieldset class={`picker${error ? ' has-error' : ''}`}>
      <legend>{props.label}</legend>
      <Field name={`${props.name}-filter`} label={t('sourcingHint')} value={filter} onInput={(e) => setFilter(e.currentTarget.value)} autoComplete="off" />
      <p class="muted" aria-live="polite">
        {props.value.length ? props.value.map(provinceName).join(', ') : t('anyProvince')}
      </p>
      <ul class="plain checks">
        {shown.map((p) => (
          <li key={p.code}>
            <label class="check">
              <input
                type="checkbox"
                checked={props.value.includes(p.code)}
                onChange={(e) => props.onValue(e.currentTarget.checked ? [...props.value, p.code] : props.value.filter((c) => c !== p.code))}
              />{' '}
              {provinceName(p.code)}
              {p.formerUnits.length > 1 && <small> ({p.formerUnits.filter((f) => f !== p.name).join(', ')})</small>}
            </label>
          </li>
        ))}
      </ul>
      {error && <p class="error">{error}</p>}
    </fieldset>
  );
}
