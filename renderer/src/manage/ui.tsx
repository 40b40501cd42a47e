import { useQueryClient } from '@tanstack/react-query';
import {
  useId,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type TextareaHTMLAttributes,
} from 'react';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';

/** Refreshes every management list after a change, so all tabs show the same truth. */
export function useRefreshManage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.manage.pathKey() });
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'>;

/** A labelled text or number input with an optional hint under it. */
export function TextField({
  label,
  hint,
  value,
  onChange,
  ...rest
}: InputProps & { label: string; hint?: string; value: string; onChange(value: string): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.value)}
        {...rest}
      />
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function TextArea({
  label,
  value,
  onChange,
  ...rest
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'onChange' | 'value'> & {
  label: string;
  value: string;
  onChange(value: string): void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        {...rest}
      />
    </div>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
}: {
  label: string;
  value: T;
  /** An option may be shown but not chosen (`disabled`), with its label saying why. */
  options: { value: T; label: string; disabled?: boolean }[];
  onChange(value: T): void;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxField({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field checkbox-field">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** The station's own words for a failed call, announced to screen readers. */
export function ErrorText({ error }: { error: unknown }) {
  return (
    <p role="alert" className="error">
      {typeof error === 'string' ? error : error ? messageOf(error) : null}
    </p>
  );
}

/** A quiet confirmation that a change was saved. */
export function Saved({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="saved">
      {children}
    </p>
  );
}

export function Panel({
  title,
  children,
  actions,
  labelId,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  labelId?: string;
}) {
  const fallback = useId();
  const headingId = labelId ?? fallback;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="panel-head">
        <h2 id={headingId}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** What a list shows while it loads, fails, or has nothing in it. */
export function ListState({
  loading,
  error,
  empty,
  emptyText,
}: {
  loading: boolean;
  error: unknown;
  empty: boolean;
  emptyText: string;
}) {
  if (loading) return <p className="muted">Loading…</p>;
  if (error) return <ErrorText error={error} />;
  if (empty) return <p className="muted">{emptyText}</p>;
  return null;
}

/** The primary button in a panel's head that opens an empty form. */
export function NewButton({ children, onClick }: { children: ReactNode; onClick(): void }) {
  return (
    <button type="button" className="primary" onClick={onClick}>
      {children}
    </button>
  );
}

/** A search box that grows to fill the filter row. */
export function SearchField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
}) {
  const id = useId();
  return (
    <div className="field grow">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

/** A column heading; `num` right-aligns a column of counts. */
export type Column = string | { label: string; num: true };

/** The part of a list query a table needs. */
interface ListQuery<T> {
  isPending: boolean;
  error: unknown;
  data: readonly T[] | undefined;
}

/**
 * A list query as a table: loading, failure and emptiness through ListState, then the column
 * headings (plus an unnamed actions column) and one row per item from `children`.
 */
export function DataTable<T>({
  query,
  emptyText,
  columns,
  summary,
  children,
}: {
  query: ListQuery<T>;
  emptyText: string;
  columns: Column[];
  summary?(rows: readonly T[]): ReactNode;
  children(rows: readonly T[]): ReactNode;
}) {
  const rows = query.data;
  return (
    <>
      <ListState
        loading={query.isPending}
        error={query.error}
        empty={rows?.length === 0}
        emptyText={emptyText}
      />
      {rows && rows.length > 0 && (
        <>
          {summary?.(rows)}
          <table className="data-table">
            <thead>
              <tr>
                {columns.map((column) =>
                  typeof column === 'string' ? (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ) : (
                    <th key={column.label} scope="col" className="num">
                      {column.label}
                    </th>
                  ),
                )}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>{children(rows)}</tbody>
          </table>
        </>
      )}
    </>
  );
}

/** A form's buttons: the submit button, any extra ones, then an optional cancel button. */
export function FormActions({
  submitLabel,
  disabled,
  onCancel,
  cancelLabel = 'Cancel',
  children,
}: {
  submitLabel: string;
  disabled: boolean;
  onCancel?(): void;
  cancelLabel?: string;
  children?: ReactNode;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={disabled}>
        {submitLabel}
      </button>
      {children}
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {cancelLabel}
        </button>
      )}
    </div>
  );
}

/** A panel holding one form: its fields, its buttons, and the error of the call it makes. */
export function FormPanel({
  title,
  onSubmit,
  error,
  children,
  ...actions
}: {
  title: string;
  onSubmit(): void;
  error: unknown;
  children: ReactNode;
} & Omit<Parameters<typeof FormActions>[0], 'children'>) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Panel title={title}>
      <form className="form" onSubmit={submit}>
        {children}
        <FormActions {...actions} />
        <ErrorText error={error} />
      </form>
    </Panel>
  );
}
