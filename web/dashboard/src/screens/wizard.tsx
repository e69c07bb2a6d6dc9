import { Suspense, useState, type FormEvent } from "react";
import { fetchQuery, useLazyLoadQuery, useMutation, useRelayEnvironment } from "react-relay/hooks";
import type { campaignsEditQuery, campaignsEditQuery$data } from "../__generated__/campaignsEditQuery.graphql";
import type { campaignsCreateMutation } from "../__generated__/campaignsCreateMutation.graphql";
import type { campaignsUpdateMutation } from "../__generated__/campaignsUpdateMutation.graphql";
import type { campaignsRewardRulesMutation } from "../__generated__/campaignsRewardRulesMutation.graphql";
import type { campaignsFraudRulesMutation, FraudMode, FraudRule } from "../__generated__/campaignsFraudRulesMutation.graphql";
import type { campaignsPreviewQuery, campaignsPreviewQuery$data } from "../__generated__/campaignsPreviewQuery.graphql";
import { CampaignEditQuery, CreateCampaign, PreviewReward, SetFraudRules, SetRewardRules, UpdateCampaign } from "../operations/campaigns";
import { Field, FieldError, Loading, Select, problemOf, type Problem } from "../ui";
import { Lifecycle } from "./campaigns";

const STEPS = ["Basics & schedule", "Objective", "Landing & sharing", "Reward rules", "Caps & budget", "Fraud rules", "Slack"] as const;
const METRICS = ["CONVERSIONS", "REFERRALS", "REVENUE"] as const;
const RECIPIENTS = ["ADVOCATE", "FRIEND"] as const;
const TRIGGERS = ["FIRST_PURCHASE", "EVERY_PURCHASE", "SIGNUP"] as const;
const KINDS = ["CASH", "CREDIT", "DISCOUNT", "POINTS", "CUSTOM"] as const;
const MODES = ["OFF", "SHADOW", "FLAG", "BLOCK"] as const;
const PERIODS = ["ALL_TIME", "MONTH", "WEEK", "DAY"] as const;

type Campaign = NonNullable<campaignsEditQuery$data["campaign"]>;
type Rule = { recipient: (typeof RECIPIENTS)[number]; trigger: (typeof TRIGGERS)[number]; kind: (typeof KINDS)[number]; amount: string; holdDays: string; description: string };
type Form = {
  name: string; slug: string; description: string; currency: string; startsAt: string; endsAt: string;
  metric: (typeof METRICS)[number]; target: string; deadline: string;
  landingUrl: string; emailSubject: string; emailBody: string; socialMessage: string; friendReward: string;
  rules: Rule[]; autoApproveMax: string; fourEyesAbove: string;
  capCount: string; capAmount: string; capPeriod: (typeof PERIODS)[number]; budget: string; pauseOnBudget: boolean;
  fraud: Record<string, FraudMode>; slackChannel: string;
};

const FIELD_ALIASES: Record<string, string> = {
  "policy.auto_approve_max": "autoApproveMax",
  "policy.four_eyes_above": "fourEyesAbove",
};

/** The step that shows a field the server named, so its error appears next to it. */
function stepOf(field: string | null | undefined): number | null {
  if (!field) return null;
  const head = field.split(".")[0] ?? "";
  if (["name", "slug", "description", "currency", "startsAt", "endsAt"].includes(head)) return 0;
  if (head === "objective") return 1;
  if (head === "landingUrl" || head.startsWith("share")) return 2;
  if (["rules", "autoApproveMax", "fourEyesAbove", "policy"].includes(head)) return 3;
  if (["advocateCap", "budget", "pauseCampaignOnBudget"].includes(head)) return 4;
  if (head === "slackChannel") return 6;
  return null;
}

/** Minor units <-> a decimal string in major units (two decimals: the demo's currencies). */
const toMinor = (major: string): number | null => (major.trim() === "" ? null : Math.round(Number(major) * 100));
const toMajor = (minor: unknown): string => (minor === null || minor === undefined ? "" : String(Number(minor) / 100));
const toLocal = (iso: string | null | undefined): string => (iso ? iso.slice(0, 16) : "");
const toIso = (local: string): string | null => (local ? new Date(`${local}:00Z`).toISOString() : null);

function initial(c: Campaign | null): Form {
  const v = c?.rewardRuleVersions[c.rewardRuleVersions.length - 1];
  return {
    name: c?.name ?? "", slug: c?.slug ?? "", description: c?.description ?? "", currency: c?.currency ?? "USD",
    startsAt: toLocal(c?.startsAt), endsAt: toLocal(c?.endsAt),
    metric: (c?.objective?.metric as Form["metric"] | undefined) ?? "CONVERSIONS", target: c?.objective ? String(c.objective.target) : "", deadline: toLocal(c?.objective?.deadline),
    landingUrl: c?.landingUrl ?? "https://", emailSubject: c?.shareTemplates.emailSubject ?? "", emailBody: c?.shareTemplates.emailBody ?? "",
    socialMessage: c?.shareTemplates.socialMessage ?? "", friendReward: c?.shareTemplates.friendReward ?? "",
    rules: v?.rules.length
      ? v.rules.map((r) => ({ recipient: r.recipient as Rule["recipient"], trigger: r.trigger as Rule["trigger"], kind: r.kind as Rule["kind"], amount: toMajor(r.fixedAmount), holdDays: String(r.holdDays), description: r.description }))
      : [{ recipient: "ADVOCATE", trigger: "FIRST_PURCHASE", kind: "CASH", amount: "10", holdDays: "14", description: "$10 for each friend who buys" }],
    autoApproveMax: toMajor(v?.autoApproveMax ?? 2500), fourEyesAbove: toMajor(v?.fourEyesAbove ?? 10000),
    capCount: v?.advocateCap?.maxCount != null ? String(v.advocateCap.maxCount) : "", capAmount: toMajor(v?.advocateCap?.maxAmount), capPeriod: (v?.advocateCap?.period as Form["capPeriod"] | undefined) ?? "ALL_TIME",
    budget: toMajor(v?.budget), pauseOnBudget: v?.pauseCampaignOnBudget ?? false,
    fraud: {}, slackChannel: c?.slackChannel ?? "",
  };
}

export function Wizard({ id }: { id: string | null }) {
  return id === null ? <WizardForm campaign={null} /> : <EditWizard id={id} />;
}

function EditWizard({ id }: { id: string }) {
  const data = useLazyLoadQuery<campaignsEditQuery>(CampaignEditQuery, { id }, { fetchPolicy: "network-only" });
  if (!data.campaign) return <p role="alert">No such campaign.</p>;
  return <WizardForm key={id} campaign={data.campaign} />;
}

function WizardForm({ campaign }: { campaign: Campaign | null }) {
  const [form, setForm] = useState<Form>(() => initial(campaign));
  const [step, setStep] = useState(0);
  const [id, setId] = useState<string | null>(campaign?.id ?? null);
  const [problem, setProblemState] = useState<Problem | null>(null);
  const setProblem = (given: Problem | null) => {
    // The reward policy's errors name the service's fields; the form's names differ.
    const alias = given?.field ? FIELD_ALIASES[given.field] : undefined;
    const p = given && alias ? { ...given, field: alias } : given;
    setProblemState(p);
    const at = stepOf(p?.field);
    if (at !== null) setStep(at);
  };
  const [saved, setSaved] = useState<string | null>(null);
  const [create, creating] = useMutation<campaignsCreateMutation>(CreateCampaign);
  const [update, updating] = useMutation<campaignsUpdateMutation>(UpdateCampaign);
  const [setRules, settingRules] = useMutation<campaignsRewardRulesMutation>(SetRewardRules);
  const [setFraud, settingFraud] = useMutation<campaignsFraudRulesMutation>(SetFraudRules);
  const busy = creating || updating || settingRules || settingFraud;
  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const onError = (err: Error) => setProblem({ code: "NETWORK", message: err.message });

  const campaignInput = () => ({
    name: form.name, slug: form.slug, description: form.description, currency: form.currency,
    startsAt: toIso(form.startsAt), endsAt: toIso(form.endsAt), landingUrl: form.landingUrl,
    objective: form.target ? { metric: form.metric, target: form.target, deadline: toIso(form.deadline) } : null,
    share: { emailSubject: form.emailSubject, emailBody: form.emailBody, socialMessage: form.socialMessage, friendReward: form.friendReward },
  });
  const advance = (message: string) => {
    setProblem(null);
    setSaved(message);
    setStep((s) => Math.min(s + 1, STEPS.length - 1));
  };
  const saveCampaign = (extra: Record<string, unknown>, message: string) => {
    if (id === null) {
      create({
        variables: { input: { ...campaignInput(), testMode: true } },
        onCompleted: (d) => {
          const p = problemOf(d.createCampaign);
          if (p) return setProblem(p);
          if (d.createCampaign.__typename === "Campaign") setId(d.createCampaign.id);
          advance(`Saved as a draft in test mode. ${message}`);
        },
        onError,
      });
    } else {
      update({
        variables: { id, input: { ...campaignInput(), ...extra } },
        onCompleted: (d) => {
          const p = problemOf(d.updateCampaign);
          if (p) setProblem(p);
          else advance(message);
        },
        onError,
      });
    }
  };
  const rulesInput = (campaignId: string) => ({
    campaignId,
    rules: form.rules.map((r, i) => ({
      key: `${r.recipient.toLowerCase()}-${i + 1}`, recipient: r.recipient, trigger: r.trigger, kind: r.kind, currency: form.currency,
      fixedAmount: toMinor(r.amount), holdDays: Number(r.holdDays || 0), description: r.description,
    })),
    autoApproveMax: toMinor(form.autoApproveMax), fourEyesAbove: toMinor(form.fourEyesAbove), budget: toMinor(form.budget),
    advocateCap: form.capCount || form.capAmount ? { period: form.capPeriod, maxCount: form.capCount ? Number(form.capCount) : null, maxAmount: toMinor(form.capAmount) } : null,
    pauseCampaignOnBudget: form.pauseOnBudget,
  });
  const saveRules = (message: string, after?: () => void) => {
    if (!id) return setProblem({ code: "INVALID_STATE", message: "Save the campaign's basics first." });
    setRules({
      variables: { input: rulesInput(id) },
      onCompleted: (d) => {
        const p = problemOf(d.setRewardRules);
        if (p) return setProblem(p);
        if (d.setRewardRules.__typename === "RewardRuleVersion") advance(`${message} (rules version ${d.setRewardRules.version}).`);
        after?.();
      },
      onError,
    });
  };
  const saveFraud = () => {
    if (!id) return;
    const rules = Object.entries(form.fraud).map(([rule, mode]) => ({ rule: rule as FraudRule, mode }));
    if (!rules.length) return advance("Fraud rules unchanged.");
    setFraud({
      variables: { input: { campaignId: id, rules } },
      onCompleted: (d) => {
        const p = problemOf(d.setFraudRules);
        if (p) setProblem(p);
        else advance("Fraud rules saved.");
      },
      onError,
    });
  };
  const next = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    if (step === 0 || step === 1) return id === null ? advance("") : saveCampaign({}, "Saved.");
    if (step === 2) return saveCampaign({}, "Campaign saved.");
    if (step === 3 || step === 4) return saveRules("Reward rules saved");
    if (step === 5) return saveFraud();
    if (step === 6 && id) return update({ variables: { id, input: { slackChannel: form.slackChannel || null } }, onCompleted: (d) => { const p = problemOf(d.updateCampaign); setProblem(p); if (!p) setSaved("Done: the campaign is ready to rehearse."); }, onError });
  };

  return (
    <>
      <h1>{campaign ? `Edit ${campaign.name}` : "Create a campaign"}</h1>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? "step" : undefined}>
            <button type="button" onClick={() => setStep(i)} disabled={i > 2 && id === null}>
              {i + 1}. {s}
            </button>
          </li>
        ))}
      </ol>
      <form onSubmit={next} className="card wizard" aria-labelledby="step-title">
        <h2 id="step-title">{STEPS[step]}</h2>
        <StepProblem problem={problem} />
        {step === 0 ? (
          <>
            <Field label="Name" name="name" value={form.name} onChange={set("name")} problem={problem} required />
            <Field label="Slug (used in vanity links)" name="slug" value={form.slug} onChange={set("slug")} problem={problem} required />
            <Field label="Description" name="description" value={form.description} onChange={set("description")} problem={problem} multiline />
            <Field label="Currency (ISO code)" name="currency" value={form.currency} onChange={set("currency")} problem={problem} />
            <Field label="Starts at (UTC)" name="startsAt" type="datetime-local" value={form.startsAt} onChange={set("startsAt")} problem={problem} />
            <Field label="Ends at (UTC)" name="endsAt" type="datetime-local" value={form.endsAt} onChange={set("endsAt")} problem={problem} />
          </>
        ) : null}
        {step === 1 ? (
          <>
            <Select label="Objective metric" name="objective.metric" value={form.metric} options={METRICS} onChange={set("metric")} />
            <Field label="Target" name="objective.target" type="number" value={form.target} onChange={set("target")} problem={problem} hint={form.metric === "REVENUE" ? "In minor units (cents)." : undefined} />
            <Field label="Deadline (UTC)" name="objective.deadline" type="datetime-local" value={form.deadline} onChange={set("deadline")} problem={problem} />
          </>
        ) : null}
        {step === 2 ? <Sharing form={form} set={set} problem={problem} /> : null}
        {step === 3 ? <Rules form={form} setForm={setForm} problem={problem} campaignId={id} /> : null}
        {step === 4 ? (
          <>
            <Field label="Most rewards per advocate" name="advocateCap.maxCount" type="number" value={form.capCount} onChange={set("capCount")} problem={problem} />
            <Field label={`Most reward value per advocate (${form.currency})`} name="advocateCap.maxAmount" type="number" value={form.capAmount} onChange={set("capAmount")} problem={problem} />
            <Select label="Cap period" name="advocateCap.period" value={form.capPeriod} options={PERIODS} onChange={set("capPeriod")} />
            <Field label={`Campaign budget (${form.currency})`} name="budget" type="number" value={form.budget} onChange={set("budget")} problem={problem} />
            <div className="field check">
              <input id="f-pause" type="checkbox" checked={form.pauseOnBudget} onChange={(e) => set("pauseOnBudget")(e.target.checked)} />
              <label htmlFor="f-pause">Pause the campaign when the budget is spent</label>
            </div>
          </>
        ) : null}
        {step === 5 && id ? (
          <Suspense fallback={<Loading />}>
            <FraudStep id={id} fraud={form.fraud} onChange={(rule, mode) => setForm((f) => ({ ...f, fraud: { ...f.fraud, [rule]: mode } }))} />
          </Suspense>
        ) : null}
        {step === 6 ? <Field label="Slack channel for announcements" name="slackChannel" value={form.slackChannel} onChange={set("slackChannel")} problem={problem} hint="The channel id (channel details > Copy channel ID), e.g. C0123ABCDE; empty for none" /> : null}
        <div className="actions">
          {step > 0 ? (
            <button type="button" onClick={() => setStep(step - 1)}>
              Back
            </button>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {step === STEPS.length - 1 ? "Finish" : step === 2 && id === null ? "Create draft & continue" : "Save & continue"}
          </button>
        </div>
        {saved ? <p role="status">{saved}</p> : null}
        {id && step === STEPS.length - 1 ? (
          <p>
            Next: <a href={`#/rehearse/${encodeURIComponent(id)}`}>rehearse this campaign</a> or back to <a href="#/campaigns">all campaigns</a>.
          </p>
        ) : null}
      </form>
      {campaign ? (
        <>
          <section className="card" aria-labelledby="lc-title">
            <h2 id="lc-title">Lifecycle</h2>
            <p>
              Phase: {campaign.phase.toLowerCase()}
              {campaign.testMode ? " (test mode)" : ""}
            </p>
            <Lifecycle id={campaign.id} name={campaign.name} status={campaign.status} changed={() => window.location.reload()} />
          </section>
          <Versions campaign={campaign} />
        </>
      ) : null}
    </>
  );
}

/** An error naming a field this step does not show (or none) goes at the top of the step. */
function StepProblem({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  const shown = problem.field ? document.getElementById(`f-${problem.field}`) : null;
  if (shown) return null;
  return (
    <p className="error" role="alert">
      {problem.field ? `${problem.field}: ` : ""}
      {problem.message}
    </p>
  );
}

function Sharing({ form, set, problem }: { form: Form; set: <K extends keyof Form>(k: K) => (v: Form[K]) => void; problem: Problem | null }) {
  const [advocate, setAdvocate] = useState("Ada");
  const sample = (text: string) =>
    text
      .replaceAll("{advocate_name}", advocate || "Ada")
      .replaceAll("{share_url}", `${window.location.origin}/r/ADA123`)
      .replaceAll("{code}", "ADA123")
      .replaceAll("{friend_reward}", form.friendReward);
  return (
    <div className="grid2">
      <div>
        <Field label="Landing URL" name="landingUrl" type="url" value={form.landingUrl} onChange={set("landingUrl")} problem={problem} required />
        <Field label="Email subject" name="shareEmailSubject" value={form.emailSubject} onChange={set("emailSubject")} problem={problem} />
        <Field label="Email body" name="shareEmailBody" value={form.emailBody} onChange={set("emailBody")} problem={problem} multiline hint="Placeholders: {advocate_name} {share_url} {friend_reward} {code}" />
        <Field label="Social message" name="shareSocialMessage" value={form.socialMessage} onChange={set("socialMessage")} problem={problem} multiline />
        <Field label="What the friend gets" name="shareFriendReward" value={form.friendReward} onChange={set("friendReward")} problem={problem} />
      </div>
      <aside className="preview" aria-labelledby="pv-title">
        <h3 id="pv-title">Live preview</h3>
        <Field label="Preview as advocate" name="previewAdvocate" value={advocate} onChange={setAdvocate} />
        <p>
          <b>Subject:</b> {sample(form.emailSubject)}
        </p>
        <p className="pre">{sample(form.emailBody)}</p>
        <p className="pre">
          <b>Social:</b> {sample(form.socialMessage)}
        </p>
      </aside>
    </div>
  );
}

function Rules({ form, setForm, problem, campaignId }: { form: Form; setForm: (f: (f: Form) => Form) => void; problem: Problem | null; campaignId: string | null }) {
  const edit = (i: number, patch: Partial<Rule>) => setForm((f) => ({ ...f, rules: f.rules.map((r, j) => (i === j ? { ...r, ...patch } : r)) }));
  return (
    <>
      {form.rules.map((r, i) => (
        <fieldset key={i}>
          <legend>Rule {i + 1}</legend>
          <Select label="Who is rewarded" name={`rules.${i}.recipient`} value={r.recipient} options={RECIPIENTS} onChange={(v) => edit(i, { recipient: v })} />
          <Select label="When" name={`rules.${i}.trigger`} value={r.trigger} options={TRIGGERS} onChange={(v) => edit(i, { trigger: v })} />
          <Select label="Kind" name={`rules.${i}.kind`} value={r.kind} options={KINDS} onChange={(v) => edit(i, { kind: v })} />
          <Field label={`Amount (${form.currency})`} name={`rules.${i}.fixedAmount`} type="number" value={r.amount} onChange={(v) => edit(i, { amount: v })} problem={problem} />
          <Field label="Hold days (refund window)" name={`rules.${i}.holdDays`} type="number" value={r.holdDays} onChange={(v) => edit(i, { holdDays: v })} problem={problem} />
          <Field label="Description" name={`rules.${i}.description`} value={r.description} onChange={(v) => edit(i, { description: v })} problem={problem} />
          {form.rules.length > 1 ? (
            <button type="button" onClick={() => setForm((f) => ({ ...f, rules: f.rules.filter((_, j) => j !== i) }))}>
              Remove rule {i + 1}
            </button>
          ) : null}
        </fieldset>
      ))}
      <button type="button" onClick={() => setForm((f) => ({ ...f, rules: [...f.rules, { recipient: "FRIEND", trigger: "FIRST_PURCHASE", kind: "DISCOUNT", amount: "10", holdDays: "0", description: "" }] }))}>
        Add a rule
      </button>
      <h3>Approval policy</h3>
      <Field label={`Approve automatically up to (${form.currency})`} name="autoApproveMax" type="number" value={form.autoApproveMax} onChange={(v) => setForm((f) => ({ ...f, autoApproveMax: v }))} problem={problem} />
      <Field label={`Two approvers above (${form.currency})`} name="fourEyesAbove" type="number" value={form.fourEyesAbove} onChange={(v) => setForm((f) => ({ ...f, fourEyesAbove: v }))} problem={problem} />
      {campaignId ? <WorkedExample campaignId={campaignId} currency={form.currency} /> : null}
    </>
  );
}

/** previewReward: what the saved rules would pay for one made-up purchase. */
function WorkedExample({ campaignId, currency }: { campaignId: string; currency: string }) {
  const environment = useRelayEnvironment();
  const [order, setOrder] = useState("80");
  const [result, setResult] = useState<campaignsPreviewQuery$data["previewReward"] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const run = () => {
    fetchQuery<campaignsPreviewQuery>(environment, PreviewReward, {
      campaignId,
      scenario: { advocateEmail: "ada@example.com", friendEmail: "friend@example.org", orderAmount: toMinor(order) ?? 0, currency },
    }).subscribe({ next: (d) => { setResult(d.previewReward); setProblem(null); }, error: (e: Error) => setProblem({ code: "NETWORK", message: e.message }) });
  };
  return (
    <section className="example" aria-labelledby="ex-title">
      <h3 id="ex-title">Worked example (saved rules)</h3>
      <Field label={`A friend's first order (${currency})`} name="orderAmount" type="number" value={order} onChange={setOrder} />
      <button type="button" onClick={run}>
        Preview rewards
      </button>
      <FieldError problem={problem} />
      {result ? (
        <div role="status">
          {result.refused ? <p>Refused: {result.refused}</p> : null}
          <ul>
            {result.rewards.map((r) => (
              <li key={r.ruleKey + r.recipient}>
                {r.recipient.toLowerCase()} gets {r.value.formatted} ({r.description}); after the hold: {r.statusAfterHold.toLowerCase().replaceAll("_", " ")}
                {r.approvalsNeeded > 1 ? `, needs ${r.approvalsNeeded} approvers` : ""}
              </li>
            ))}
            {result.withheld.map((w, i) => (
              <li key={`w${i}`}>
                withheld: {w.reward.description} ({w.reason.toLowerCase()})
              </li>
            ))}
          </ul>
          {result.ruleVersion === null ? <p>No rules saved yet.</p> : <p>Rules version {result.ruleVersion}.</p>}
        </div>
      ) : null}
    </section>
  );
}

function FraudStep({ id, fraud, onChange }: { id: string; fraud: Record<string, FraudMode>; onChange: (rule: string, mode: FraudMode) => void }) {
  const data = useLazyLoadQuery<campaignsEditQuery>(CampaignEditQuery, { id }, { fetchPolicy: "store-or-network" });
  const list = data.campaign?.fraudRules ?? [];
  return (
    <table>
      <caption className="sr-only">Fraud rule modes</caption>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Fires when</th>
          <th scope="col">Mode</th>
        </tr>
      </thead>
      <tbody>
        {list.map((r) => (
          <tr key={r.rule}>
            <td>
              {r.rule.toLowerCase().replaceAll("_", " ")} <small>{r.severity.toLowerCase()}</small>
            </td>
            <td>{r.firesWhen}</td>
            <td>
              <label className="sr-only" htmlFor={`mode-${r.rule}`}>
                Mode for {r.rule}
              </label>
              <select id={`mode-${r.rule}`} value={fraud[r.rule] ?? r.mode} onChange={(e) => onChange(r.rule, e.target.value as FraudMode)}>
                {MODES.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Reward-rule versions side by side. */
function Versions({ campaign }: { campaign: Campaign }) {
  const versions = campaign.rewardRuleVersions.slice(-3);
  if (!versions.length) return null;
  return (
    <section className="card" aria-labelledby="v-title">
      <h2 id="v-title">Reward-rule versions</h2>
      <div className="versions">
        {versions.map((v) => (
          <div key={v.version}>
            <h3>Version {v.version}</h3>
            <ul>
              {v.rules.map((r) => (
                <li key={r.key}>
                  {r.recipient.toLowerCase()} · {r.trigger.toLowerCase().replaceAll("_", " ")} · {r.kind.toLowerCase()} {r.fixedAmount != null ? toMajor(r.fixedAmount) : ""}
                  {r.percentBps != null ? ` ${r.percentBps / 100}%` : ""} · hold {r.holdDays}d
                </li>
              ))}
            </ul>
            <p>
              Auto-approve ≤ {toMajor(v.autoApproveMax) || "—"}, two approvers &gt; {toMajor(v.fourEyesAbove) || "—"}, budget {toMajor(v.budget) || "none"}
            </p>
          </div>
        ))}
      </div>
    </section>
  );
}
