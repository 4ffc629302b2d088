// Inline SVG icons: system fonts lack some media-control glyphs (⏮ ⏸ rendered as boxes in Chromium on Linux).
const common = { width: 14, height: 14, viewBox: '0 0 16 16', focusable: false } as const;

/** ⏮ */
export const FirstIcon = () => (
  <svg {...common} aria-hidden="true">
    <path d="M3 2h2v12H3zM14 2v12L6 8z" fill="currentColor" />
  </svg>
);
/** ◀ */
export const BackIcon = () => (
  <svg {...common} aria-hidden="true">
    <path d="M12 2v12L3 8z" fill="currentColor" />
  </svg>
);
/** ▶ */
export const PlayIcon = () => (
  <svg {...common} aria-hidden="true">
    <path d="M4 2v12l9-6z" fill="currentColor" />
  </svg>
);
/** ⏸ */
export const PauseIcon = () => (
  <svg {...common} aria-hidden="true">
    <path d="M3 2h4v12H3zM9 2h4v12H9z" fill="currentColor" />
  </svg>
);
/** ▶| */
export const ForwardIcon = () => (
  <svg {...common} aria-hidden="true">
    <path d="M2 2v12l8-6zM11 2h2v12h-2z" fill="currentColor" />
  </svg>
);
