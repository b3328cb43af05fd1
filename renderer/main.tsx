import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { useTheme } from './state/app-state.js';
import { applyTheme } from './state/theme.js';
import './styles/index.css';

// Before the first render, so a stored dark theme never flashes light.
applyTheme(document.documentElement, useTheme.getState().mode);
useTheme.subscribe((state) => applyTheme(document.documentElement, state.mode));

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element to render Outpost into.');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
