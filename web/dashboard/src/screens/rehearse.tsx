import { useState } from "react";
import { useLazyLoadQuery, useMutation } from "react-relay/hooks";
import type { rehearseQuery, PreflightFindingCode } from "../__generated__/rehearseQuery.graphql";
import type { rehearseAdvanceMutation } from "../__generated__/rehearseAdvanceMutation.graphql";
import type { rehearseResetMutation } from "../__generated__/rehearseResetMutation.graphql";
import type { rehearseGoLiveMutation } from "../__generated__/rehearseGoLiveMutation.graphql";
import type { campaignsUpdateMutation } from "../__generated__/campaignsUpdateMutation.graphql";
import { AdvanceClock, GoLive, RehearseQuery, ResetTestData } from "../operations/rehearse";
import { Launch, UpdateCampaign } from "../operations/campaigns";
import type { campaignsLaunchMutation } from "../__generated__/campaignsLaunchMutation.graphql";
import { useCan } from "../session";
import { ConfirmButton, Field, FieldError, problemOf, when, type Problem } from "../ui";

export function Rehearse({ id }: { id: string }) {
  const [fetchKey, setFetchKey] = useState(0);
  const data = useLazyLoadQuery<rehearseQuery>(RehearseQuery, { id: decodeURIComponent(id) }, { fetchPolicy: "network-only", fetchKey });
  const canWrite = useCan("campaigns:write");
  const canReset = useCan("test-data:reset");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [hours, setHours] = useState("24");
  const [reset, setReset] = useState(true);
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<PreflightFindingCode>>(new Set());
  const [advance] = useMutation<rehearseAdvanceMutation>(AdvanceClock);
  const [wipe] = useMutation<rehearseResetMutation>(ResetTestData);
  const [goLive] = useMutation<rehearseGoLiveMutation>(GoLive);
  const [update] = useMutation<campaignsUpdateMutation>(UpdateCampaign);
  const [launch] = useMutation<campaignsLaunchMutation>(Launch);
  const c = data.campaign;
  if (!c) return <p role="alert">No such campaign.</p>;
  const findings = data.campaignPreflight.findings;
  const onError = (err: Error) => setProblem({ code: "NETWORK", message: err.message });
  const then = (message: string) => (r: Parameters<typeof problemOf>[0]) => {
    const p = problemOf(r);
    setProblem(p);
    if (!p) {
      setNotice(message);
      setFetchKey((k) => k + 1);
    }
  };
  return (
    <>
      <h1>Rehearse {c.name}</h1>
      <p>
        Phase: <b>{c.phase.toLowerCase()}</b> · {c.testMode ? "test mode: its data never mixes with live numbers" : "live mode"} · funnel {c.stats.clicks} → {c.stats.signups} → {c.stats.conversions}
      </p>
      <FieldError problem={problem} />
      {notice ? <p role="status">{notice}</p> : null}
      {canWrite ? (
        <section className="card" aria-labelledby="tm-title">
          <h2 id="tm-title">Test mode</h2>
          <button type="button" onClick={() => update({ variables: { id: c.id, input: { testMode: !c.testMode } }, onCompleted: (d) => then(c.testMode ? "Test mode off." : "Test mode on.")(d.updateCampaign), onError })}>
            {c.testMode ? "Turn test mode off" : "Turn test mode on"}
          </button>
          <FieldError problem={problem} field="testMode" />
        </section>
      ) : null}
      {c.testMode ? (
        <section className="card" aria-labelledby="clock-title">
          <h2 id="clock-title">Test clock</h2>
          <p>
            The campaign's test clock reads <b>{when(c.testClock)}</b>. Advancing it releases rewards whose hold has ended.
          </p>
          {canWrite ? (
            <>
              <Field label="Hours to advance" name="hours" type="number" value={hours} onChange={setHours} problem={problem} />
              <button type="button" onClick={() => advance({ variables: { id: c.id, hours: Number(hours) }, onCompleted: (d) => then(d.advanceTestClock.__typename === "TestClockAdvanced" ? `Clock advanced; ${d.advanceTestClock.holdsReleased} hold(s) released.` : "")(d.advanceTestClock), onError })}>
                Advance the clock
              </button>
            </>
          ) : null}
        </section>
      ) : null}
      <section className="card" aria-labelledby="pf-title">
        <h2 id="pf-title">Launch preflight</h2>
        <p>Simulated at {when(data.campaignPreflight.simulatedAt)}.</p>
        {findings.length === 0 ? <p>No findings: the journeys credit and pay the right people.</p> : null}
        <ul className="findings">
          {findings.map((f, i) => (
            <li key={i} className={`sev-${f.severity.toLowerCase()}`}>
              <b>{f.severity.toLowerCase()}</b> {f.code.toLowerCase().replaceAll("_", " ")}: {f.message}
              {f.severity === "WARNING" && canWrite ? (
                <span className="check">
                  <input id={`ack-${i}`} type="checkbox" checked={acknowledged.has(f.code)} onChange={() => setAcknowledged((s) => { const n = new Set(s); if (n.has(f.code)) n.delete(f.code); else n.add(f.code); return n; })} />
                  <label htmlFor={`ack-${i}`}>I accept this</label>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {canWrite && (c.status === "DRAFT" || c.status === "PAUSED") ? (
        <section className="card" aria-labelledby="launch-title">
          <h2 id="launch-title">{c.status === "DRAFT" ? "Launch" : "Resume"}</h2>
          <p>{c.testMode ? "Launching in test mode starts the rehearsal: links work, and nothing counts or pays out for real." : "The campaign starts taking real traffic."}</p>
          <FieldError problem={problem} field="acknowledge" />
          <ConfirmButton label={c.status === "DRAFT" ? "Launch" : "Resume"} question={`${c.status === "DRAFT" ? "Launch" : "Resume"} ${c.name}${c.testMode ? " in test mode" : ""}?`} onConfirm={() => launch({ variables: { id: c.id, acknowledge: [...acknowledged] }, onCompleted: (d) => then(`${c.name} launched${c.testMode ? " in test mode" : ""}.`)(d.launchCampaign), onError })} />
        </section>
      ) : null}
      {c.testMode && canWrite ? (
        <section className="card" aria-labelledby="gl-title">
          <h2 id="gl-title">Reset and go live</h2>
          {canReset ? <ConfirmButton label="Reset test data" danger question="Delete every test referral, conversion and reward of this campaign?" onConfirm={() => wipe({ variables: { id: c.id }, onCompleted: (d) => then(d.resetTestData.__typename === "TestDataReset" ? `Deleted ${d.resetTestData.deleted.map((x) => `${x.count} ${x.kind}`).join(", ") || "nothing"}.` : "")(d.resetTestData), onError })} /> : null}
          <div className="field check">
            <input id="f-reset" type="checkbox" checked={reset} onChange={(e) => setReset(e.target.checked)} />
            <label htmlFor="f-reset">Delete the test data when going live</label>
          </div>
          <FieldError problem={problem} field="resetTestData" />
          <FieldError problem={problem} field="acknowledge" />
          <ConfirmButton label="Go live" question={`Take ${c.name} live now?`} onConfirm={() => goLive({ variables: { id: c.id, reset, acknowledge: [...acknowledged] }, onCompleted: (d) => then(`${c.name} is live.`)(d.goLive), onError })} />
        </section>
      ) : null}
      <p>
        <a href={`#/campaigns/${encodeURIComponent(c.id)}`}>Edit the campaign</a> · <a href={`#/analytics/${encodeURIComponent(c.id)}`}>Analytics</a>
      </p>
    </>
  );
}
