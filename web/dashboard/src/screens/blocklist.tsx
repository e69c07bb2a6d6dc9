import { useDeferredValue, useState, type FormEvent } from "react";
import { useLazyLoadQuery, useMutation, usePaginationFragment } from "react-relay/hooks";
import type { blocklistQuery, BlocklistKind } from "../__generated__/blocklistQuery.graphql";
import type { blocklistEntries_query$key } from "../__generated__/blocklistEntries_query.graphql";
import type { blocklistAddMutation } from "../__generated__/blocklistAddMutation.graphql";
import type { blocklistRemoveMutation } from "../__generated__/blocklistRemoveMutation.graphql";
import { AddBlocklistEntry, BlocklistEntries, BlocklistQuery, RemoveBlocklistEntry } from "../operations/blocklist";
import { ConfirmButton, Field, FieldError, Select, problemOf, when, type Problem } from "../ui";

const KINDS = ["EMAIL", "DOMAIN", "IP_HASH", "ADVOCATE"] as const;
const FILTERS = ["ALL", ...KINDS] as const;
/** What each kind's value is (the API's AddBlocklistEntryInput.value). */
const HINTS: Record<BlocklistKind, string> = {
  EMAIL: "An address or a pattern: * matches anything (e.g. *+promo@example.com).",
  DOMAIN: "A domain; its subdomains are covered too (e.g. mailinator.com).",
  IP_HASH: "An IP address (the server keeps only its keyed hash) or a 32-character hash.",
  ADVOCATE: "The advocate's id (as shown on the advocate's page).",
  "%future added value": "",
};
const label = (kind: string) => kind.toLowerCase().replace("ip_hash", "IP");

export function Blocklist() {
  const [kind, setKind] = useState<(typeof FILTERS)[number]>("ALL");
  const [fetchKey, setFetchKey] = useState(0);
  const shown = useDeferredValue(kind);
  const data = useLazyLoadQuery<blocklistQuery>(
    BlocklistQuery,
    { kind: shown === "ALL" ? null : shown },
    { fetchPolicy: "store-and-network", fetchKey },
  );
  const changed = () => setFetchKey((k) => k + 1);
  return (
    <>
      <h1>Blocklist</h1>
      <p>Referrals whose friend matches an entry trip the blocklist fraud rules (flagged or blocked, per campaign).</p>
      <AddEntry changed={changed} />
      <div className="toolbar">
        <Select label="Show" name="kindFilter" value={kind} options={FILTERS} onChange={setKind} />
      </div>
      <Entries query={data} changed={changed} />
    </>
  );
}

function AddEntry({ changed }: { changed: () => void }) {
  const [kind, setKind] = useState<(typeof KINDS)[number]>("EMAIL");
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [add, busy] = useMutation<blocklistAddMutation>(AddBlocklistEntry);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    add({
      variables: { input: { kind, value, reason } },
      onCompleted: (d) => {
        const p = problemOf(d.addBlocklistEntry);
        setProblem(p && p.field === "value" ? { ...p, field: "blockValue" } : p);
        if (!p && d.addBlocklistEntry.__typename === "BlocklistEntry") {
          setNotice(`Blocked ${label(kind)} ${d.addBlocklistEntry.pattern}.`);
          setValue("");
          setReason("");
          changed();
        }
      },
      onError: (err) => setProblem({ code: "NETWORK", message: err.message }),
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="bl-add">
      <h2 id="bl-add">Add an entry</h2>
      <FieldError problem={problem} />
      <Select label="Kind" name="blockKind" value={kind} options={KINDS} onChange={setKind} />
      <Field label="Value" name="blockValue" value={value} onChange={setValue} problem={problem} hint={HINTS[kind]} required />
      <Field label="Reason" name="blockReason" value={reason} onChange={setReason} problem={problem} />
      <button type="submit" className="primary" disabled={busy}>
        Add to blocklist
      </button>
      {notice ? <p role="status">{notice}</p> : null}
    </form>
  );
}

function Entries({ query, changed }: { query: blocklistEntries_query$key; changed: () => void }) {
  const { data, hasNext, loadNext, isLoadingNext } = usePaginationFragment(BlocklistEntries, query);
  const [remove] = useMutation<blocklistRemoveMutation>(RemoveBlocklistEntry);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rows = data.blocklist.edges.map((e) => e.node);
  return (
    <section className="card" aria-labelledby="bl-entries">
      <h2 id="bl-entries">Entries, newest first</h2>
      <FieldError problem={problem} />
      {notice ? <p role="status">{notice}</p> : null}
      {rows.length === 0 ? <p>No entries.</p> : null}
      <table>
        <thead>
          <tr><th scope="col">Kind</th><th scope="col">Value</th><th scope="col">Reason</th><th scope="col">Added by</th><th scope="col">Added</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={b.id} data-entry={b.id}>
              <td>{label(b.kind)}</td>
              <td><code>{b.pattern}</code></td>
              <td>{b.reason || "—"}</td>
              <td>{b.createdBy ?? "—"}</td>
              <td>{when(b.createdAt)}</td>
              <td>
                <ConfirmButton
                  label="Remove"
                  danger
                  question={`Remove ${b.pattern} from the blocklist?`}
                  onConfirm={() =>
                    remove({
                      variables: { id: b.id },
                      onCompleted: (d) => {
                        const p = problemOf(d.removeBlocklistEntry);
                        setProblem(p);
                        if (!p) {
                          setNotice(`Removed ${b.pattern}.`);
                          changed();
                        }
                      },
                      onError: (err) => setProblem({ code: "NETWORK", message: err.message }),
                    })
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasNext ? (
        <button type="button" disabled={isLoadingNext} onClick={() => loadNext(25)}>
          More entries
        </button>
      ) : null}
    </section>
  );
}
