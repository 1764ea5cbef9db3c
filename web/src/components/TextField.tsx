// A labelled text input (and an optional hint under it): the field of every
// form. `onValue` receives the text as typed; other props go to the <input>.
import type { JSX } from 'preact';

type Props = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label' | 'value'> & {
  id: string;
  label: string;
  value: string;
  hint?: string;
  onValue: (text: string) => void;
};

export function TextField({ id, label, value, hint, onValue, ...input }: Props) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        {...input}
        id={id}
        value={value}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onInput={(e) => onValue((e.target as HTMLInputElement).value)}
      />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
