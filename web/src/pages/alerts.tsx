/**
 * E-mail and SMS alerts: the addresses, each confirmed with the code sent to it, the language
 * of the messages and the daily digest. Built on /v1/me/alert-preferences and its confirm and
 * send-code routes; the form validates with the API's own schemas.
 */
import { useState } from 'preact/hooks';
import { AddressConfirmation, AlertPreferencesPatch, CodeRequest } from '#domain/alert-schemas.ts';
import { api } from '../api.ts';
import { Busy, Field, FormError, useLoad } from '../components.tsx';
import { compact, useSubmit } from '../forms.ts';
import { formatPhone } from '#domain/schemas.ts';
import { lang, t } from '../i18n.ts';

interface Prefs {
  email?: string;
  phone?: string;
  lang: 'vi' | 'en';
  digest: boolean;
  emailVerified: boolean;
  phoneVerified: boolean;
  version: number;
}

export function Alerts() {
  const { data, error, set } = useLoad(() => api<Prefs>('GET', '/v1/me/alert-preferences'), []);
  if (error) return <FormError error={error} />;
  if (!data) return <Busy />;
  return (
    <section>
      <h1>{t('alerts')}</h1>
      <p>{t('alertsIntro')}</p>
      <Settings prefs={data} onSaved={set} />
      {data.email && !data.emailVerified && <Confirm channel="email" to={data.email} onConfirmed={set} />}
      {data.phone && !data.phoneVerified && <Confirm channel="sms" to={formatPhone(data.phone, lang.value)} onConfirmed={set} />}
      <p class="muted">{t('quietHoursNote')}</p>
    </section>
  );
}

function Settings({ prefs, onSaved }: { prefs: Prefs; onSaved: (p: Prefs) => void }) {
  const [v, setV] = useState({ email: prefs.email ?? '', phone: prefs.phone ? formatPhone(prefs.phone, 'vi') : '', lang: prefs.lang, digest: prefs.digest });
  const [done, setDone] = useState(false);
  const { errors, error, busy, submit } = useSubmit();
  async function save(e: Event) {
    e.preventDefault();
    setDone(false);
    // An emptied field removes the address.
    const body = { ...compact({ lang: v.lang }), email: v.email.trim() || null, phone: v.phone.trim() || null, digest: v.digest };
    await submit(AlertPreferencesPatch, body, async () => {
      onSaved(await api<Prefs>('PATCH', '/v1/me/alert-preferences', { body, version: prefs.version }));
      setDone(true);
    });
  }
  const text = (k: 'email' | 'phone') => (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value });
  return (
    <form onSubmit={save} noValidate class="card">
      <FormError error={error} />
      <Field name="email" type="email" autocomplete="email" label={t('alertEmail')} errors={errors} value={v.email} onInput={text('email')} hint={prefs.email ? (prefs.emailVerified ? `✓ ${t('verified')}` : undefined) : undefined} />
      <Field name="phone" type="tel" autocomplete="tel" inputMode="tel" label={t('alertPhone')} errors={errors} value={v.phone} onInput={text('phone')} hint={prefs.phone ? (prefs.phoneVerified ? `✓ ${t('verified')}` : undefined) : undefined} />
      <Field as="select" name="lang" label={t('alertLang')} errors={errors} value={v.lang} onChange={(e: { currentTarget: { value: string } }) => setV({ ...v, lang: e.currentTarget.value as Prefs['lang'] })}>
        <option value="vi">Tiếng Việt</option>
        <option value="en">English</option>
      </Field>
      <label class="check">
        <input type="checkbox" checked={v.digest} onChange={(e) => setV({ ...v, digest: e.currentTarget.checked })} /> {t('alertDigest')}
      </label>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('saving') : t('save')}
      </button>
      {done && (
        <p role="status" class="muted">
          {t('saved')}
        </p>
      )}
    </form>
  );
}

function Confirm({ channel, to, onConfirmed }: { channel: 'email' | 'sms'; to: string; onConfirmed: (p: Prefs) => void }) {
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const { errors, error, busy, submit } = useSubmit();
  const resend = useSubmit();
  async function confirm(e: Event) {
    e.preventDefault();
    const body = { channel, code: code.trim() };
    await submit(AddressConfirmation, body, async () => onConfirmed(await api<Prefs>('POST', '/v1/me/alert-preferences/confirm', { body })));
  }
  async function again() {
    setSent(false);
    await resend.submit(CodeRequest, { channel }, async () => {
      await api('POST', '/v1/me/alert-preferences/send-code', { body: { channel } });
      setSent(true);
    });
  }
  return (
    <form onSubmit={confirm} noValidate class="card" aria-label={t('notVerified', { to })}>
      <p>{t('notVerified', { to })}</p>
      <FormError error={error ?? resend.error} />
      <Field name="code" label={t('code')} errors={errors} value={code} onInput={(e: { currentTarget: { value: string } }) => setCode(e.currentTarget.value)} inputMode="numeric" autocomplete="one-time-code" />
      <button type="submit" class="primary" disabled={busy}>
        {t('confirm')}
      </button>{' '}
      <button type="button" class="link" disabled={resend.busy} onClick={() => void again()}>
        {t('resendCode')}
      </button>
      {sent && (
        <p role="status" class="muted">
          {t('codeSent')}
        </p>
      )}
    </form>
  );
}
