import { useState, type FormEvent } from "react";
import { useLazyLoadQuery, useMutation } from "react-relay/hooks";
import type { settingsQuery } from "../__generated__/settingsQuery.graphql";
import type { settingsCreateKeyMutation, Role } from "../__generated__/settingsCreateKeyMutation.graphql";
import type { settingsRevokeKeyMutation } from "../__generated__/settingsRevokeKeyMutation.graphql";
import { CreateApiKey, RevokeApiKey, SettingsQuery } from "../operations/settings";
import { useCan } from "../session";
import { ConfirmButton, Field, FieldError, Select, problemOf, when, type Problem } from "../ui";
import { ChangePassword } from "./account";

const KEY_ROLES = ["INTEGRATION", "BOT"] as const;

export function Settings({ user }: { user: { readonly name: string; readonly email: string; readonly role: string } }) {
  const canUsers = useCan("users:manage");
  const canKeys = useCan("api-keys:manage");
  const canAudit = useCan("audit:read");
  const canHooks = useCan("webhooks:manage");
  const [action, setAction] = useState("");
  const [fetchKey, setFetchKey] = useState(0);
  const data = useLazyLoadQuery<settingsQuery>(
    SettingsQuery,
    { action: action || null, canUsers, canKeys, canAudit, canHooks },
    { fetchPolicy: "store-and-network", fetchKey },
  );
  return (
    <>
      <h1>Settings</h1>
      <section className="card" aria-labelledby="me-title">
        <h2 id="me-title">Your account</h2>
        <p>
          {user.name} · {user.email} · {user.role.toLowerCase()}
        </p>
      </section>
      <ChangePassword />
      {data.staffUsers ? (
        <section className="card" aria-labelledby="staff-title">
          <h2 id="staff-title">Staff users</h2>
          <table>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Active</th><th scope="col">Slack</th></tr>
            </thead>
            <tbody>
              {data.staffUsers.edges.map(({ node: u }) => (
                <tr key={u.id}><td>{u.name}</td><td>{u.email}</td><td>{u.role.toLowerCase()}</td><td>{u.active ? "yes" : "no"}</td><td>{u.slackUserId ?? "—"}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {data.apiKeys ? <ApiKeys keys={data.apiKeys.edges.map((e) => e.node)} changed={() => setFetchKey((k) => k + 1)} /> : null}
      {data.webhookEndpoints ? (
        <section className="card" aria-labelledby="wh-title">
          <h2 id="wh-title">Webhooks</h2>
          <ul>
            {data.webhookEndpoints.edges.map(({ node: w }) => (
              <li key={w.id}>{w.url} {w.enabled ? "" : "(disabled)"}</li>
            ))}
          </ul>
          {data.webhookEndpoints.edges.length === 0 ? <p>No webhook endpoints.</p> : null}
        </section>
      ) : null}
      {data.auditLog ? (
        <section className="card" aria-labelledby="audit-title">
          <h2 id="audit-title">Audit log</h2>
          <div className="field">
            <label htmlFor="f-action">Filter by action (e.g. campaign.create)</label>
            <input id="f-action" value={action} onChange={(e) => setAction(e.target.value)} />
          </div>
          <table>
            <thead>
              <tr><th scope="col">When</th><th scope="col">Action</th><th scope="col">Actor</th><th scope="col">Target</th></tr>
            </thead>
            <tbody>
              {data.auditLog.edges.map(({ node: a }) => (
                <tr key={a.id}><td>{when(a.createdAt)}</td><td>{a.action}</td><td>{a.actorKind} {a.actorId ?? ""}</td><td>{a.targetType} {a.targetId}</td></tr>
              ))}
            </tbody>
          </table>
          {data.auditLog.pageInfo.hasNextPage ? <p>Showing the newest 25; narrow the filter to see more.</p> : null}
        </section>
      ) : null}
    </>
  );
}

type Key = settingsQuery["response"]["apiKeys"] extends infer C ? (C extends { readonly edges: readonly { readonly node: infer N }[] } ? N : never) : never;

function ApiKeys({ keys, changed }: { keys: readonly Key[]; changed: () => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<(typeof KEY_ROLES)[number]>("INTEGRATION");
  const [test, setTest] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [create, busy] = useMutation<settingsCreateKeyMutation>(CreateApiKey);
  const [revoke] = useMutation<settingsRevokeKeyMutation>(RevokeApiKey);
  const onError = (err: Error) => setProblem({ code: "NETWORK", message: err.message });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create({
      variables: { input: { name, role: role as Role, test } },
      onCompleted: (d) => {
        const p = problemOf(d.createApiKey);
        setProblem(p);
        if (!p && d.createApiKey.__typename === "CreatedApiKey") {
          setSecret(d.createApiKey.secret);
          setName("");
          changed();
        }
      },
      onError,
    });
  };
  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      {secret ? (
        <div className="secret" role="status">
          <p>The new key, shown only this once. Store it now:</p>
          <code id="new-secret">{secret}</code>
          <button type="button" onClick={() => setSecret(null)}>
            I have stored it
          </button>
        </div>
      ) : null}
      <table>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Prefix</th><th scope="col">Last used</th><th scope="col">State</th></tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}{k.test ? " (test)" : ""}</td><td>{k.role.toLowerCase()}</td><td><code>{k.prefix}</code></td><td>{when(k.lastUsedAt)}</td>
              <td>{k.revokedAt ? `revoked ${when(k.revokedAt)}` : <ConfirmButton label="Revoke" danger question={`Revoke ${k.name}?`} onConfirm={() => revoke({ variables: { id: k.id }, onCompleted: (d) => { const p = problemOf(d.revokeApiKey); setProblem(p); if (!p) changed(); }, onError })} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={submit} aria-labelledby="newkey-title">
        <h3 id="newkey-title">New API key</h3>
        <FieldError problem={problem} />
        <Field label="Key name" name="name" value={name} onChange={setName} problem={problem} required />
        <Select label="Role" name="role" value={role} options={KEY_ROLES} onChange={setRole} />
        <div className="field check">
          <input id="f-test" type="checkbox" checked={test} onChange={(e) => setTest(e.target.checked)} />
          <label htmlFor="f-test">Test key (test-mode data only)</label>
        </div>
        <button type="submit" className="primary" disabled={busy}>
          Create key
        </button>
      </form>
    </section>
  );
}
