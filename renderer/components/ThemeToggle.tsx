import { useTheme } from '../state/app-state.js';
import { nextThemeMode } from '../state/theme.js';

/** One button cycling light → dark → system; its name says the current choice. */
export function ThemeToggle() {
  const mode = useTheme((s) => s.mode);
  const cycle = useTheme((s) => s.cycle);
  return (
    <button
      type="button"
      className="button button-secondary"
      onClick={cycle}
      title={`Switch to the ${nextThemeMode(mode)} theme`}
    >
      Theme: {mode}
    </button>
  );
}
