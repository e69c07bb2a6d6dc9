import { useState, type FormEvent } from "react";
import { useLazyLoadQuery, useMutation } from "react-relay/hooks";
import type { webhooksQuery, webhooksQuery$data } from "../__generated__/webhooksQuery.graphql";
import type { webhooksCreateMutation } from "../__generated__/webhooksCreateMutation.graphql";
import type { webhooksUpdateMutation } from "../__generated__/webhooksUpdateMutation.graphql";
import type { webhooksDeleteMutation } from "../__generated__/webhooksDeleteMutation.graphql";
import type { webhooksRotateMutation } from "../__generated__/webhooksRotateMutation.graphql";
import type { webhooksTestMutation } from "../__generated__/webhooksTestMutation.graphql";
import { CreateWebhook, DeleteWebhook, RotateWebhookSecret, SendTestWebhook, UpdateWebhook, WebhooksQuery } from "../operations/webhooks";
import { ConfirmButton, Field, FieldError, problemOf, when, type Problem } from "../ui";
import { Deliveries } from "./webhookDeliveries";

type Endpoint = webhooksQuery$data["webhookEndpoints"]["edges"][number]["node"];
/** The event types an endpoint can subscribe to, as the API lists them (webhookEventTypes). */
type EventTypes = webhooksQuery$data["webhookEventTypes"];
type Secret = { url: string; secret: string; overlapUntil: string | null };

export function Webhooks() {
  const [fetchKey, setFetchKey] = useState(0);
  const [endpointId, setEndpointId] = useState("");
  const [secret, setSecret] = useState<Secret | null>(null);
  const data = useLazyLoadQuery<webhooksQuery>(WebhooksQuery, { endpointId: endpointId || null }, { fetchPolicy: "store-and-network", fetchKey });
  const changed = () => setFetchKey((k) => k + 1);
  const endpoints = data.webhookEndpoints.edges.map((e) => e.node);
  const types = data.webhookEventTypes;
  return (
    <>
      <h1>Webhooks</h1>
      {secret ? (
        <div className="secret" role="status">
          <p>The signing secret of {secret.url}, shown only this once:</p>
          <code id="webhook-secret">{secret.secret}</code>
          {secret.overlapUntil ? <p>The previous secret also signs every request (a second signature) until {when(secret.overlapUntil)}: switch your receiver before then.</p> : null}
          <button type="button" onClick={() => setSecret(null)}>
            I have stored it
          </button>
        </div>
      ) : null}
      {endpoints.length === 0 ? <p>No webhook endpoints yet.</p> : null}
      {endpoints.map((w) => (
        <EndpointCard key={w.id} endpoint={w} types={types} changed={changed} showSecret={setSecret} />
      ))}
      <NewEndpoint types={types} changed={changed} showSecret={setSecret} />
      <Deliveries query={data} endpoints={endpoints} endpointId={endpointId} setEndpointId={setEndpointId} refresh={changed} />
    </>
  );
}

function Events({ prefix, types, value, onChange }: { prefix: string; types: EventTypes; value: readonly string[]; onChange: (v: string[]) => void }) {
  return (
    <fieldset className="events">
      <legend>Events (none ticked: every type)</legend>
      {types.map(({ name: t, description }) => (
        <span className="field check" key={t}>
          <input id={`${prefix}-${t}`} type="checkbox" title={description} checked={value.includes(t)} onChange={(e) => onChange(e.target.checked ? [...value, t] : value.filter((v) => v !== t))} />
          <label htmlFor={`${prefix}-${t}`} title={description}>{t}</label>
        </span>
      ))}
    </fieldset>
  );
}

function EndpointCard({ endpoint: w, types, changed, showSecret }: { endpoint: Endpoint; types: EventTypes; changed: () => void; showSecret: (s: Secret) => void }) {
  const [form, setForm] = useState({ url: w.url, description: w.description, eventTypes: [...w.eventTypes], includeTest: w.includeTest, enabled: w.enabled });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [update, saving] = useMutation<webhooksUpdateMutation>(UpdateWebhook);
  const [rotate] = useMutation<webhooksRotateMutation>(RotateWebhookSecret);
  const [test] = useMutation<webhooksTestMutation>(SendTestWebhook);
  const [remove] = useMutation<webhooksDeleteMutation>(DeleteWebhook);
  const onError = (err: Error) => setProblem({ code: "NETWORK", message: err.message });
  const after = (message: string) => (r: Parameters<typeof problemOf>[0]) => {
    const p = problemOf(r);
    // The API names its own fields; this card's inputs carry the endpoint's id in theirs.
    setProblem(p && p.field ? { ...p, field: `${p.field}-${w.id}` } : p);
    setNotice(p ? null : message);
    if (!p) changed();
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    update({ variables: { input: { id: w.id, ...form } }, onCompleted: (d) => after(`Saved ${form.url}.`)(d.updateWebhookEndpoint), onError });
  };
  return (
    <form className="card" onSubmit={save} aria-label={`Endpoint ${w.url}`} data-endpoint={w.id}>
      <h2>
        {w.url} <small>{w.enabled ? "enabled" : `disabled${w.disabledReason ? `: ${w.disabledReason}` : ""}`}{w.consecutiveFailures ? ` · ${w.consecutiveFailures} failures in a row` : ""}</small>
      </h2>
      {w.secretRotationEndsAt && new Date(w.secretRotationEndsAt) > new Date() ? <p>The previous secret also signs until {when(w.secretRotationEndsAt)}.</p> : null}
      <FieldError problem={problem} />
      <div className="grid2">
        <div>
          <Field label="URL" name={`url-${w.id}`} type="url" value={form.url} onChange={(url) => setForm((f) => ({ ...f, url }))} problem={problem} required />
          <Field label="Description" name={`description-${w.id}`} value={form.description} onChange={(description) => setForm((f) => ({ ...f, description }))} problem={problem} />
          <div className="field check">
            <input id={`enabled-${w.id}`} type="checkbox" checked={form.enabled} onChange={(e) => setForm((f) => ({ ...f, enabled: e.target.checked }))} />
            <label htmlFor={`enabled-${w.id}`}>Enabled</label>
          </div>
          <div className="field check">
            <input id={`test-${w.id}`} type="checkbox" checked={form.includeTest} onChange={(e) => setForm((f) => ({ ...f, includeTest: e.target.checked }))} />
            <label htmlFor={`test-${w.id}`}>Also test-mode campaigns' events</label>
          </div>
        </div>
        <Events prefix={`ev-${w.id}`} types={types} value={form.eventTypes} onChange={(eventTypes) => setForm((f) => ({ ...f, eventTypes }))} />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          Save endpoint
        </button>
        <button type="button" onClick={() => test({ variables: { id: w.id }, onCompleted: (d) => after(`Test event queued (${d.sendTestWebhook.__typename === "WebhookTestSent" ? d.sendTestWebhook.eventId : ""}); its delivery shows below.`)(d.sendTestWebhook), onError })}>
          Send test event
        </button>
        <ConfirmButton
          label="Rotate secret"
          question={`Rotate the signing secret of ${w.url}?`}
          onConfirm={() =>
            rotate({
              variables: { id: w.id },
              onCompleted: (d) => {
                const r = d.rotateWebhookSecret;
                after("Secret rotated.")(r);
                if (r.__typename === "WebhookEndpointWithSecret") showSecret({ url: w.url, secret: r.secret, overlapUntil: r.endpoint.secretRotationEndsAt ?? null });
              },
              onError,
            })
          }
        />
        <ConfirmButton label="Delete" danger question={`Delete the endpoint ${w.url}?`} onConfirm={() => remove({ variables: { id: w.id }, onCompleted: (d) => after("Deleted.")(d.deleteWebhookEndpoint), onError })} />
      </div>
      {notice ? <p role="status">{notice}</p> : null}
    </form>
  );
}

function NewEndpoint({ types, changed, showSecret }: { types: EventTypes; changed: () => void; showSecret: (s: Secret) => void }) {
  const [url, setUrl] = useState("https://");
  const [description, setDescription] = useState("");
  const [eventTypes, setEventTypes] = useState<string[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [create, busy] = useMutation<webhooksCreateMutation>(CreateWebhook);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create({
      variables: { input: { url, description, eventTypes } },
      onCompleted: (d) => {
        const r = d.createWebhookEndpoint;
        setProblem(problemOf(r));
        if (r.__typename === "WebhookEndpointWithSecret") {
          showSecret({ url: r.endpoint.url, secret: r.secret, overlapUntil: null });
          setUrl("https://");
          setDescription("");
          setEventTypes([]);
          changed();
        }
      },
      onError: (err) => setProblem({ code: "NETWORK", message: err.message }),
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="newhook-title">
      <h2 id="newhook-title">New endpoint</h2>
      <FieldError problem={problem} />
      <Field label="URL" name="url" type="url" value={url} onChange={setUrl} problem={problem} required />
      <Field label="Description" name="description" value={description} onChange={setDescription} problem={problem} />
      <Events prefix="ev-new" types={types} value={eventTypes} onChange={setEventTypes} />
      <button type="submit" disabled={busy}>
        Add endpoint
      </button>
    </form>
  );
}
