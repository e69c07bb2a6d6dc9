import { Suspense, useState, type FormEvent } from "react";
import { useLazyLoadQuery, useMutation } from "react-relay/hooks";
import type { campaignsEditQuery } from "../__generated__/campaignsEditQuery.graphql";
import type { campaignsCreateMutation } from "../__generated__/campaignsCreateMutation.graphql";
import type { campaignsUpdateMutation } from "../__generated__/campaignsUpdateMutation.graphql";
import type { campaignsRewardRulesMutation } from "../__generated__/campaignsRewardRulesMutation.graphql";
import type { campaignsFraudRulesMutation, FraudRule } from "../__generated__/campaignsFraudRulesMutation.graphql";
import { CampaignEditQuery, CreateCampaign, SetFraudRules, SetRewardRules, UpdateCampaign } from "../operations/campaigns";
import { Field, Loading, Select, problemOf, type Problem } from "../ui";
import { Lifecycle } from "./campaigns";
import { formatMoney, parseMoney } from "../money";
import { FraudStep, METRICS, PERIODS, Rules, STEPS, Sharing, Versions, toIso, toLocal, type Campaign, type Form, type Rule } from "./wizardSteps";

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

/** Typed amounts as minor units; the first that does not parse becomes the form's problem. */
function amounts(currency: string) {
  let problem: Problem | null = null;
  const minor = (field: string, text: string): number | null => {
    const parsed = parseMoney(text, currency);
    if (parsed.ok) return parsed.minor;
    problem ??= { code: "INVALID_INPUT", message: parsed.message, field };
    return null;
  };
  return { minor, problem: (): Problem | null => problem };
}

function initial(c: Campaign | null): Form {
  // The newest version (the API lists them newest first; not relied on).
  const v = c?.rewardRuleVersions.reduce<Campaign["rewardRuleVersions"][number] | undefined>((a, b) => (a && a.version > b.version ? a : b), undefined);
  const money = (minor: unknown) => formatMoney(minor as number | string | null | undefined, c?.currency ?? "USD");
  return {
    name: c?.name ?? "", slug: c?.slug ?? "", description: c?.description ?? "", currency: c?.currency ?? "USD",
    startsAt: toLocal(c?.startsAt), endsAt: toLocal(c?.endsAt),
    metric: (c?.objective?.metric as Form["metric"] | undefined) ?? "CONVERSIONS", target: c?.objective ? (c.objective.metric === "REVENUE" ? money(c.objective.target) : String(c.objective.target)) : "", deadline: toLocal(c?.objective?.deadline),
    landingUrl: c?.landingUrl ?? "https://", emailSubject: c?.shareTemplates.emailSubject ?? "", emailBody: c?.shareTemplates.emailBody ?? "",
    socialMessage: c?.shareTemplates.socialMessage ?? "", friendReward: c?.shareTemplates.friendReward ?? "",
    rules: v?.rules.length
      ? v.rules.map((r) => ({ recipient: r.recipient as Rule["recipient"], trigger: r.trigger as Rule["trigger"], kind: r.kind as Rule["kind"], amount: money(r.fixedAmount), holdDays: String(r.holdDays), description: r.description }))
      : [{ recipient: "ADVOCATE", trigger: "FIRST_PURCHASE", kind: "CASH", amount: "10", holdDays: "14", description: "$10 for each friend who buys" }],
    autoApproveMax: v ? money(v.autoApproveMax) : "25", fourEyesAbove: v ? money(v.fourEyesAbove) : "100",
    capCount: v?.advocateCap?.maxCount != null ? String(v.advocateCap.maxCount) : "", capAmount: money(v?.advocateCap?.maxAmount), capPeriod: (v?.advocateCap?.period as Form["capPeriod"] | undefined) ?? "ALL_TIME",
    budget: money(v?.budget), pauseOnBudget: v?.pauseCampaignOnBudget ?? false,
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
  const setProblem = (p: Problem | null) => {
    // The server names the input path (`share.emailBody`, `rules.0.fixedAmount`): the form's
    // fields carry the same names.
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

  const campaignInput = (minor: (field: string, text: string) => number | null) => ({
    name: form.name, slug: form.slug, description: form.description, currency: form.currency,
    startsAt: toIso(form.startsAt), endsAt: toIso(form.endsAt), landingUrl: form.landingUrl,
    objective: form.target ? { metric: form.metric, target: form.metric === "REVENUE" ? minor("objective.target", form.target) : form.target, deadline: toIso(form.deadline) } : null,
    share: { emailSubject: form.emailSubject, emailBody: form.emailBody, socialMessage: form.socialMessage, friendReward: form.friendReward },
  });
  const advance = (message: string) => {
    setProblem(null);
    setSaved(message);
    setStep((s) => Math.min(s + 1, STEPS.length - 1));
  };
  const saveCampaign = (extra: Record<string, unknown>, message: string) => {
    const money = amounts(form.currency);
    const input = campaignInput(money.minor);
    const invalid = money.problem();
    if (invalid) return setProblem(invalid);
    if (id === null) {
      create({
        variables: { input: { ...input, testMode: true } },
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
        variables: { id, input: { ...input, ...extra } },
        onCompleted: (d) => {
          const p = problemOf(d.updateCampaign);
          if (p) setProblem(p);
          else advance(message);
        },
        onError,
      });
    }
  };
  const rulesInput = (campaignId: string, minor: (field: string, text: string) => number | null) => ({
    campaignId,
    rules: form.rules.map((r, i) => ({
      key: `${r.recipient.toLowerCase()}-${i + 1}`, recipient: r.recipient, trigger: r.trigger, kind: r.kind, currency: form.currency,
      fixedAmount: minor(`rules.${i}.fixedAmount`, r.amount), holdDays: Number(r.holdDays || 0), description: r.description,
    })),
    autoApproveMax: minor("autoApproveMax", form.autoApproveMax), fourEyesAbove: minor("fourEyesAbove", form.fourEyesAbove), budget: minor("budget", form.budget),
    advocateCap: form.capCount || form.capAmount ? { period: form.capPeriod, maxCount: form.capCount ? Number(form.capCount) : null, maxAmount: minor("advocateCap.maxAmount", form.capAmount) } : null,
    pauseCampaignOnBudget: form.pauseOnBudget,
  });
  const saveRules = (message: string, after?: () => void) => {
    if (!id) return setProblem({ code: "INVALID_STATE", message: "Save the campaign's basics first." });
    const money = amounts(form.currency);
    const input = rulesInput(id, money.minor);
    const invalid = money.problem();
    if (invalid) return setProblem(invalid);
    setRules({
      variables: { input },
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
            <Field label="Target" name="objective.target" type={form.metric === "REVENUE" ? "text" : "number"} money={form.metric === "REVENUE"} value={form.target} onChange={set("target")} problem={problem} hint={form.metric === "REVENUE" ? `In ${form.currency}.` : undefined} />
            <Field label="Deadline (UTC)" name="objective.deadline" type="datetime-local" value={form.deadline} onChange={set("deadline")} problem={problem} />
          </>
        ) : null}
        {step === 2 ? <Sharing form={form} set={set} problem={problem} /> : null}
        {step === 3 ? <Rules form={form} setForm={setForm} problem={problem} campaignId={id} /> : null}
        {step === 4 ? (
          <>
            <Field label="Most rewards per advocate" name="advocateCap.maxCount" type="number" value={form.capCount} onChange={set("capCount")} problem={problem} />
            <Field label={`Most reward value per advocate (${form.currency})`} name="advocateCap.maxAmount" money value={form.capAmount} onChange={set("capAmount")} problem={problem} />
            <Select label="Cap period" name="advocateCap.period" value={form.capPeriod} options={PERIODS} onChange={set("capPeriod")} />
            <Field label={`Campaign budget (${form.currency})`} name="budget" money value={form.budget} onChange={set("budget")} problem={problem} />
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

