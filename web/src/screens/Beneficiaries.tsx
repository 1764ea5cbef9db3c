// The safe-birth register (docs/program.md, "Safe birth"): births of
// ethnic-minority women the four policy packages support or consider, each
// with the five eligibility rules and their reasons, the payments and the
// findings on them. The mothers' names and dates of birth are personal
// data: only roles with read_personal (who pay or supervise the packages)
// see and type them; the others see the register without names and cannot
// change them (docs/confidentiality.md). The form adds or changes a birth
// (POST /api/beneficiaries, PUT /api/beneficiaries/{code}).
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { ApiError, call, query, seg, type UnitRef } from '../api';
import { Choice, type ChoiceOption } from '../components/Choice';
import { DateField } from '../components/DateField';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { TextField } from '../components/TextField';
import { UnitPicker } from '../components/UnitPicker';
import { checkValue } from '../entry';
import { formatDate, formatMoney, todayInVietnam } from '../format';
import { useAsync, useLang } from '../hooks';
import { t, type MessageKey } from '../messages';
import { ListStatus, SavedNotice, useCategories, useRecordSave, useStoredRecord } from '../registers';
import { can, useSession } from '../session';

interface Payment {
  package: string;
  day: string;
  amount: number;
  people: number;
  days: number;
  voucher: string;
}

interface Birth {
  code: string;
  motherName: string | null;
  motherBirthDate: string | null;
  motherAge: number | null;
  ethnicity: string;
  commune: string | null;
  communeName: string | null;
  birthDate: string;
  atHealthFacility: boolean | null;
  facility: string;
  caesarean: boolean;
  withinPopulationPolicy: boolean | null;
  payments: Payment[];
  eligibility: { eligible: boolean; rules: { rule: string; outcome: string; reason: string; reasonEn: string }[] };
  findings: { code: string; message: string }[];
  note: string;
}

export const PACKAGES: [string, MessageKey][] = [
  ['travel', 'packageTravel'],
  ['supplies', 'packageSupplies'],
  ['meals', 'packageMeals'],
  ['nutrition', 'packageNutrition'],
];
const packageText = (p: string) => {
  const found = PACKAGES.find(([code]) => code === p);
  return found ? t(found[1]) : p;
};

// A yes / no / not recorded answer as a select value.
const tristate = (v: boolean | null) => (v === null ? '' : v ? 'true' : 'false');
const fromTristate = (v: string) => (v === '' ? null : v === 'true');

export function Beneficiaries() {
  const lang = useLang();
  const { me } = useSession();
  const location = useLocation();
  const q = location.query as Record<string, string | undefined>;
  const from = q.from ?? '';
  const to = q.to ?? '';
  const list = useAsync((signal) => call<{ births: Birth[] }>(`/api/beneficiaries${query({ from, to })}`, { signal }), [from, to]);
  const personal = can(me, 'read_personal');
  const go = (next: Record<string, string>) => location.route(`/beneficiaries${query({ from, to, ...next })}`);
  return (
    <>
      <h1>{t('birthsTitle')}</h1>
      <p class="hint">{t(personal ? 'birthsIntro' : 'birthsIntroNoNames')}</p>
      <SavedNotice saved={q.saved} deleted={q.deleted} savedKey="birthSaved" deletedKey="birthDeleted" />
      <div class="toolbar">
        <DateField id="b-from" label={t('activitiesFrom')} value={from} optional onChange={(d) => go({ from: d })} />
        <DateField id="b-to" label={t('activitiesTo')} value={to} optional onChange={(d) => go({ to: d })} />
        {can(me, 'enter_data') && (
          <a class="button primary toolbar-button" href="/beneficiaries/new">
            {t('birthsNew')}
          </a>
        )}
      </div>
      <ListStatus list={list} count={list.data?.births.length} none="birthsNone" />
      {list.data && list.data.births.length > 0 && (
        <TableWrap label={t('birthsTitle')} exportName="sinh-de-an-toan">
          <table data-testid="births">
            <thead>
              <tr>
                <th scope="col">{t('birthCode')}</th>
                {personal && <th scope="col">{t('birthMother')}</th>}
                <th scope="col">{t('birthCommune')}</th>
                <th scope="col">{t('birthDay')}</th>
                <th scope="col">{t('birthEligible')}</th>
                <th scope="col">{t('birthPackages')}</th>
                <th scope="col" class="num">
                  {t('birthPaid')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.births.map((b) => (
                <tr key={b.code} data-code={b.code}>
                  <td>
                    <a href={`/beneficiaries/${seg(b.code)}`}>{b.code}</a>
                  </td>
                  {personal && <td>{b.motherName ?? t('birthErased')}</td>}
                  <td>{b.communeName ?? ''}</td>
                  <td>{formatDate(b.birthDate)}</td>
                  <td>
                    {t(b.eligibility.eligible ? 'yes' : 'no')}
                    {b.findings.map((f, i) => (
                      <p class="field-error" key={i}>
                        {f.message || f.code}
                      </p>
                    ))}
                  </td>
                  <td>{b.payments.map((p) => packageText(p.package)).join(', ')}</td>
                  <td class="num">{formatMoney(b.payments.reduce((sum, p) => sum + p.amount, 0), lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

export function BeneficiaryForm() {
  const { me } = useSession();
  const categories = useCategories();
  const { stored, key } = useStoredRecord<Birth>('/api/beneficiaries');
  if (categories.error || stored.error) return <ErrorBox error={categories.error ?? stored.error} />;
  if (!categories.data || stored.loading) return <Loading />;
  return (
    <BirthEditor
      key={key}
      ethnic={(categories.data.get('ETHNICITY') ?? []).map((o) => ({ value: o.code, text: o.name }))}
      stored={stored.data ?? null}
      personal={can(me, 'read_personal')}
      canEdit={can(me, 'enter_data')}
    />
  );
}

interface PaymentRow {
  package: string;
  day: string;
  amount: string;
  people: string;
  days: string;
  voucher: string;
}

function BirthEditor({ ethnic, stored, personal, canEdit }: { ethnic: ChoiceOption[]; stored: Birth | null; personal: boolean; canEdit: boolean }) {
  const lang = useLang();
  const [b, setB] = useState({
    code: stored?.code ?? '',
    motherName: stored?.motherName ?? '',
    motherBirthDate: stored?.motherBirthDate ?? '',
    motherAge: stored?.motherAge && !stored.motherBirthDate ? String(stored.motherAge) : '',
    ethnicity: stored?.ethnicity ?? '',
    birthDate: stored?.birthDate ?? todayInVietnam(),
    atHealthFacility: tristate(stored?.atHealthFacility ?? null),
    facility: stored?.facility ?? '',
    caesarean: stored?.caesarean ?? false,
    withinPopulationPolicy: tristate(stored?.withinPopulationPolicy ?? null),
    note: stored?.note ?? '',
  });
  const [commune, setCommune] = useState<UnitRef[]>(stored?.commune ? [{ id: stored.commune, code: stored.commune, name: stored.communeName ?? '', active: true }] : []);
  const [payments, setPayments] = useState<PaymentRow[]>(
    (stored?.payments ?? []).map((p) => ({ package: p.package, day: p.day, amount: String(p.amount), people: p.people ? String(p.people) : '', days: p.days ? String(p.days) : '', voucher: p.voucher })),
  );
  const { error, busy, save, remove } = useRecordSave('/api/beneficiaries', '/beneficiaries');
  const [fieldError, setFieldError] = useState('');
  const set = (patch: Partial<typeof b>) => setB({ ...b, ...patch });
  const setPayment = (i: number, patch: Partial<PaymentRow>) => setPayments(payments.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const yesNo = [
    { value: 'true', text: t('yes') },
    { value: 'false', text: t('no') },
  ];

  const submit = (e: Event) => {
    e.preventDefault();
    setFieldError('');
    const paid = [];
    for (const [i, p] of payments.entries()) {
      const amount = checkValue('INTEGER_POSITIVE', p.amount.replace(/\s*đ$/, ''));
      if (amount.value === null || amount.value === '') {
        setFieldError(t('birthPaymentAmount', { n: i + 1 }));
        return;
      }
      paid.push({
        package: p.package,
        day: p.day,
        amount: Number(amount.value),
        ...(p.people ? { people: Number(p.people) } : {}),
        ...(p.days ? { days: Number(p.days) } : {}),
        voucher: p.voucher.trim(),
      });
    }
    const body: { code: string } & Record<string, unknown> = {
      code: b.code.trim(),
      ethnicity: b.ethnicity,
      commune: commune[0]?.id ?? '',
      birthDate: b.birthDate,
      atHealthFacility: fromTristate(b.atHealthFacility),
      facility: b.facility.trim(),
      caesarean: b.caesarean,
      withinPopulationPolicy: fromTristate(b.withinPopulationPolicy),
      payments: paid,
      note: b.note,
    };
    if (b.motherAge.trim()) body.motherAge = Number(b.motherAge);
    // Only a role that may read the mothers' names sends them; the others
    // leave them out and the stored ones are kept.
    if (personal) {
      body.motherName = b.motherName.trim().normalize('NFC');
      body.motherBirthDate = b.motherBirthDate || null;
    }
    save(stored?.code ?? null, body, {}, (err) => {
      const m = err instanceof ApiError ? /payments\/(\d+)/.exec(err.field ?? '') : null;
      if (m) setFieldError(t('birthPaymentRefused', { n: Number(m[1]) + 1 }));
    });
  };

  return (
    <>
      <p>
        <a href="/beneficiaries">← {t('birthsTitle')}</a>
      </p>
      <h1>{stored ? stored.code : t('birthsNew')}</h1>
      {stored && (
        <section class="card" data-testid="birth-eligibility">
          <h2>{t(stored.eligibility.eligible ? 'birthIsEligible' : 'birthNotEligible')}</h2>
          <ul>
            {stored.eligibility.rules.map((r) => (
              <li key={r.rule} class={`rule-${r.outcome}`}>
                <strong>{t(r.outcome === 'passed' ? 'rulePassed' : r.outcome === 'failed' ? 'ruleFailed' : 'ruleUnknown')}:</strong> {lang === 'vi' ? r.reason : r.reasonEn}
              </li>
            ))}
          </ul>
          {stored.findings.map((f, i) => (
            <p class="error" key={i}>
              {f.message || f.code}
            </p>
          ))}
        </section>
      )}
      {error !== null && <ErrorBox error={error} />}
      {fieldError && <p class="field-error">{fieldError}</p>}
      <form class="user-form" onSubmit={submit} data-testid="birth-form">
        {!stored && <TextField id="b-code" label={t('birthCode')} hint={t('birthCodeHint')} required value={b.code} onValue={(v) => set({ code: v })} />}
        {personal ? (
          <>
            <TextField id="b-mother" label={t('birthMother')} required value={b.motherName} onValue={(v) => set({ motherName: v })} />
            <DateField id="b-mother-born" label={t('birthMotherBorn')} value={b.motherBirthDate} optional onChange={(d) => set({ motherBirthDate: d })} />
          </>
        ) : (
          <p class="hint">{t('birthNoNames')}</p>
        )}
        <TextField id="b-age" label={t('birthMotherAge')} hint={t('birthMotherAgeHint')} inputMode="numeric" value={b.motherAge} onValue={(v) => set({ motherAge: v })} />
        <div class="field">
          <label for="b-ethnicity">{t('activityEthnicity')}</label>
          <Choice id="b-ethnicity" value={b.ethnicity} options={ethnic} first={[{ value: '', text: t('birthNotRecorded') }]} onChange={(v) => set({ ethnicity: v })} />
        </div>
        <DateField id="b-born" label={t('birthDay')} value={b.birthDate} onChange={(d) => set({ birthDate: d })} />
        <UnitPicker id="b-commune" label={t('birthCommune')} units={commune} onChange={(u) => setCommune(u.slice(-1))} asOf={b.birthDate} />
        <div class="field">
          <label for="b-facility-yes">{t('birthAtFacility')}</label>
          <Choice id="b-facility-yes" value={b.atHealthFacility} options={yesNo} first={[{ value: '', text: t('birthNotRecorded') }]} onChange={(v) => set({ atHealthFacility: v })} />
        </div>
        <TextField id="b-facility" label={t('birthFacility')} value={b.facility} onValue={(v) => set({ facility: v })} />
        <label class="check">
          <input type="checkbox" checked={b.caesarean} onChange={(e) => set({ caesarean: (e.target as HTMLInputElement).checked })} /> {t('birthCaesarean')}
        </label>
        <div class="field">
          <label for="b-policy">{t('birthPopulationPolicy')}</label>
          <Choice id="b-policy" value={b.withinPopulationPolicy} options={yesNo} first={[{ value: '', text: t('birthNotRecorded') }]} onChange={(v) => set({ withinPopulationPolicy: v })} />
        </div>
        <fieldset>
          <legend>{t('birthPayments')}</legend>
          <p class="hint">{t('birthPaymentsHint')}</p>
          {payments.map((p, i) => (
            <div class="participant-row" key={i} data-row={i}>
              <label>
                {t('birthPackage')}
                <Choice value={p.package} options={PACKAGES.map(([value, key]) => ({ value, text: t(key) }))} onChange={(v) => setPayment(i, { package: v })} />
              </label>
              <DateField id={`b-pay-${i}-day`} label={t('birthPaymentDay')} value={p.day} onChange={(d) => setPayment(i, { day: d })} />
              <label>
                {t('birthAmount')}
                <input inputMode="numeric" size={10} value={p.amount} onInput={(e) => setPayment(i, { amount: (e.target as HTMLInputElement).value })} />
              </label>
              {(p.package === 'travel' || p.package === 'meals') && (
                <label>
                  {t('birthPeople')}
                  <input inputMode="numeric" size={3} value={p.people} onInput={(e) => setPayment(i, { people: (e.target as HTMLInputElement).value })} />
                </label>
              )}
              {p.package === 'meals' && (
                <label>
                  {t('birthDays')}
                  <input inputMode="numeric" size={3} value={p.days} onInput={(e) => setPayment(i, { days: (e.target as HTMLInputElement).value })} />
                </label>
              )}
              <label>
                {t('birthVoucher')}
                <input size={12} value={p.voucher} onInput={(e) => setPayment(i, { voucher: (e.target as HTMLInputElement).value })} />
              </label>
              <button type="button" class="small" aria-label={t('activityRemoveRow', { n: i + 1 })} onClick={() => setPayments(payments.filter((_, j) => j !== i))}>
                ×
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setPayments([...payments, { package: 'travel', day: b.birthDate, amount: '', people: '', days: '', voucher: '' }])}>
            {t('birthAddPayment')}
          </button>
        </fieldset>
        <TextField id="b-note" label={t('modelNote')} value={b.note} onValue={(v) => set({ note: v })} />
        {canEdit && (
          <div class="toolbar">
            <button type="submit" class="primary" disabled={busy}>
              {t('userSave')}
            </button>
            {stored && (
              <button type="button" disabled={busy} onClick={() => remove(stored.code, t('birthDeleteConfirm', { code: stored.code }))}>
                {t('birthDelete')}
              </button>
            )}
          </div>
        )}
      </form>
    </>
  );
}
