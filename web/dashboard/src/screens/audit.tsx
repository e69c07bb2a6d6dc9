import { useDeferredValue, useState } from "react";
import { useLazyLoadQuery, usePaginationFragment } from "react-relay/hooks";
import type { auditQuery } from "../__generated__/auditQuery.graphql";
import type { auditEvents_query$key } from "../__generated__/auditEvents_query.graphql";
import { AuditEvents, AuditQuery } from "../operations/audit";
import { useCan } from "../session";
import { when } from "../ui";

/** A UTC day as the instant it starts; `next` for the instant it ends (the API's `until` is
 * exclusive, so "until 3 May" includes all of 3 May). */
function dayStart(day: string, next = false): string | null {
  if (!day) return null;
  const start = new Date(`${day}T00:00:00Z`);
  if (next) start.setUTCDate(start.getUTCDate() + 1);
  return start.toISOString();
}

export function Audit() {
  const canUsers = useCan("users:manage");
  const [filter, setFilter] = useState({ action: "", targetType: "", actorId: "", since: "", until: "" });
  // Deferred: while a new filter loads, the screen (and the field being typed in) stays.
  const shown = useDeferredValue(filter);
  const data = useLazyLoadQuery<auditQuery>(
    AuditQuery,
    {
      action: shown.action || null,
      targetType: shown.targetType || null,
      actorId: shown.actorId.trim() || null,
      since: dayStart(shown.since),
      until: dayStart(shown.until, true),
      canUsers,
    },
    { fetchPolicy: "store-and-network" },
  );
  const set = (key: keyof typeof filter) => (e: { target: { value: string } }) => setFilter((f) => ({ ...f, [key]: e.target.value }));
  const staff = data.staffUsers?.edges.map((e) => e.node) ?? [];
  return (
    <>
      <h1 id="audit-title">Audit log</h1>
      <fieldset className="toolbar">
        <legend>Filter events</legend>
        <div className="field">
          <label htmlFor="f-action">Action (e.g. campaign.create)</label>
          <input id="f-action" value={filter.action} onChange={set("action")} />
        </div>
        <div className="field">
          <label htmlFor="f-targetType">Target type (e.g. Campaign)</label>
          <input id="f-targetType" value={filter.targetType} onChange={set("targetType")} />
        </div>
        <div className="field">
          <label htmlFor="f-actorId">Actor</label>
          {canUsers ? (
            <select id="f-actorId" value={filter.actorId} onChange={set("actorId")}>
              <option value="">Anyone</option>
              {staff.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
          ) : (
            <input id="f-actorId" value={filter.actorId} onChange={set("actorId")} placeholder="a staff id or API key id" />
          )}
        </div>
        <div className="field">
          <label htmlFor="f-since">Since (UTC day)</label>
          <input id="f-since" type="date" value={filter.since} onChange={set("since")} />
        </div>
        <div className="field">
          <label htmlFor="f-until">Until (UTC day, included)</label>
          <input id="f-until" type="date" value={filter.until} onChange={set("until")} />
        </div>
      </fieldset>
      <Events query={data} names={new Map(staff.map((u) => [u.id, u.name]))} />
    </>
  );
}

function Events({ query, names }: { query: auditEvents_query$key; names: ReadonlyMap<string, string> }) {
  const { data, hasNext, loadNext, isLoadingNext } = usePaginationFragment(AuditEvents, query);
  const rows = data.auditLog.edges.map((e) => e.node);
  return (
    <section className="card" aria-labelledby="audit-events">
      <h2 id="audit-events">Events, newest first</h2>
      {rows.length === 0 ? <p>No events match.</p> : null}
      <table>
        <thead>
          <tr><th scope="col">When</th><th scope="col">Action</th><th scope="col">Actor</th><th scope="col">Channel</th><th scope="col">Target</th><th scope="col">Changes</th></tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} data-audit={a.id}>
              <td>{when(a.createdAt)}</td>
              <td>{a.action}</td>
              <td>{a.actorKind} {a.actorId ? (names.get(a.actorId) ?? a.actorId) : ""}</td>
              <td>{a.channel}</td>
              <td>{a.targetType} <small>{a.targetId}</small></td>
              <td><small>{Object.keys((a.changes ?? {}) as object).join(", ")}</small></td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasNext ? (
        <button type="button" disabled={isLoadingNext} onClick={() => loadNext(25)}>
          More events
        </button>
      ) : null}
    </section>
  );
}
