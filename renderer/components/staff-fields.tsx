import { useId, type RefObject } from 'react';

// The staff number and PIN fields every sign-in form shares (sign-in, first administrator,
// take-over at the lock screen, a manager's approval): one label per field, the keyboard a
// tablet should offer, and Enter in the staff number moving on to the PIN.

/** A staff number: letters allowed (S001), no spelling help; Enter moves to `next` when given. */
export function StaffNumberField({
  label,
  value,
  onChange,
  inputRef,
  next,
  autoComplete = 'username',
  autoFocus,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  inputRef?: RefObject<HTMLInputElement | null>;
  next?: RefObject<HTMLInputElement | null>;
  autoComplete?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete={autoComplete}
        // Staff numbers may hold letters (S001): a tablet keyboard must offer them.
        autoCapitalize="characters"
        spellCheck={false}
        autoFocus={autoFocus}
        onKeyDown={
          next
            ? (e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  next.current?.focus();
                }
              }
            : undefined
        }
      />
    </div>
  );
}

/** A PIN: hidden, digits only (anything else typed or pasted is dropped), at most `maxDigits`. */
export function PinField({
  label,
  value,
  onChange,
  inputRef,
  autoComplete = 'current-password',
  maxDigits,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  inputRef?: RefObject<HTMLInputElement | null>;
  autoComplete?: string;
  maxDigits?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="password"
        inputMode="numeric"
        value={value}
        onChange={(e) => onChange(pinDigits(e.target.value, maxDigits))}
        autoComplete={autoComplete}
      />
    </div>
  );
}

/** What a PIN field keeps of what was typed or pasted. */
export function pinDigits(text: string, maxDigits?: number): string {
  const digits = text.replace(/\D/g, '');
  return maxDigits === undefined ? digits : digits.slice(0, maxDigits);
}
