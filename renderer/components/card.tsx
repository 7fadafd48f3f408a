import { useId, type ReactNode } from 'react';

/** A card with its heading: the section is a region named by that heading, for a screen reader's landmarks. */
export function Card({ title, children, className, testId, managedBy }: { title: ReactNode; children: ReactNode; className?: string; testId?: string; managedBy?: string }) {
  const id = useId();
  return (
    <section className={`card${className ? ` ${className}` : ''}`} aria-labelledby={id} data-testid={testId} data-managed-by={managedBy}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
