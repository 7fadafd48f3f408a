// Small line icons as inline SVG (no icon font, no emoji font needed on the till).

export function LockIcon({ size }: { size?: number }) {
  return (
    <svg
      className="icon-svg"
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      strokeLinejoin="round"
      {...(size ? { width: size, height: size } : {})}
    >
      <rect x="4" y="10.5" width="16" height="10.5" rx="2" />
      <path d="M8 10.5V7a4 4 0 0 1 8 0v3.5" />
    </svg>
  );
}
