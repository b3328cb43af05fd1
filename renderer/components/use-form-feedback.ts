import { useCallback, useEffect, useMemo, useState } from 'react';
import { showCallError, type FieldsOf } from './field-errors.js';

interface Feedback<F extends string> {
  issues: Partial<Record<F, string>>;
  error: string | null;
  message: string | null;
  attempt: number;
}

/**
 * The state every form keeps about its last submission, and the one way it shows a failed call:
 * refused fields beside themselves (TextField ties them with aria-describedby), one summary in the
 * alert of `ActionFeedback`, and focus on the first refused field in the form's order.
 *
 * Spread `props` on `<ActionFeedback>`; take `bindForm` (a callback ref) apart from the rest and put it on the `<form>`, so the lint does not take the whole answer for a ref.
 */
export function useFormFeedback<F extends string>(fields: FieldsOf<F>) {
  const [form, bindForm] = useState<HTMLFormElement | null>(null);
  const [state, setState] = useState<Feedback<F>>({ issues: {}, error: null, message: null, attempt: 0 });
  // Focus waits for the render that marks the fields invalid.
  const [focusAsked, setFocusAsked] = useState(0);

  useEffect(() => {
    if (focusAsked === 0) return;
    form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, focusAsked]);

  const start = useCallback(
    () => setState((s) => ({ issues: {}, error: null, message: null, attempt: s.attempt + 1 })),
    [],
  );
  const invalid = useCallback((issues: Partial<Record<F, string>>) => {
    setState((s) => ({ ...s, issues, message: null }));
    setFocusAsked((n) => n + 1);
  }, []);
  const fail = useCallback(
    (err: unknown) => {
      showCallError(err, fields, {
        fields: (issues) => {
          setState((s) => ({ ...s, issues }));
          setFocusAsked((n) => n + 1);
        },
        error: (error) => setState((s) => ({ ...s, error })),
      });
    },
    [fields],
  );
  const failWith = useCallback((error: string) => setState((s) => ({ ...s, error, message: null })), []);
  const done = useCallback((message: string | null) => setState((s) => ({ ...s, message })), []);
  /** An edited field drops its own error; the others stay until the next try. */
  const clearField = useCallback(
    (field: F) =>
      setState((s) => (s.issues[field] === undefined ? s : { ...s, issues: { ...s.issues, [field]: undefined } })),
    [],
  );

  const props = useMemo(
    () => ({ error: state.error, message: state.message, issues: state.issues, attempt: state.attempt }),
    [state],
  );
  return { bindForm, ...state, props, start, invalid, fail, failWith, done, clearField };
}
