import { useState } from "react";
import { useMutation, usePaginationFragment } from "react-relay/hooks";
import type { webhooksDeliveries_query$key } from "../__generated__/webhooksDeliveries_query.graphql";
import type { webhooksReplayMutation } from "../__generated__/webhooksReplayMutation.graphql";
import { ReplayWebhookDelivery, WebhookDeliveries } from "../operations/webhooks";
import { FieldError, problemOf, when, type Problem } from "../ui";

/** The delivery log, newest first: status, every attempt, and replay of a failed delivery
 * (retrying or given up) or a delivered one the receiver lost. A replay keeps the webhook-id. */
export function Deliveries(props: {
  query: webhooksDeliveries_query$key;
  endpoints: readonly { readonly id: string; readonly url: string }[];
  endpointId: string;
  setEndpointId: (id: string) => void;
  refresh: () => void;
}) {
  const { data, hasNext, loadNext, isLoadingNext } = usePaginationFragment(WebhookDeliveries, props.query);
  const [replay] = useMutation<webhooksReplayMutation>(ReplayWebhookDelivery);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const urls = new Map(props.endpoints.map((e) => [e.id, e.url]));
  const rows = data.webhookDeliveries.edges.map((e) => e.node);
  return (
    <section className="card" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Recent deliveries</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="f-endpointId">Endpoint</label>
          <select id="f-endpointId" value={props.endpointId} onChange={(e) => props.setEndpointId(e.target.value)}>
            <option value="">All endpoints</option>
            {props.endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.url}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={props.refresh}>
          Refresh deliveries
        </button>
      </div>
      <FieldError problem={problem} />
      {notice ? <p role="status">{notice}</p> : null}
      {rows.length === 0 ? <p>No deliveries.</p> : null}
      <table>
        <thead>
          <tr><th scope="col">Created</th><th scope="col">Event</th><th scope="col">Endpoint</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {rows.map((d) => {
            const last = d.attempts[d.attempts.length - 1];
            return (
              <tr key={d.id} data-delivery={d.id} data-status={d.status}>
                <td>{when(d.createdAt)}</td>
                <td>
                  {d.eventType}
                  {d.replay ? ` (replay ${d.replay})` : ""}
                  <br />
                  <small>{d.eventId}</small>
                </td>
                <td>{urls.get(d.endpointId) ?? d.endpointId}</td>
                <td>
                  {d.status}
                  {d.status === "delivered" ? ` ${when(d.deliveredAt)}` : ""}
                  {d.lastError ? <><br /><small>{d.lastError}</small></> : null}
                  {d.status === "failed" ? <><br /><small>{d.nextAttemptAt ? `retrying ${when(d.nextAttemptAt)}` : "gave up after its last attempt"}</small></> : null}
                </td>
                <td>
                  {d.attempts.length}
                  {last ? ` · last: ${last.statusCode ?? "no answer"}${last.ok ? " ok" : ""}, ${last.latencyMs} ms` : ""}
                </td>
                <td>
                  {d.status === "failed" || d.status === "delivered" ? (
                    <button
                      type="button"
                      aria-label={`Replay ${d.eventType} ${d.eventId}${d.replay ? ` (replay ${d.replay})` : ""}`}
                      onClick={() =>
                        replay({
                          variables: { id: d.id },
                          onCompleted: (r) => {
                            const p = problemOf(r.replayWebhookDelivery);
                            setProblem(p);
                            setNotice(p ? null : `Replaying ${d.eventType} (${d.eventId}).`);
                            if (!p) props.refresh();
                          },
                          onError: (err) => setProblem({ code: "NETWORK", message: err.message }),
                        })
                      }
                    >
                      Replay
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {hasNext ? (
        <button type="button" disabled={isLoadingNext} onClick={() => loadNext(20)}>
          More deliveries
        </button>
      ) : null}
    </section>
  );
}
