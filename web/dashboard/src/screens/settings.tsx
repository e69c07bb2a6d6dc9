import { useState, type FormEvent } from "react";
import { useLazyLoadQuery, useMutation } from "react-relay/hooks";
import type { settingsQuery } from "../__generated__/settingsQuery.graphql";
import type { settingsCreateKeyMutation, Role } from "../__generated__/settingsCreateKeyMutation.graphql";
import type { settingsRevokeKeyMutation } from "../__generated__/settingsRevokeKeyMutation.graphql";
import { CreateApiKey, CreateStaffUser, LinkSlackUser, RevokeApiKey, SettingsQuery, UpdateStaffUser } from "../operations/settings";
import type { settingsCreateUserMutation } from "../__generated__/settingsCreateUserMutation.graphql";
import type { settingsUpdateUserMutation } from "../__generated__/settingsUpdateUserMutation.graphql";
import type { settingsLinkSlackMutation } from "../__generated__/settingsLinkSlackMutation.graphql";
import { useCan } from "../session";
import { ConfirmButton, Field, FieldError, Select, problemOf, when, type Problem } from "../ui";
import { ChangePassword } from "./account";
import { humanize } from "../words";

const KEY_ROLES = ["INTEGRATION", "BOT"] as const;

export function Settings({ user }: { user: { readonly name: string; readonly email: string; readonly role: string } }) {
  const canUsers = useCan("users:manage");
  const canKeys = useCan("api-keys:manage");
  const [fetchKey, setFetchKey] = useState(0);
  const data = useLazyLoadQuery<settingsQuery>(SettingsQuery, { canUsers, canKeys }, { fetchPolicy: "store-and-network", fetchKey });
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
      {data.staffUsers ? <Staff users={data.staffUsers.edges.map((e) => e.node)} changed={() => setFetchKey((k) => k + 1)} /> : null}
      {data.apiKeys ? <ApiKeys keys={data.apiKeys.edges.map((e) => e.node)} changed={() => setFetchKey((k) => k + 1)} /> : null}
    </>
  );
}

const STAFF_ROLES = ["OWNER", "ADMIN", "MANAGER", "ANALYST"] as const;
type User = settingsQuery["response"]["staffUsers"] extends infer C ? (C extends { readonly edges: readonly { readonly node: infer N }[] } ? N : never) : never;

function Staff({ users, changed }: { users: readonly User[]; changed: () => void }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<(typeof STAFF_ROLES)[number]>("ANALYST");
  const [create, busy] = useMutation<settingsCreateUserMutation>(CreateStaffUser);
  const [update] = useMutation<settingsUpdateUserMutation>(UpdateStaffUser);
  const [link] = useMutation<settingsLinkSlackMutation>(LinkSlackUser);
  const onError = (err: Error) => setProblem({ code: "NETWORK", message: err.message });
  const done = (message: string) => (r: Parameters<typeof problemOf>[0]) => {
    const p = problemOf(r);
    setProblem(p);
    if (!p) {
      setNotice(message);
      changed();
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create({
      variables: { input: { email, name, role: role as Role } },
      onCompleted: (d) => {
        const r = d.createStaffUser;
        done(r.__typename === "CreatedStaffUser" ? `Created ${r.user.email}${r.generatedPassword ? `; their password, shown once: ${r.generatedPassword}` : ""}.` : "")(r);
      },
      onError,
    });
  };
  return (
    <section className="card" aria-labelledby="staff-title">
      <h2 id="staff-title">Staff users</h2>
      <FieldError problem={problem} />
      {notice ? <p role="status">{notice}</p> : null}
      <table>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Active</th><th scope="col">Slack user id</th></tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <label className="sr-only" htmlFor={`role-${u.id}`}>Role of {u.name}</label>
                <select id={`role-${u.id}`} value={u.role} onChange={(e) => update({ variables: { id: u.id, role: e.target.value as Role, active: null }, onCompleted: (d) => done(`${u.name} is now ${e.target.value.toLowerCase()}.`)(d.updateStaffUser), onError })}>
                  {STAFF_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {humanize(r)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <ConfirmButton label={u.active ? "Deactivate" : "Reactivate"} danger={u.active} question={`${u.active ? "Deactivate" : "Reactivate"} ${u.name}?`} onConfirm={() => update({ variables: { id: u.id, role: null, active: !u.active }, onCompleted: (d) => done(`${u.name} ${u.active ? "deactivated" : "reactivated"}.`)(d.updateStaffUser), onError })} />
              </td>
              <td>
                <SlackId user={u} save={(slack) => link({ variables: { id: u.id, slackUserId: slack || null }, onCompleted: (d) => done(`Slack link of ${u.name} saved.`)(d.linkSlackUser), onError })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={submit} aria-labelledby="newuser-title">
        <h3 id="newuser-title">Invite a staff member</h3>
        <Field label="Email" name="email" type="email" value={email} onChange={setEmail} problem={problem} required />
        <Field label="Name" name="staffName" value={name} onChange={setName} problem={problem} required />
        <Select label="Role" name="staffRole" value={role} options={STAFF_ROLES} onChange={setRole} />
        <button type="submit" disabled={busy}>
          Create staff user
        </button>
      </form>
    </section>
  );
}

function SlackId({ user, save }: { user: User; save: (slack: string) => void }) {
  const [value, setValue] = useState(user.slackUserId ?? "");
  return (
    <span className="confirm">
      <label className="sr-only" htmlFor={`slack-${user.id}`}>Slack user id of {user.name}</label>
      <input id={`slack-${user.id}`} size={12} value={value} onChange={(e) => setValue(e.target.value)} placeholder="U0123ABCD" />
      <button type="button" onClick={() => save(value)}>
        Save
      </button>
    </span>
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
