import { useId, useState } from 'react';

interface CompareWithProps {
  version: number;
  choices: readonly number[];
  onCompare: (other: number) => void;
}

/** "Compare with…" on a release row: pick another version, then see what changed between them. */
export function CompareWith({ version, choices, onCompare }: CompareWithProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<number | null>(null);
  // The list can grow while this row is shown (someone publishes): fall back to the newest other version.
  const other = picked !== null && choices.includes(picked) ? picked : (choices[0] ?? null);

  if (choices.length === 0) return null;
  if (!open) {
    return (
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
        Compare with…
      </button>
    );
  }
  return (
    <span className="compare-with" role="group" aria-label={`Compare version ${version}`}>
      <label htmlFor={`${id}-other`}>Compare version {version} with</label>
      <select id={`${id}-other`} value={other ?? ''} onChange={(e) => setPicked(Number(e.target.value))}>
        {choices.map((v) => (
          <option key={v} value={v}>
            Version {v}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button"
        onClick={() => {
          if (other !== null) onCompare(other);
          setOpen(false);
        }}
      >
        Compare
      </button>
      <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </span>
  );
}
