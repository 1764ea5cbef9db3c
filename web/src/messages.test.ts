import { afterEach, describe, expect, it } from 'vitest';
import { allKeys, getLang, onLangChange, setLang, t } from './messages';

afterEach(() => setLang('vi'));

describe('the message catalogue', () => {
  it('is Vietnamese by default', () => {
    expect(getLang()).toBe('vi');
    expect(t('signIn')).toBe('Đăng nhập');
  });
  it('switches to English and tells the listeners', () => {
    const seen: string[] = [];
    const off = onLangChange((l) => seen.push(l));
    setLang('en');
    off();
    setLang('vi');
    expect(seen).toEqual(['en']);
    expect(t('signIn', {}, 'en')).toBe('Sign in');
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('welcome', { name: 'Lan' })).toBe('Xin chào, Lan');
    expect(t('welcome')).toBe('Xin chào, {name}');
  });
  it('has both languages for every key, in NFC, with the same placeholders', () => {
    for (const key of allKeys()) {
      const vi = t(key, {}, 'vi');
      const en = t(key, {}, 'en');
      expect(vi.length, key).toBeGreaterThan(0);
      expect(en.length, key).toBeGreaterThan(0);
      expect(vi.normalize('NFC'), key).toBe(vi);
      const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
      expect(holes(vi), key).toBe(holes(en));
    }
  });
});
