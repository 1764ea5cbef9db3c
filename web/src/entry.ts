// Value-type checks of data entry, as the server applies them
// (docs/metadata.md, "Value types"), with Vietnamese number input: "1.000"
// is a thousand, "1,5" one and a half.
import type { MessageKey } from './messages';

export interface Checked {
  value: string | null; // what is sent ("" clears the cell); null when invalid
  error?: MessageKey;
}

// Normalises what was typed for `valueType`; an empty field clears the value.
export function checkValue(valueType: string, typed: string): Checked {
  const text = typed.trim();
  if (text === '') return { value: '' };
  const integerTypes: Record<string, MessageKey> = {
    INTEGER: 'entryNeedInteger',
    INTEGER_POSITIVE: 'entryNeedPositive',
    INTEGER_ZERO_OR_POSITIVE: 'entryNeedZeroOrPositive',
    INTEGER_NEGATIVE: 'entryNeedNegative',
  };
  if (valueType in integerTypes) {
    // dots or spaces group thousands: 1.000 or 1 000
    if (!/^-?\d{1,3}([. ]\d{3})*$|^-?\d+$/.test(text)) return { value: null, error: integerTypes[valueType] };
    const n = Number(text.replace(/[. ]/g, ''));
    if (!Number.isSafeInteger(n)) return { value: null, error: integerTypes[valueType] };
    if (valueType === 'INTEGER_POSITIVE' && n <= 0) return { value: null, error: 'entryNeedPositive' };
    if (valueType === 'INTEGER_ZERO_OR_POSITIVE' && n < 0) return { value: null, error: 'entryNeedZeroOrPositive' };
    if (valueType === 'INTEGER_NEGATIVE' && n >= 0) return { value: null, error: 'entryNeedNegative' };
    return { value: String(n) };
  }
  if (valueType === 'NUMBER' || valueType === 'PERCENTAGE' || valueType === 'UNIT_INTERVAL') {
    // a comma is the decimal mark; dots group thousands
    const canonical = text.includes(',') ? text.replace(/\./g, '').replace(',', '.') : /^\d{1,3}(\.\d{3})+$/.test(text) ? text.replace(/\./g, '') : text;
    if (!/^-?\d+(\.\d+)?$/.test(canonical)) return { value: null, error: 'entryNeedNumber' };
    const n = Number(canonical);
    if (valueType === 'PERCENTAGE' && (n < 0 || n > 100)) return { value: null, error: 'entryNeedPercent' };
    if (valueType === 'UNIT_INTERVAL' && (n < 0 || n > 1)) return { value: null, error: 'entryNeedUnitInterval' };
    return { value: String(n) };
  }
  if (valueType === 'BOOLEAN' || valueType === 'TRUE_ONLY') {
    const t = text.toLowerCase();
    if (['có', 'co', 'x', 'true', '1', 'yes'].includes(t)) return { value: 'true' };
    if (valueType === 'BOOLEAN' && ['không', 'khong', 'false', '0', 'no'].includes(t)) return { value: 'false' };
    return { value: null, error: 'entryNeedYesNo' };
  }
  return { value: text.normalize('NFC') };
}
