import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { REASONS, type ReasonGroup } from './reasons.ts';

/** A reason as radio buttons, plus "Other" with free text. Calls onChange with the reason to record, or '' while incomplete. */
export function ReasonPicker({ group, onChange }: { group: ReasonGroup; onChange: (reason: string) => void }) {
  const { t } = useI18n();
  const ids = useId();
  const [choice, setChoice] = useState<string>(REASONS[group][0]);
  const [other, setOther] = useState('');
  const pick = (c: string, text = other) => {
    setChoice(c);
    onChange(c === 'other' ? text.trim() : c);
  };
  return (
    <fieldset className="reason-picker">
      <legend>{t('reason.legend')}</legend>
      {[...REASONS[group], 'other' as const].map((code) => (
        <label key={code} className="radio">
          <input type="radio" name={`${ids}-reason`} value={code} checked={choice === code} onChange={() => pick(code)} />
          {t(`reason.${code}`)}
        </label>
      ))}
      {choice === 'other' && (
        <div className="field">
          <label htmlFor={`${ids}-other`}>{t('reason.otherText')}</label>
          <input
            id={`${ids}-other`}
            value={other}
            maxLength={200}
            autoFocus
            onChange={(e) => {
              setOther(e.target.value);
              pick('other', e.target.value);
            }}
          />
        </div>
      )}
    </fieldset>
  );
}
