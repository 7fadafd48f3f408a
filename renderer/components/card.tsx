import { useId, type ReactNode } from 'react';

/** A card with its heading: the section is a region named by that heading, for a screen reader's landmarks. */
export function Card({
  title,
  children,
  className,
  managedBy,
}: {
  title: ReactNode;
  children: ReactNode;
  className?: string;
  managedBy?: string;
}) {
  const id = useId();
  return (
    <section className={`card${className ? ` ${className}` : ''}`} aria-labelledby={id} data-managed-by={managedBy}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
