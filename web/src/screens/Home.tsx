// The overview: who the user is, what role and units they have, and where to
// go next.
import type { UnitRef } from '../api';
import { useLang } from '../hooks';
import { t } from '../messages';
import { useSession } from '../session';

function UnitList({ units }: { units: UnitRef[] }) {
  if (units.length === 0) return <p>{t('none')}</p>;
  return (
    <ul class="plain">
      {units.map((u) => (
        <li key={u.id}>
          <a href={`/units/${encodeURIComponent(u.id)}`}>{u.name}</a>
          {!u.active && <span class="hint"> ({t('unitInactive')})</span>}
        </li>
      ))}
    </ul>
  );
}

export function Home() {
  const lang = useLang();
  const { me, roles } = useSession();
  const roleName = (code: string) => {
    const r = roles.find((x) => x.code === code);
    if (!r) return code;
    return lang === 'en' && r.nameEn ? r.nameEn : r.name;
  };
  return (
    <>
      <h1>{t('welcome', { name: me.displayName || me.username })}</h1>
      <p>{t('homeIntro')}</p>
      <p class="actions">
        <a class="button primary" href="/plans">
          {t('navPlans')}
        </a>
        <a class="button" href="/units">
          {t('navUnits')}
        </a>
      </p>
      <section class="card" aria-labelledby="account-h">
        <h2 id="account-h">{t('yourAccount')}</h2>
        <dl class="facts">
          <dt>{t('yourRoles')}</dt>
          <dd data-testid="roles">{me.roles.map(roleName).join(', ') || t('none')}</dd>
          <dt>{t('yourEntryUnits')}</dt>
          <dd data-testid="entry-units">
            <UnitList units={me.entryScope} />
          </dd>
          <dt>{t('yourViewUnits')}</dt>
          <dd data-testid="view-units">
            <UnitList units={me.viewScope} />
          </dd>
          <dt>{t('yourContentAreas')}</dt>
          <dd>{me.contentAreas.length ? me.contentAreas.join(', ') : t('allContentAreas')}</dd>
        </dl>
      </section>
    </>
  );
}
