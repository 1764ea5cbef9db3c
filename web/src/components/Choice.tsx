// A <select> over a list of (value, text) pairs, with leading extra choices
// (an "unknown" or "all"), labelled by its <label> or by the text around it.
export interface ChoiceOption {
  value: string;
  text: string;
}

interface Props {
  id?: string;
  value: string;
  options: ChoiceOption[];
  first?: ChoiceOption[];
  onChange: (value: string) => void;
}

export function Choice({ id, value, options, first = [], onChange }: Props) {
  return (
    <select id={id} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
      {[...first, ...options].map((o) => (
        <option key={o.value} value={o.value}>
          {o.text}
        </option>
      ))}
    </select>
  );
}
