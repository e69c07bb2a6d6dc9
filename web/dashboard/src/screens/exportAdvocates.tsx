import { useState } from "react";
import { useMutation } from "react-relay/hooks";
import type { analyticsExportAdvocatesMutation } from "../__generated__/analyticsExportAdvocatesMutation.graphql";
import { ExportAdvocates } from "../operations/analytics";
import { useCan } from "../session";
import { FieldError, problemOf, type Problem } from "../ui";

/** "Export advocates (CSV)": asks for a signed link and downloads it from this origin (the
 * server that signed it serves this page too). */
export function ExportAdvocatesButton({ campaignId }: { campaignId: string }) {
  const can = useCan("advocates:export");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [run, busy] = useMutation<analyticsExportAdvocatesMutation>(ExportAdvocates);
  if (!can) return null;
  const go = () =>
    run({
      variables: { campaignId },
      onCompleted: (d) => {
        const r = d.exportAdvocates;
        setProblem(problemOf(r));
        if (r.__typename !== "AdvocateExportLink") return;
        const link = new URL(r.url);
        const a = document.createElement("a");
        a.href = link.pathname + link.search;
        a.download = "";
        a.click();
      },
      onError: (err) => setProblem({ code: "NETWORK", message: err.message }),
    });
  return (
    <>
      <button type="button" disabled={busy} onClick={go}>
        Export advocates (CSV)
      </button>
      <FieldError problem={problem} />
    </>
  );
}
