import { useEffect, useId, useRef, type ReactNode } from 'react';
import { dialogShown } from './open-dialogs.ts';

/**
 * A modal dialog on the native <dialog> element: focus moves into it and stays there, Esc
 * closes it (unless `onClose` is absent), and the page behind is inert for screen readers.
 * `holdsIdleLock`: the till must not lock itself while this dialog is up (a manager's approval
 * being asked for, a receipt printing).
 */
export function Modal({
  title,
  onClose,
  children,
  className,
  wide,
  holdsIdleLock,
}: {
  title: string;
  onClose?: () => void;
  children: ReactNode;
  className?: string;
  wide?: boolean;
  holdsIdleLock?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    const closed = dialogShown();
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      closed();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal${wide ? ' modal-wide' : ''}${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      data-idle-hold={holdsIdleLock ? '' : undefined}
      onCancel={(e) => {
        e.preventDefault();
        onClose?.();
      }}
    >
      <h2 id={titleId} className="modal-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
