import { useId, type ReactNode } from 'react';

/** One term and its value in a <dl>: the value is named by its term, so a screen reader says "Total: $54". */
export function Fact({ term, children, className }: { term: ReactNode; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <>
      <dt id={id}>{term}</dt>
      <dd aria-labelledby={id} className={className}>
        {children}
      </dd>
    </>
  );
}
