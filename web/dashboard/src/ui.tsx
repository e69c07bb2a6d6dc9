import { Component, useState, type ReactNode } from "react";
import { humanize } from "./words";

export type Problem = { readonly code: string; readonly message: string; readonly field?: string | null | undefined };

/** A mutation's typed error, shown next to the field it names (or at the form's top). */
export function FieldError({ problem, field }: { problem: Problem | null; field?: string }) {
  if (!problem) return null;
  // Without a field: the form-level slot, which also shows errors naming a field not on screen.
  const mine = field === undefined ? !problem.field || !document.getElementById(`f-${problem.field}`) : problem.field === field;
  if (!mine) return null;
  return (
    <p className="error" role="alert" id={field ? `err-${field}` : undefined}>
      {field === undefined && problem.field ? `${problem.field}: ` : ""}
      {problem.message}
    </p>
  );
}

/** A labelled input whose error (when the server names this field) sits right under it. */
export function Field(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  problem?: Problem | null;
  type?: string;
  hint?: string;
  required?: boolean;
  multiline?: boolean;
  autoComplete?: string;
  /** A decimal amount (parsed by src/money.ts): text with a decimal keypad, not type=number,
   * whose step would refuse 1.234 and whose value is a float. */
  money?: boolean;
}) {
  const id = `f-${props.name}`;
  const invalid = props.problem?.field === props.name;
  const common = {
    id,
    name: props.name,
    value: props.value,
    required: props.required,
    autoComplete: props.autoComplete,
    inputMode: props.money ? ("decimal" as const) : undefined,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? `err-${props.name}` : undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...common} type={props.type ?? "text"} onChange={(e) => props.onChange(e.target.value)} />
      )}
      {props.hint ? <small>{props.hint}</small> : null}
      <FieldError problem={props.problem ?? null} field={props.name} />
    </div>
  );
}

export function Select<T extends string>(props: {
  label: string;
  name: string;
  value: T;
  options: readonly T[];
  onChange: (value: T) => void;
  /** What each option shows (default: the value, humanized). */
  labels?: Partial<Record<T, string>>;
}) {
  const id = `f-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.labels?.[o] ?? humanize(o)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A state-changing button that asks first. */
export function ConfirmButton(props: { label: string; question: string; onConfirm: () => void; disabled?: boolean; danger?: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className={props.danger ? "danger" : undefined} disabled={props.disabled} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  return (
    <span className="confirm" role="group" aria-label={props.question}>
      <span>{props.question}</span>
      <button
        type="button"
        className={props.danger ? "danger" : "primary"}
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        Yes, {props.label.toLowerCase()}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

export function Loading() {
  return <p aria-busy="true">Loading…</p>;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error)
      return (
        <div className="error" role="alert">
          <p>Something went wrong: {this.state.error.message}</p>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Retry
          </button>
        </div>
      );
    return this.props.children;
  }
}

export function pct(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? "—" : `${Math.round(ratio * 1000) / 10}%`;
}

export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC" : "—";
}

/** A tiny inline SVG sparkline (no chart library needed for 30 points). */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const max = Math.max(1, ...values);
  const w = 120;
  const h = 28;
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - (v / max) * (h - 2) - 1).toFixed(1)}`).join(" ");
  return (
    <svg className="spark" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/** Turns a typed-union answer into either its success or a Problem. */
export function problemOf(result: { readonly __typename: string; readonly code?: string; readonly message?: string; readonly field?: string | null } | null | undefined): Problem | null {
  if (!result) return { code: "UNKNOWN", message: "No answer from the server." };
  if (result.__typename === "UserError") return { code: result.code ?? "", message: result.message ?? "", field: result.field ?? null };
  return null;
}
