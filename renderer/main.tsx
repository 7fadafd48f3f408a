import './zod-setup.ts';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './app/root.tsx';
import { CustomerDisplayRoot } from './display/customer-display.tsx';

// #display (Electron's second window) or #display&token=... (browser mode): the customer screen.
// Remembered for reloads, because the pairing code takes the token out of the address.
const DISPLAY_KEY = 'tillproof.customer-display';
const isDisplay = (() => {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).has('display');
  try {
    if (fromHash) sessionStorage.setItem(DISPLAY_KEY, '1');
    return fromHash || sessionStorage.getItem(DISPLAY_KEY) === '1';
  } catch {
    return fromHash;
  }
})();

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(<StrictMode>{isDisplay ? <CustomerDisplayRoot /> : <Root />}</StrictMode>);
}
