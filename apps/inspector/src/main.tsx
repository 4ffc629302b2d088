import { createRoot } from 'react-dom/client';
import { readQuery } from './sources/relayUrl.ts';
import { App } from './ui/App.tsx';
import './ui/styles.css';

// No StrictMode: a source is an external connection (a socket, a sandbox) owned by one App instance; StrictMode's
// double mount would open and close it twice.
const element = document.getElementById('root');
if (element === null) throw new Error('The page has no #root element.');
const params = new URLSearchParams(window.location.search);
createRoot(element).render(
  <App request={readQuery(window.location.search)} testHooks={params.get('hooks') === 'test'} />,
);
