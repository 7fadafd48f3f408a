// The staff number and PIN fields of every sign-in form, as a screen reader and a tablet keyboard
// meet them: each input named by its own label, the PIN hidden with a numeric keypad, letters
// offered for staff numbers, and only digits kept in a PIN.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PinField, StaffNumberField, pinDigits } from '../../../../renderer/components/staff-fields.tsx';

function render(): Document {
  const html = renderToStaticMarkup(
    <>
      <StaffNumberField label="Staff number" value="S001" onChange={() => {}} />
      <PinField label="PIN" value="1234" onChange={() => {}} />
      <PinField label="PIN again" value="" onChange={() => {}} autoComplete="new-password" />
    </>,
  );
  return parse(html);
}

/** The labels and inputs of the markup, as [label text, input attributes]. */
function parse(html: string): Document {
  const labels = [...html.matchAll(/<label for="([^"]+)">([^<]*)<\/label>/g)].map((m) => ({ for: m[1]!, text: m[2]! }));
  const inputs = [...html.matchAll(/<input ([^>]*)\/?>/g)].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!.toLowerCase(), a[2]!])),
  );
  return { labels, inputs };
}
interface Document {
  labels: Array<{ for: string; text: string }>;
  inputs: Array<Record<string, string>>;
}

describe('staff number and PIN fields', () => {
  it('names each input by its own label (three fields, three different ids)', () => {
    const { labels, inputs } = render();
    expect(labels.map((l) => l.text)).toEqual(['Staff number', 'PIN', 'PIN again']);
    expect(new Set(inputs.map((i) => i['id'])).size).toBe(3);
    labels.forEach((l, i) => expect(inputs[i]!['id']).toBe(l.for));
  });

  it('hides the PIN behind a numeric keypad and offers letters for staff numbers', () => {
    const { inputs } = render();
    expect(inputs[0]).toMatchObject({ value: 'S001', autocapitalize: 'characters', spellcheck: 'false', autocomplete: 'username' });
    expect(inputs[0]!['type']).toBeUndefined();
    expect(inputs[1]).toMatchObject({ type: 'password', inputmode: 'numeric', autocomplete: 'current-password' });
    expect(inputs[2]).toMatchObject({ type: 'password', autocomplete: 'new-password' });
  });

  it('keeps only the digits of what was typed or pasted, up to the limit', () => {
    expect(pinDigits('12a3 4')).toBe('1234');
    expect(pinDigits('１２34')).toBe('34'); // full-width digits are not PIN digits
    expect(pinDigits('123456789', 8)).toBe('12345678');
    expect(pinDigits('')).toBe('');
  });
});
