/** "My" seller or buyer profiles (`GET /v1/{side}?mine=true`, a page at a time), a form to add one, and opening one by id. */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, type Page } from './api.ts';
import { Busy, Field, FormError, usePaged } from './components.tsx';
import { t, tk } from './i18n.ts';
import { ProfileForm, type Profile } from './profile-form.tsx';
import { provinceName } from './reference.ts';

export function ProfileList({ side, title, newLabel }: { side: 'sellers' | 'buyers'; title: string; newLabel: string }) {
  const { route } = useLocation();
  const [adding, setAdding] = useState(false);
  const [openId, setOpenId] = useState('');
  const { page, error, pager } = usePaged<Profile>((cursor) => api<Page<Profile>>('GET', `/v1/${side}`, { query: { mine: 'true', cursor } }), [side]);
  const data = page?.items;
  return (
    <section>
      <h1>{title}</h1>
      <FormError error={error} />
      {!data && !error && <Busy />}
      {data && data.length === 0 && <p>{t('none')}</p>}
      <ul class="plain list">
        {data?.map((p) => (
          <li key={p.id}>
            <a class="row" href={`/${side}/${p.id}`}>
              <span>
                <strong>{p.name}</strong>
                <span class="muted">
                  {tk('kind', p.kind)} · {provinceName(p.province)}
                </span>
              </span>
            </a>
          </li>
        ))}
      </ul>
      {pager}
      {adding ? (
        <>
          <h2>{newLabel}</h2>
          <ProfileForm
            side={side}
            onSaved={(p) => route(`/${side}/${p.id}`)}
          />
        </>
      ) : (
        <button type="button" class="primary" onClick={() => setAdding(true)}>
          {newLabel}
        </button>
      )}
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (openId.trim()) route(`/${side}/${openId.trim()}`);
        }}
      >
        <Field name="open-id" label={t('openById')} value={openId} onInput={(e) => setOpenId(e.currentTarget.value)} />
        <button type="submit">{t('open')}</button>
      </form>
    </section>
  );
}
