import { useState } from "react";
import { useLazyLoadQuery, useMutation, usePaginationFragment } from "react-relay/hooks";
import type { approvalsQuery, approvalsQuery$data } from "../__generated__/approvalsQuery.graphql";
import type { approvalsList_query$key } from "../__generated__/approvalsList_query.graphql";
import type { approvalsApproveMutation } from "../__generated__/approvalsApproveMutation.graphql";
import type { approvalsRejectMutation } from "../__generated__/approvalsRejectMutation.graphql";
import type { approvalsBulkApproveMutation } from "../__generated__/approvalsBulkApproveMutation.graphql";
import type { approvalsBulkRejectMutation } from "../__generated__/approvalsBulkRejectMutation.graphql";
import { ApprovalsList, ApprovalsQuery, ApproveReward, ApproveRewards, RejectReward, RejectRewards } from "../operations/approvals";
import { useCan } from "../session";
import { ConfirmButton, FieldError, Select, problemOf, when, type Problem } from "../ui";

/** The reasons rejectReward takes, as the API lists them (rewardRejectReasons). */
type Reasons = approvalsQuery$data["rewardRejectReasons"];

export function Approvals() {
  const [fetchKey, setFetchKey] = useState(0);
  const data = useLazyLoadQuery<approvalsQuery>(ApprovalsQuery, {}, { fetchPolicy: "store-and-network", fetchKey });
  return (
    <>
      <h1>Approvals</h1>
      <Queue query={data} reasons={data.rewardRejectReasons} changed={() => setFetchKey((k) => k + 1)} />
    </>
  );
}

function Queue({ query, reasons, changed }: { query: approvalsList_query$key; reasons: Reasons; changed: () => void }) {
  const { data, hasNext, loadNext, isLoadingNext } = usePaginationFragment(ApprovalsList, query);
  const canApprove = useCan("rewards:approve");
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reason, setReason] = useState("not_eligible");
  const labels: Record<string, string> = Object.fromEntries(reasons.map((r) => [r.name, r.label]));
  const said = labels[reason]?.toLowerCase() ?? reason;
  const [note, setNote] = useState("");
  const [approve] = useMutation<approvalsApproveMutation>(ApproveReward);
  const [reject] = useMutation<approvalsRejectMutation>(RejectReward);
  const [approveMany] = useMutation<approvalsBulkApproveMutation>(ApproveRewards);
  const [rejectMany] = useMutation<approvalsBulkRejectMutation>(RejectRewards);
  const onError = (err: Error) => setProblem({ code: "NETWORK", message: err.message });
  const rows = data.rewards.edges.map((e) => e.node);
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const bulkDone = (r: { readonly __typename: string; readonly succeeded?: readonly unknown[]; readonly failed?: readonly { readonly error: { readonly message: string } }[]; readonly code?: string; readonly message?: string; readonly field?: string | null }) => {
    const p = problemOf(r);
    setProblem(p);
    if (!p) {
      setNotice(`${r.succeeded?.length ?? 0} done${r.failed?.length ? `; ${r.failed.length} refused: ${r.failed.map((f) => f.error.message).join("; ")}` : ""}.`);
      setSelected(new Set());
      changed();
    }
  };
  return (
    <>
      {canApprove ? (
        <fieldset className="toolbar">
          <legend>Reject with a reason (one reward or the selected ones)</legend>
          <Select label="Reason" name="reason" value={reason} options={reasons.map((r) => r.name)} labels={labels} onChange={setReason} />
          <div className="field">
            <label htmlFor="f-note">Note for the record</label>
            <input id="f-note" value={note} onChange={(e) => setNote(e.target.value)} />
            <FieldError problem={problem} field="note" />
          </div>
          <ConfirmButton label={`Approve selected (${selected.size})`} question={`Approve ${selected.size} rewards?`} disabled={!selected.size} onConfirm={() => approveMany({ variables: { ids: [...selected] }, onCompleted: (d) => bulkDone(d.approveRewards), onError })} />
          <ConfirmButton label={`Reject selected (${selected.size})`} danger question={`Reject ${selected.size} rewards as ${said}?`} disabled={!selected.size} onConfirm={() => rejectMany({ variables: { ids: [...selected], reason, note }, onCompleted: (d) => bulkDone(d.rejectRewards), onError })} />
        </fieldset>
      ) : null}
      <FieldError problem={problem} />
      {notice ? <p role="status">{notice}</p> : null}
      <table>
        <caption className="sr-only">Rewards awaiting approval</caption>
        <thead>
          <tr>
            {canApprove ? <th scope="col">Select</th> : null}
            <th scope="col">Reward</th>
            <th scope="col">Campaign</th>
            <th scope="col">Advocate</th>
            <th scope="col">Friend</th>
            <th scope="col">Four eyes</th>
            <th scope="col">Created</th>
            {canApprove ? <th scope="col">Decide</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={8}>Nothing waits for approval.</td>
            </tr>
          ) : null}
          {rows.map((r) => (
            <tr key={r.id} data-reward={r.id}>
              {canApprove ? (
                <td>
                  <input type="checkbox" aria-label={`Select ${r.value.formatted} for ${r.referral?.friendEmail ?? r.description}`} checked={selected.has(r.id)} onChange={() => toggle(r.id)} />
                </td>
              ) : null}
              <td>
                <b>{r.value.formatted}</b> {r.description}{r.recipient === "FRIEND" ? " (to the friend)" : ""} {r.flagged ? <span className="phase phase-ended">flagged</span> : null}
              </td>
              <td>{r.campaign.name}</td>
              <td>
                {r.referral?.link.advocate ? (
                  <a href={`#/advocate/${encodeURIComponent(r.referral.link.advocate.id)}`} title={r.referral.link.advocate.email}>
                    {r.referral.link.advocate.name || r.referral.link.advocate.email}
                  </a>
                ) : (
                  "—"
                )}
              </td>
              <td>{r.referral?.friendEmail ?? "—"}</td>
              <td>
                {r.approvals}/{r.approvalsNeeded} approvals{r.approvalsNeeded > 1 ? " (two people must approve)" : ""}
              </td>
              <td>{when(r.createdAt)}</td>
              {canApprove ? (
                <td>
                  <button type="button" onClick={() => approve({ variables: { id: r.id }, onCompleted: (d) => { const p = problemOf(d.approveReward); setProblem(p); if (!p && d.approveReward.__typename === "RewardDecision") { setNotice(`Approved ${r.value.formatted}: ${d.approveReward.reward.approvals}/${r.approvalsNeeded} approvals, now ${d.approveReward.reward.status.toLowerCase().replaceAll("_", " ")}.`); changed(); } }, onError })}>
                    Approve
                  </button>{" "}
                  <ConfirmButton label="Reject" danger question={`Reject as ${said}?`} onConfirm={() => reject({ variables: { id: r.id, reason, note }, onCompleted: (d) => { const p = problemOf(d.rejectReward); setProblem(p); if (!p) { setNotice(`Rejected ${r.value.formatted} (${said}).`); changed(); } }, onError })} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {hasNext ? (
        <button type="button" disabled={isLoadingNext} onClick={() => loadNext(25)}>
          More rewards
        </button>
      ) : null}
    </>
  );
}
