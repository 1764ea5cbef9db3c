// Validation findings of a plan (docs/validation.md): errors and warnings with
// their message and the words of the source they point at. Defects of the
// source document itself are folded away under their own heading.
import { t } from '../messages';
import type { Finding } from '../plans';

function FindingItem({ f }: { f: Finding }) {
  return (
    <li class={`finding finding-${f.severity}`}>
      <strong>{t(f.severity === 'error' ? 'findingError' : 'findingWarning')}:</strong> {f.message}
      {f.source.section && <p class="hint">{t('findingSource', { section: f.source.section, text: f.source.text })}</p>}
    </li>
  );
}

export function Findings({ findings, testId }: { findings: Finding[]; testId?: string }) {
  const own = findings.filter((f) => f.rule !== 'source_defect');
  const defects = findings.filter((f) => f.rule === 'source_defect');
  const errors = findings.filter((f) => f.severity === 'error').length;
  return (
    <section class="card" aria-labelledby="findings-h" data-testid={testId}>
      <h2 id="findings-h">{t('findingsTitle', { errors, warnings: findings.length - errors })}</h2>
      {own.length === 0 ? (
        <p>{t('findingsNone')}</p>
      ) : (
        <ul class="findings">
          {own.map((f, i) => (
            <FindingItem key={i} f={f} />
          ))}
        </ul>
      )}
      {defects.length > 0 && (
        <details>
          <summary>{t('sourceDefects', { count: defects.length })}</summary>
          <ul class="findings">
            {defects.map((f, i) => (
              <FindingItem key={i} f={f} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
