import { useState } from "react";
import { fetchQuery, useLazyLoadQuery, useRelayEnvironment } from "react-relay/hooks";
import type { campaignsEditQuery, campaignsEditQuery$data } from "../__generated__/campaignsEditQuery.graphql";
import type { FraudMode } from "../__generated__/campaignsFraudRulesMutation.graphql";
import type { campaignsPreviewQuery, campaignsPreviewQuery$data } from "../__generated__/campaignsPreviewQuery.graphql";
import { CampaignEditQuery, PreviewReward } from "../operations/campaigns";
import { formatMoney, parseMoney } from "../money";
import { Field, FieldError, Select, type Problem } from "../ui";

/** The wizard's parts: its form model and the steps with more than a few fields. */
export const STEPS = ["Basics & schedule", "Objective", "Landing & sharing", "Reward rules", "Caps & budget", "Fraud rules", "Slack"] as const;
export const METRICS = ["CONVERSIONS", "REFERRALS", "REVENUE"] as const;
const RECIPIENTS = ["ADVOCATE", "FRIEND"] as const;
const TRIGGERS = ["FIRST_PURCHASE", "EVERY_PURCHASE", "SIGNUP"] as const;
const KINDS = ["CASH", "CREDIT", "DISCOUNT", "POINTS", "CUSTOM"] as const;
const MODES = ["OFF", "SHADOW", "FLAG", "BLOCK"] as const;
export const PERIODS = ["ALL_TIME", "MONTH", "WEEK", "DAY"] as const;

export type Campaign = NonNullable<campaignsEditQuery$data["campaign"]>;
export type Rule = { recipient: (typeof RECIPIENTS)[number]; trigger: (typeof TRIGGERS)[number]; kind: (typeof KINDS)[number]; amount: string; holdDays: string; description: string };
export type Form = {
  name: string; slug: string; description: string; currency: string; startsAt: string; endsAt: string;
  metric: (typeof METRICS)[number]; target: string; deadline: string;
  landingUrl: string; emailSubject: string; emailBody: string; socialMessage: string; friendReward: string;
  rules: Rule[]; autoApproveMax: string; fourEyesAbove: string;
  capCount: string; capAmount: string; capPeriod: (typeof PERIODS)[number]; budget: string; pauseOnBudget: boolean;
  fraud: Record<string, FraudMode>; slackChannel: string;
};

export const toLocal = (iso: string | null | undefined): string => (iso ? iso.slice(0, 16) : "");
export const toIso = (local: string): string | null => (local ? new Date(`${local}:00Z`).toISOString() : null);

export function Sharing({ form, set, problem }: { form: Form; set: <K extends keyof Form>(k: K) => (v: Form[K]) => void; problem: Problem | null }) {
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
        <Field label="Email subject" name="share.emailSubject" value={form.emailSubject} onChange={set("emailSubject")} problem={problem} />
        <Field label="Email body" name="share.emailBody" value={form.emailBody} onChange={set("emailBody")} problem={problem} multiline hint="Placeholders: {advocate_name} {share_url} {friend_reward} {code}" />
        <Field label="Social message" name="share.socialMessage" value={form.socialMessage} onChange={set("socialMessage")} problem={problem} multiline />
        <Field label="What the friend gets" name="share.friendReward" value={form.friendReward} onChange={set("friendReward")} problem={problem} />
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

export function Rules({ form, setForm, problem, campaignId }: { form: Form; setForm: (f: (f: Form) => Form) => void; problem: Problem | null; campaignId: string | null }) {
  const edit = (i: number, patch: Partial<Rule>) => setForm((f) => ({ ...f, rules: f.rules.map((r, j) => (i === j ? { ...r, ...patch } : r)) }));
  return (
    <>
      {form.rules.map((r, i) => (
        <fieldset key={i}>
          <legend>Rule {i + 1}</legend>
          <Select label="Who is rewarded" name={`rules.${i}.recipient`} value={r.recipient} options={RECIPIENTS} onChange={(v) => edit(i, { recipient: v })} />
          <Select label="When" name={`rules.${i}.trigger`} value={r.trigger} options={TRIGGERS} onChange={(v) => edit(i, { trigger: v })} />
          <Select label="Kind" name={`rules.${i}.kind`} value={r.kind} options={KINDS} onChange={(v) => edit(i, { kind: v })} />
          <Field label={`Amount (${form.currency})`} name={`rules.${i}.fixedAmount`} money value={r.amount} onChange={(v) => edit(i, { amount: v })} problem={problem} />
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
      <Field label={`Approve automatically up to (${form.currency})`} name="autoApproveMax" money value={form.autoApproveMax} onChange={(v) => setForm((f) => ({ ...f, autoApproveMax: v }))} problem={problem} />
      <Field label={`Two approvers above (${form.currency})`} name="fourEyesAbove" money value={form.fourEyesAbove} onChange={(v) => setForm((f) => ({ ...f, fourEyesAbove: v }))} problem={problem} />
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
    const amount = parseMoney(order, currency);
    if (!amount.ok) return setProblem({ code: "INVALID_INPUT", message: amount.message, field: "orderAmount" });
    fetchQuery<campaignsPreviewQuery>(environment, PreviewReward, {
      campaignId,
      scenario: { advocateEmail: "ada@example.com", friendEmail: "friend@example.org", orderAmount: amount.minor ?? 0, currency },
    }).subscribe({ next: (d) => { setResult(d.previewReward); setProblem(null); }, error: (e: Error) => setProblem({ code: "NETWORK", message: e.message }) });
  };
  return (
    <section className="example" aria-labelledby="ex-title">
      <h3 id="ex-title">Worked example (saved rules)</h3>
      <Field label={`A friend's first order (${currency})`} name="orderAmount" money value={order} onChange={setOrder} problem={problem} />
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

export function FraudStep({ id, fraud, onChange }: { id: string; fraud: Record<string, FraudMode>; onChange: (rule: string, mode: FraudMode) => void }) {
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
export function Versions({ campaign }: { campaign: Campaign }) {
  const versions = [...campaign.rewardRuleVersions].sort((a, b) => a.version - b.version).slice(-3);
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
                  {r.recipient.toLowerCase()} · {r.trigger.toLowerCase().replaceAll("_", " ")} · {r.kind.toLowerCase()} {formatMoney(r.fixedAmount, campaign.currency)}
                  {r.percentBps != null ? ` ${r.percentBps / 100}%` : ""} · hold {r.holdDays}d
                </li>
              ))}
            </ul>
            <p>
              Auto-approve ≤ {formatMoney(v.autoApproveMax, campaign.currency) || "—"}, two approvers &gt; {formatMoney(v.fourEyesAbove, campaign.currency) || "—"}, budget {formatMoney(v.budget, campaign.currency) || "none"} {campaign.currency}
            </p>
          </div>
        ))}
      </div>
    </section>
  );
}
