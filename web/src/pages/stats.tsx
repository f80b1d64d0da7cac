/**
 * Statistics for departments: tonnage listed, demanded and confirmed by province as a bar chart,
 * a weekly trend (one API query per week, with progress), and the API's CSV download.
 */
import { useState } from 'preact/hooks';
import { todayInVietnam } from '#domain/versioning.ts';
import { api, download } from '../api.ts';
import { Busy, DateField, FormError } from '../components.tsx';
import { check, compact, type Errors } from '../forms.ts';
import { StatsParams } from '#domain/stats.ts';
import { formatDate, formatNumber, parseVnDate } from '../format.ts';
import { t } from '../i18n.ts';
import { provinceName } from '../reference.ts';
import { ProductSelect, ProvinceInput } from '../widgets.tsx';

interface Report {
  from: string;
  to: string;
  totals: Record<string, number>;
  rows: ({ province: string; product: string } & Record<string, number>)[];
}

const SERIES = [
  ['listedKg', 'listedT', 'c1'],
  ['demandedKg', 'demandedT', 'c2'],
  ['confirmedKg', 'confirmedT', 'c3'],
] as const;

const iso = (d: Date) => d.toISOString().slice(0, 10);
const WEEKS = 8;

export function Stats() {
  // The period ends today in Vietnam, whatever the device's clock zone (figures are dated in Vietnam time).
  const today = todayInVietnam(new Date());
  const [v, setV] = useState({ from: formatDate(iso(new Date(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000))), to: formatDate(today), province: '', product: '' });
  const [report, setReport] = useState<Report>();
  const [weeks, setWeeks] = useState<{ from: string; totals: Record<string, number> }[]>();
  const [progress, setProgress] = useState<number>();
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>();
  const query = () => compact({ from: parseVnDate(v.from), to: parseVnDate(v.to), province: v.province, product: v.product });

  async function show(e?: Event) {
    e?.preventDefault();
    const q = query();
    const checked = check(StatsParams, q);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setError(undefined);
    setReport(undefined);
    try {
      setReport(await api<Report>('GET', '/v1/stats', { query: q }));
      // The trend: the last WEEKS weeks of the period, one query each.
      const end = new Date(`${q.to}T00:00:00Z`);
      const out: { from: string; totals: Record<string, number> }[] = [];
      setProgress(0);
      for (let i = WEEKS - 1; i >= 0; i--) {
        const to = new Date(end.getTime() - i * 7 * 86_400_000);
        const from = new Date(to.getTime() - 6 * 86_400_000);
        const r = await api<Report>('GET', '/v1/stats', { query: { ...q, from: iso(from), to: iso(to) } });
        out.push({ from: iso(from), totals: r.totals });
        setProgress(WEEKS - i);
      }
      setWeeks(out);
      setProgress(undefined);
    } catch (err) {
      setError(err);
      setProgress(undefined);
      if (err && typeof err === 'object' && 'fields' in err) setErrors((err as { fields: Errors }).fields);
    }
  }

  const byProvince = new Map<string, Record<string, number>>();
  for (const r of report?.rows ?? []) {
    const acc = byProvince.get(r.province) ?? { listedKg: 0, demandedKg: 0, confirmedKg: 0 };
    for (const [f] of SERIES) acc[f] += r[f] ?? 0;
    byProvince.set(r.province, acc);
  }
  const provinces = [...byProvince.entries()].sort((a, b) => b[1].listedKg + b[1].demandedKg - (a[1].listedKg + a[1].demandedKg));
  const max = Math.max(1, ...provinces.flatMap(([, s]) => SERIES.map(([f]) => s[f])));
  const weekMax = Math.max(1, ...(weeks ?? []).flatMap((w) => SERIES.map(([f]) => w.totals[f] ?? 0)));

  return (
    <section>
      <h1>{t('stats')}</h1>
      <form class="card" onSubmit={show} noValidate>
        <FormError error={error} />
        <DateField name="from" label={t('from')} errors={errors} value={v.from} onValue={(from) => setV({ ...v, from })} />
        <DateField name="to" label={t('to')} errors={errors} value={v.to} onValue={(to) => setV({ ...v, to })} />
        <ProvinceInput name="province" label={t('province')} errors={errors} value={v.province} onValue={(province) => setV({ ...v, province })} />
        <ProductSelect name="product" label={t('product')} errors={errors} value={v.product} onValue={(product) => setV({ ...v, product })} />
        <div class="actions">
          <button type="submit" class="primary">
            {t('show')}
          </button>
          <button type="button" onClick={() => void download('/v1/stats', 'ketnoi-stats.csv', { query: query(), accept: 'text/csv' }).catch(setError)}>
            {t('downloadCsv')}
          </button>
        </div>
      </form>
      {report && (
        <>
          <h2>{t('tonnageByProvince')}</h2>
          <p class="legend">
            {SERIES.map(([f, label, c]) => (
              <span key={f} class={`key ${c}`}>
                {t(label)}: {formatNumber(report.totals[f] / 1000)}
              </span>
            ))}
          </p>
          {provinces.length === 0 && <p>{t('none')}</p>}
          <div class="chart" role="table" aria-label={t('tonnageByProvince')}>
            {provinces.map(([code, s]) => (
              <div class="chart-row" role="row" key={code}>
                <span class="chart-label" role="rowheader">
                  {provinceName(code)}
                </span>
                <span class="chart-bars" role="cell">
                  {SERIES.map(([f, label, c]) => (
                    <span key={f} class={`hbar ${c}`} style={{ width: `${(100 * s[f]) / max}%` }} title={`${t(label)}: ${formatNumber(s[f] / 1000)}`}>
                      <span class="sr-only">
                        {t(label)}: {formatNumber(s[f] / 1000)}
                      </span>
                    </span>
                  ))}
                </span>
              </div>
            ))}
          </div>
        </>
      )}
      {progress !== undefined && (
        <p role="status">
          <progress max={WEEKS} value={progress} aria-label={t('weeklyTrend')} /> {progress}/{WEEKS}
        </p>
      )}
      {!report && !error && progress === undefined && !weeks && null}
      {report === undefined && progress === 0 && <Busy />}
      {weeks && (
        <>
          <h2>{t('weeklyTrend')}</h2>
          <div class="columns" role="table" aria-label={t('weeklyTrend')}>
            {weeks.map((w) => (
              <div class="column" role="row" key={w.from}>
                <span class="column-bars" role="cell">
                  {SERIES.map(([f, label, c]) => (
                    <span key={f} class={`vbar ${c}`} style={{ height: `${(100 * (w.totals[f] ?? 0)) / weekMax}%` }}>
                      <span class="sr-only">
                        {t(label)}: {formatNumber((w.totals[f] ?? 0) / 1000)}
                      </span>
                    </span>
                  ))}
                </span>
                <span class="column-label" role="rowheader">
                  {formatDate(w.from).slice(0, 5)}
                </span>
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
