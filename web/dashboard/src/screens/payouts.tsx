import { useState, type FormEvent } from "react";
import { useMutation } from "react-relay/hooks";
import type { payoutsExportMutation } from "../__generated__/payoutsExportMutation.graphql";
import type { payoutsImportMutation } from "../__generated__/payoutsImportMutation.graphql";
import { saveFile } from "../csv";
import { ExportPayoutFile, ImportPayoutResults } from "../operations/payouts";
import { Field, FieldError, Select, problemOf, type Problem } from "../ui";
import { noun } from "../words";

const PROVIDERS = ["PAYPAL", "WISE"] as const;
type Provider = (typeof PROVIDERS)[number];
const PROVIDER_LABELS: Record<Provider, string> = { PAYPAL: "PayPal Payouts", WISE: "Wise batch transfer" };

/** Paying approved cash rewards by file: a batch file out, the provider's result file back in. */
export function Payouts() {
  return (
    <>
      <h1>Payouts</h1>
      <p>
        Approved cash rewards that are not credited through Stripe are paid by file: download a batch file, upload it to PayPal
        Payouts or Wise, then bring the provider's result file back here. Each line the provider paid marks its reward paid, once,
        however often the file is sent.
      </p>
      <div className="grid2">
        <ExportFile />
        <ImportResults />
      </div>
    </>
  );
}

function ExportFile() {
  const [provider, setProvider] = useState<Provider>("PAYPAL");
  const [currency, setCurrency] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [run, busy] = useMutation<payoutsExportMutation>(ExportPayoutFile);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    run({
      variables: { provider, currency: currency.trim() || null },
      onCompleted: (d) => {
        const r = d.exportPayoutFile;
        setProblem(problemOf(r));
        if (r.__typename !== "PayoutFile") return;
        if (r.count === 0) {
          setNotice("Nothing to pay: no approved cash reward waits for a payout file.");
          return;
        }
        saveFile(r.filename, r.content);
        const more = r.more ? ` ${r.more} ${noun(r.more, "more reward")} after these are paid.` : "";
        setNotice(`Downloaded ${r.filename}: ${r.count} ${noun(r.count, "reward")}, ${r.totals.map((m) => m.formatted).join(" + ")}.${more}`);
      },
      onError: (err) => setProblem({ code: "NETWORK", message: err.message }),
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="payout-file">
      <h2 id="payout-file">Download a payout file</h2>
      <FieldError problem={problem} />
      <Select label="Provider" name="payoutProvider" value={provider} options={PROVIDERS} labels={PROVIDER_LABELS} onChange={setProvider} />
      <Field label="Currency" name="currency" value={currency} onChange={setCurrency} problem={problem} hint="PayPal takes one currency per file (e.g. USD); empty: every currency." />
      <button type="submit" className="primary" disabled={busy}>
        Download file
      </button>
      {notice ? <p role="status">{notice}</p> : null}
    </form>
  );
}

function ImportResults() {
  const [provider, setProvider] = useState<Provider>("PAYPAL");
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [report, setReport] = useState<{ summary: string; lines: readonly { line: number; message: string }[] } | null>(null);
  const [run, busy] = useMutation<payoutsImportMutation>(ImportPayoutResults);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setReport(null);
    if (!file) return setProblem({ code: "INVALID_INPUT", message: "Choose the provider's result file.", field: "file" });
    const text = await file.text();
    run({
      variables: { provider, file: text },
      onCompleted: (d) => {
        const r = d.importPayoutResults;
        setProblem(problemOf(r));
        if (r.__typename !== "PayoutImport") return;
        setReport({
          summary: `${r.fulfilled} marked paid, ${r.already} already paid, ${r.skipped} not paid by the provider, ${r.problems.length} not matched.`,
          lines: r.problems,
        });
      },
      onError: (err) => setProblem({ code: "NETWORK", message: err.message }),
    });
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="payout-results">
      <h2 id="payout-results">Record the provider's results</h2>
      <FieldError problem={problem} />
      <Select label="Provider" name="resultProvider" value={provider} options={PROVIDERS} labels={PROVIDER_LABELS} onChange={setProvider} />
      <div className="field">
        <label htmlFor="f-file">Result file (CSV)</label>
        <input id="f-file" name="file" type="file" accept=".csv,text/csv" aria-invalid={problem?.field === "file" || undefined} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <FieldError problem={problem} field="file" />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        Record payments
      </button>
      {report ? (
        <div role="status">
          <p>{report.summary}</p>
          {report.lines.length ? (
            <ul>
              {report.lines.map((p) => (
                <li key={p.line}>
                  Line {p.line}: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
