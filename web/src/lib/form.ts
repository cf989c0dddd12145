// Errors of a form: those naming a field appear next to it, the others at
// the top; the first one gets the focus so a keyboard or screen-reader user
// lands on it.
import { useCallback, useState } from 'react';
import { isApiError } from '../api/client';

export type FormErrors = { fields: Record<string, string>; top: string | null };

const none: FormErrors = { fields: {}, top: null };

export function useForm() {
  const [errors, setErrors] = useState<FormErrors>(none);
  const [busy, setBusy] = useState(false);

  /** Runs a submission: clears old errors, shows new ones where they belong. */
  const submit = useCallback(async <T,>(run: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setErrors(none);
    try {
      return await run();
    } catch (e) {
      if (isApiError(e) && e.field) {
        setErrors({ fields: { [e.field]: e.message }, top: null });
        requestAnimationFrame(() => {
          const el = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(e.field!)}"] input, [data-field="${CSS.escape(e.field!)}"] select, [data-field="${CSS.escape(e.field!)}"] textarea`);
          el?.focus();
        });
      } else {
        setErrors({ fields: {}, top: isApiError(e) ? e.message : 'エラーが発生しました。もう一度お試しください。' });
        requestAnimationFrame(() => document.getElementById('form-error')?.focus());
      }
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);

  return { errors, busy, submit, setErrors };
}
