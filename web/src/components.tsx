/** Small building blocks: labelled fields with their errors, dates, pages, progress, bars. */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Page } from './api.ts';
import { formatDate } from './format.ts';
import { t, tk } from './i18n.ts';

let uid = 0;
const useId = (name: string) => useRef(`f-${name.replace(/[^\w-]/g, '-')}-${++uid}`).current;

interface FieldProps {
  name: string;
  label: string;
  errors?: Record<string, string>;
  hint?: string;
  children?: ComponentChildren;
}

/** A label, the control, a hint and the field's error, tied together for screen readers. */
type ControlProps = {
  as?: 'input' | 'select' | 'textarea';
  value?: string;
  onInput?: (e: { currentTarget: HTMLInputElement }) => void;
  onChange?: (e: { currentTarget: HTMLInputElement }) => void;
} & Record<string, unknown>;

export function Field({ name, label, errors, hint, children, ...input }: FieldProps & ControlProps) {
  const id = useId(name);
  const error = errors?.[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  const { as = 'input', ...rest } = input as { as?: string } & Record<string, unknown>;
  const common = { id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, ...rest };
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {as === 'select' ? <select {...(common as JSX.HTMLAttributes<HTMLSelectElement>)}>{children}</select> : as === 'textarea' ? <textarea {...(common as JSX.HTMLAttributes<HTMLTextAreaElement>)} /> : <input {...(common as JSX.HTMLAttributes<HTMLInputElement>)} />}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {error && (
        <p class="error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

const ICON_PATHS = {
  phone: 'M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25c1.1.37 2.3.57 3.6.57a1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z',
  calendar: 'M7 2v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2h-2V2h-2v2H9V2zM5 10h14v10H5z',
};

/** A small icon drawn inline: emoji need a colour-emoji font, which many desktops lack (an empty box). */
export function Icon({ name }: { name: keyof typeof ICON_PATHS }) {
  return (
    <svg class="icon-glyph" viewBox="0 0 24 24" width="1.1em" height="1.1em" aria-hidden="true" focusable="false">
      <path fill="currentColor" d={ICON_PATHS[name]} />
    </svg>
  );
}

/** A date typed as dd/mm/yyyy or picked from the browser's calendar. `value` is dd/mm/yyyy text. */
export function DateField({ name, label, errors, value, onValue }: { name: string; label: string; errors?: Record<string, string>; value: string; onValue: (v: string) => void }) {
  const picker = useRef<HTMLInputElement>(null);
  const iso = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  return (
    <div class="date-field">
      <Field name={name} label={label} errors={errors} hint={t('dateHint')} value={value} inputMode="numeric" autoComplete="off" placeholder="dd/mm/yyyy" onInput={(e) => onValue(e.currentTarget.value)} />
      <button type="button" class="icon" aria-label={`${t('pickDate')}: ${label}`} onClick={() => picker.current?.showPicker?.()}>
        <Icon name="calendar" />
      </button>
      <input ref={picker} class="sr-only" type="date" tabIndex={-1} aria-hidden="true" value={iso ? `${iso[3]}-${iso[2]}-${iso[1]}` : ''} onChange={(e) => onValue(formatDate(e.currentTarget.value))} />
    </div>
  );
}

/** The message of a failed call, for the whole form (field errors show next to their fields). */
export function FormError({ error }: { error?: unknown }) {
  if (!error) return null;
  const text = error instanceof ApiError ? (Object.keys(error.fields).length ? `${error.title}. ${t('formHasErrors')}` : `${error.title}${error.detail ? `: ${error.detail}` : ''}`) : error === 'invalid' ? t('formHasErrors') : String(error);
  return (
    <p class="alert" role="alert">
      {text}
    </p>
  );
}

export function Busy({ label = t('loading') }: { label?: string }) {
  return (
    <p class="busy" role="status" aria-live="polite">
      <progress aria-label={label} /> {label}
    </p>
  );
}

/** Loads one page at a time with an opaque cursor; "next" and "first" buttons. */
export function usePaged<T>(load: (cursor?: string) => Promise<Page<T>>, deps: unknown[]) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<Page<T>>();
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  const cursor = cursors[cursors.length - 1];
  useEffect(() => setCursors([undefined]), deps);
  useEffect(() => {
    let live = true;
    setPage(undefined);
    load(cursor).then((p) => live && setPage(p), (e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [cursor, tick, ...deps]);
  return {
    page,
    error,
    reload: () => setTick((n) => n + 1),
    pager: (
      <nav class="pager" aria-label="pagination">
        {cursors.length > 1 && (
          <button type="button" onClick={() => setCursors([undefined])}>
            {t('first')}
          </button>
        )}
        {page?.nextCursor && (
          <button type="button" onClick={() => setCursors([...cursors, page.nextCursor])}>
            {t('next')}
          </button>
        )}
      </nav>
    ),
  };
}

/** Loads once (and again when deps change). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(undefined);
    load().then((d) => live && setData(d), (e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick, ...deps]);
  return { data, error, reload: () => setTick((n) => n + 1), set: setData };
}

/** A horizontal bar for a value in [0, 1], with its number for screen readers. */
export function Bar({ label, value }: { label: string; value: number }) {
  const pct = Math.round(value * 100);
  return (
    <div class="bar-row">
      <span class="bar-label">{label}</span>
      <span class="bar" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <span style={{ width: `${pct}%` }} />
      </span>
      <span class="bar-value">{pct}%</span>
    </div>
  );
}

export function Status({ value }: { value: string }) {
  return <span class={`status status-${value}`}>{tk('status', value)}</span>;
}

/** A list's state under its filters: the API's error, "loading" until the page arrives, "none" for an empty one. */
export function ListState({ page, error }: { page: { items: unknown[] } | undefined; error: unknown }) {
  return (
    <>
      <FormError error={error} />
      {!page && !error && <Busy />}
      {page?.items.length === 0 && <p>{t('none')}</p>}
    </>
  );
}
