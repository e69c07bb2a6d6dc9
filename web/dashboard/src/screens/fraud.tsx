import { useState } from "react";
import { useLazyLoadQuery, useMutation, usePaginationFragment } from "react-relay/hooks";
import type { fraudReviewQuery } from "../__generated__/fraudReviewQuery.graphql";
import type { fraudReviewList_query$key } from "../__generated__/fraudReviewList_query.graphql";
import type { fraudConfirmMutation } from "../__generated__/fraudConfirmMutation.graphql";
import type { fraudDismissMutation } from "../__generated__/fraudDismissMutation.graphql";
import type { fraudBlocklistMutation } from "../__generated__/fraudBlocklistMutation.graphql";
import { AddBlocklistEntry, ConfirmFraud, DismissFlag, FraudReviewList, FraudReviewQuery } from "../operations/fraud";
import { useCan } from "../session";
import { ConfirmButton, FieldError, problemOf, when, type Problem } from "../ui";

export function FraudReview() {
  const [fetchKey, setFetchKey] = useState(0);
  const data = useLazyLoadQuery<fraudReviewQuery>(FraudReviewQuery, {}, { fetchPolicy: "store-and-network", fetchKey });
  return (
    <>
      <h1>Fraud review</h1>
      <Flagged query={data} changed={() => setFetchKey((k) => k + 1)} />
    </>
  );
}

function Flagged({ query, changed }: { query: fraudReviewList_query$key; changed: () => void }) {
  const { data, hasNext, loadNext, isLoadingNext } = usePaginationFragment(FraudReviewList, query);
  const canReview = useCan("fraud:review");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [confirm] = useMutation<fraudConfirmMutation>(ConfirmFraud);
  const [dismiss] = useMutation<fraudDismissMutation>(DismissFlag);
  const [block] = useMutation<fraudBlocklistMutation>(AddBlocklistEntry);
  const onError = (err: Error) => setProblem({ code: "NETWORK", message: err.message });
  const decided = (what: string) => (r: Parameters<typeof problemOf>[0]) => {
    const p = problemOf(r);
    setProblem(p);
    if (!p) {
      setNotice(what);
      changed();
    }
  };
  const rows = data.flaggedReferrals.edges.map((e) => e.node);
  return (
    <>
      {canReview ? (
        <div className="field">
          <label htmlFor="f-note">Review note</label>
          <input id="f-note" value={note} onChange={(e) => setNote(e.target.value)} />
          <FieldError problem={problem} field="note" />
        </div>
      ) : null}
      <FieldError problem={problem} />
      {notice ? <p role="status">{notice}</p> : null}
      {rows.length === 0 ? <p>No flagged referrals.</p> : null}
      {rows.map((r) => (
        <article key={r.id} className="card" aria-labelledby={`fr-${r.id}`} data-referral={r.id}>
          <h2 id={`fr-${r.id}`}>
            {r.friendEmail ?? "(no email)"} <small>risk {r.risk.score} · {r.risk.reviewStatus.toLowerCase()}</small>
          </h2>
          <p>
            Referred by {r.link.advocate?.name ?? "?"} ({r.link.code}) on {when(r.createdAt)}
          </p>
          <ul>
            {r.risk.signals.map((s, i) => (
              <li key={i}>
                <b>{s.rule.toLowerCase().replaceAll("_", " ")}</b> ({s.severity.toLowerCase()}, {s.mode.toLowerCase()}): {s.reason}
              </li>
            ))}
          </ul>
          {canReview ? (
            <div className="actions">
              <ConfirmButton label="Confirm fraud" danger question="Confirm this referral as fraud (its rewards are rejected)?" onConfirm={() => confirm({ variables: { id: r.id, note }, onCompleted: (d) => decided(`Confirmed fraud: ${r.friendEmail ?? r.id}.`)(d.confirmFraud), onError })} />
              <button type="button" onClick={() => dismiss({ variables: { id: r.id, note }, onCompleted: (d) => decided(`Dismissed the flag on ${r.friendEmail ?? r.id}.`)(d.dismissFlag), onError })}>
                Dismiss flag
              </button>
              {r.friendEmail ? (
                <ConfirmButton label="Blocklist email" question={`Block ${r.friendEmail} from future referrals?`} onConfirm={() => block({ variables: { input: { kind: "EMAIL", value: r.friendEmail ?? "", reason: note || "fraud review" } }, onCompleted: (d) => decided(`Blocklisted ${r.friendEmail}.`)(d.addBlocklistEntry), onError })} />
              ) : null}
            </div>
          ) : null}
        </article>
      ))}
      {hasNext ? (
        <button type="button" disabled={isLoadingNext} onClick={() => loadNext(25)}>
          More flagged referrals
        </button>
      ) : null}
    </>
  );
}
