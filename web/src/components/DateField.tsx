// A civil date typed as dd/mm/yyyy (the way Vietnamese offices write dates),
// whatever the browser's locale; the value is "YYYY-MM-DD".
import { useEffect, useState } from 'preact/hooks';
import { formatDate, parseDate } from '../format';
import { t } from '../messages';

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (iso: string) => void;
  // An empty field is a value ("" to onChange: no date), not an error.
  optional?: boolean;
}

export function DateField({ id, label, value, onChange, optional }: Props) {
  const [text, setText] = useState(formatDate(value));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setText(formatDate(value));
    setInvalid(false);
  }, [value]);
  const commit = () => {
    if (optional && text.trim() === '') {
      setInvalid(false);
      if (value !== '') onChange('');
      return;
    }
    const iso = parseDate(text);
    setInvalid(iso === null);
    if (iso !== null && iso !== value) onChange(iso);
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        placeholder={t('asOfHint')}
        value={text}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
        size={10}
      />
      {invalid && (
        <p class="field-error" id={`${id}-error`}>
          {t('dateInvalid')}
        </p>
      )}
    </div>
  );
}
