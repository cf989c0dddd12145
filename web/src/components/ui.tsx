// The few building blocks every screen uses, styled as the Digital Agency
// design system draws them (its example components: solid-fill / outline
// buttons, 8px-rounded inputs with a yellow-and-black focus ring, red error
// text under the field, the notification banner).
import { type ComponentProps, type ReactNode, useId } from 'react';
import type { RowProblem } from '../api/client';

const focusRing =
  'focus-visible:outline focus-visible:outline-4 focus-visible:outline-black focus-visible:outline-offset-[calc(2/16*1rem)] focus-visible:ring-[calc(2/16*1rem)] focus-visible:ring-yellow-300';

type ButtonProps = ComponentProps<'button'> & { variant?: 'solid' | 'outline' | 'text'; size?: 'md' | 'sm' };

export function Button({ variant = 'solid', size = 'md', className = '', disabled, ...rest }: ButtonProps) {
  const look = {
    solid: 'border-4 border-double border-transparent bg-key-900 text-white hover:bg-key-1000 hover:underline active:bg-key-1200 aria-disabled:bg-solid-gray-300 aria-disabled:text-solid-gray-50',
    outline: 'border border-current bg-white text-key-900 hover:bg-key-200 hover:text-key-1000 hover:underline aria-disabled:text-solid-gray-300',
    text: 'text-key-900 underline hover:bg-key-50 aria-disabled:text-solid-gray-300',
  }[variant];
  const dims = size === 'md' ? 'min-w-24 min-h-12 rounded-8 px-4 py-2 text-oln-16B-100' : 'min-w-20 min-h-9 rounded-6 px-3 py-0.5 text-oln-16B-100';
  return (
    <button
      className={`${dims} ${look} ${focusRing} underline-offset-[calc(3/16*1rem)] aria-disabled:pointer-events-none ${className}`}
      aria-disabled={disabled || undefined}
      disabled={disabled}
      {...rest}
    />
  );
}

type FieldProps = {
  label: string;
  /** The API's field name: its errors are shown here. */
  name: string;
  required?: boolean;
  support?: ReactNode;
  error?: string;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; 'aria-required'?: boolean; name: string }) => ReactNode;
};

/** A label, the control, its support text and its error, tied together for screen readers. */
export function Field({ label, name, required, support, error, children }: FieldProps) {
  const id = useId();
  const described = [support ? `${id}-support` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="flex flex-col gap-2" data-field={name}>
      <div className="flex items-baseline">
        <label htmlFor={id} className="text-std-17B-170 text-solid-gray-800">
          {label}
        </label>
        {/* Read out through aria-required on the control. */}
        <span aria-hidden="true" className={`ml-2 inline-block text-oln-16N-100 ${required ? 'text-red-800' : 'text-solid-gray-800'}`}>
          {required ? '※必須' : '任意'}
        </span>
      </div>
      {support && (
        <p id={`${id}-support`} className="text-std-16N-170 text-solid-gray-600">
          {support}
        </p>
      )}
      {children({ id, name, 'aria-describedby': described || undefined, 'aria-invalid': error ? true : undefined, 'aria-required': required || undefined })}
      {error && (
        <p id={`${id}-error`} className="text-dns-16N-130 text-error-2" role="alert">
          ＊{error}
        </p>
      )}
    </div>
  );
}

/** An error shown under a control that is not in a Field (a table cell, a
 * checkbox group), drawn as Field draws its own. Nothing when there is none. */
export function InlineError({ message, className = '' }: { message?: string | null; className?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className={`text-dns-16N-130 text-error-2 ${className}`}>
      ＊{message}
    </p>
  );
}

const control =
  'max-w-full rounded-8 border bg-white px-4 py-3 border-solid-gray-600 text-oln-16N-100 text-solid-gray-800 hover:[&:read-write]:border-black aria-[invalid=true]:border-error-1 focus:outline focus:outline-4 focus:outline-black focus:outline-offset-[calc(2/16*1rem)] focus:ring-[calc(2/16*1rem)] focus:ring-yellow-300';
/** A read-only text field is drawn dashed (a select is never "read-write", so only inputs). */
const readOnlyLook = 'read-only:border-dashed read-only:bg-solid-gray-50';

export function Input({ className = '', ...rest }: ComponentProps<'input'>) {
  return <input className={`${control} ${readOnlyLook} h-14 ${className}`} {...rest} />;
}

export function Select({ className = '', ...rest }: ComponentProps<'select'>) {
  return <select className={`${control} h-14 disabled:border-dashed disabled:bg-solid-gray-50 ${className}`} {...rest} />;
}

export function Textarea({ className = '', ...rest }: ComponentProps<'textarea'>) {
  return <textarea className={`${control} ${readOnlyLook} ${className}`} {...rest} />;
}

type BannerProps = { kind: 'info' | 'success' | 'warning' | 'error'; title: string; children?: ReactNode; role?: string };

/** The design system's notification banner (standard style). */
export function Banner({ kind, title, children, role }: BannerProps) {
  const look = {
    info: 'border-key-900 text-key-900',
    success: 'border-success-2 text-success-2',
    warning: 'border-warning-yellow-2 text-warning-yellow-2',
    error: 'border-error-1 text-error-2',
  }[kind];
  const mark = { info: 'ⓘ', success: '✓', warning: '！', error: '✕' }[kind];
  return (
    <div role={role ?? (kind === 'error' ? 'alert' : 'status')} className={`rounded-12 border-[3px] bg-white px-4 pt-3 pb-4 ${look}`}>
      <p className="text-std-17B-170 text-solid-gray-900">
        <span aria-hidden="true" className={`mr-2 ${look}`}>
          {mark}
        </span>
        {title}
      </p>
      {children && <div className="mt-2 text-std-16N-170 text-solid-gray-800">{children}</div>}
    </div>
  );
}

/** A form's error that names no field, at the top of the form: useForm
 * moves the focus here (#form-error) so it is read out. */
export function FormError({ message, className = '' }: { message: string | null; className?: string }) {
  if (!message) return null;
  return (
    <div id="form-error" tabIndex={-1} className={className}>
      <Banner kind="error" title={message} />
    </div>
  );
}

export function Loading({ label = '読み込み中…' }: { label?: string }) {
  return (
    <p role="status" aria-live="polite" className="py-6 text-std-16N-170 text-solid-gray-600">
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-8 bg-solid-gray-50 px-4 py-6 text-std-16N-170 text-solid-gray-700">{children}</p>;
}

export function PageTitle({ children, sub }: { children: ReactNode; sub?: ReactNode }) {
  return (
    <div className="mb-6">
      <h1 tabIndex={-1} className="text-std-28B-150 text-solid-gray-900 focus:outline-none" data-page-title>
        {children}
      </h1>
      {sub && <p className="mt-1 text-std-16N-170 text-solid-gray-600">{sub}</p>}
    </div>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="mb-8 rounded-12 border border-solid-gray-420 bg-white p-4 desktop:p-6" aria-label={title}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-std-20B-150 text-solid-gray-900">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A table that scrolls sideways on narrow screens instead of overflowing the
 * page. A table with nothing to focus in it (`readOnly`) takes the focus
 * itself, so that a keyboard can scroll it. */
export function Table({ caption, head, children, readOnly }: { caption: string; head: string[]; children: ReactNode; readOnly?: boolean }) {
  return (
    <div className="overflow-x-auto" {...(readOnly ? { tabIndex: 0, role: 'region', 'aria-label': `${caption}（表）` } : {})}>
      <table className="w-full min-w-[40rem] border-collapse text-std-16N-170">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b-2 border-solid-gray-800 text-left">
            {head.map((h) => (
              <th key={h} scope="col" className="px-2 py-2 text-std-16B-170">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export const td = 'border-b border-solid-gray-420 px-2 py-2 align-top';

const downloadLink = 'inline-flex min-h-9 items-center rounded-6 border border-current px-3 text-oln-16B-100 text-key-900 underline hover:bg-key-200';

/** A table's CSV and Excel downloads (`format=csv|xlsx` added to `href`),
 * with the session's cookie like any link. */
export function Downloads({ href, what }: { href: string; what: string }) {
  const sep = href.includes('?') ? '&' : '?';
  return (
    <div className="flex flex-wrap gap-2">
      <a className={downloadLink} href={`${href}${sep}format=csv`} download aria-label={`${what}をCSVで出力`}>
        CSV
      </a>
      <a className={downloadLink} href={`${href}${sep}format=xlsx`} download aria-label={`${what}をExcelで出力`}>
        Excel
      </a>
    </div>
  );
}

export function LinkButton({ className = '', ...rest }: ComponentProps<'a'>) {
  return (
    <a
      className={`inline-flex min-h-12 items-center justify-center rounded-8 border-4 border-double border-transparent bg-key-900 px-4 py-2 text-oln-16B-100 text-white hover:bg-key-1000 hover:underline ${focusRing} ${className}`}
      {...rest}
    />
  );
}

/** The bad rows of an upload that names them all (nothing when there are none). */
export function RowProblems({ rows }: { rows: RowProblem[] }) {
  if (rows.length === 0) return null;
  return (
    <Table caption="誤りのある行" head={['行', '列', '内容']}>
      {rows.map((r) => (
        <tr key={`${r.line}-${r.field}`}>
          <td className={td}>{r.line}行目</td>
          <td className={td}>{r.field}</td>
          <td className={td}>{r.message}</td>
        </tr>
      ))}
    </Table>
  );
}
