import { useDeferredValue, useState } from "react";
import { useLazyLoadQuery, useMutation, usePaginationFragment } from "react-relay/hooks";
import type { campaignsQuery, CampaignStatus } from "../__generated__/campaignsQuery.graphql";
import type { campaignsList_query$key } from "../__generated__/campaignsList_query.graphql";
import type { campaignsLaunchMutation } from "../__generated__/campaignsLaunchMutation.graphql";
import type { campaignsPauseMutation } from "../__generated__/campaignsPauseMutation.graphql";
import type { campaignsEndMutation } from "../__generated__/campaignsEndMutation.graphql";
import type { campaignsArchiveMutation } from "../__generated__/campaignsArchiveMutation.graphql";
import { Archive, CampaignsList, CampaignsQuery, End, Launch, Pause } from "../operations/campaigns";
import { useCan } from "../session";
import { ConfirmButton, problemOf, when, type Problem } from "../ui";
import { Wizard } from "./wizard";
import { humanize } from "../words";

/** When a campaign runs, in words: without a start date it runs from its launch. */
function schedule(startsAt: string | null | undefined, endsAt: string | null | undefined): string {
  if (!startsAt && !endsAt) return "From launch, no end date";
  if (!endsAt) return `From ${when(startsAt)}, no end date`;
  return `${startsAt ? when(startsAt) : "From launch"} – ${when(endsAt)}`;
}

const STATUSES = ["ALL", "DRAFT", "ACTIVE", "PAUSED", "ENDED", "ARCHIVED"] as const;

export function Campaigns({ route }: { route: string[] }) {
  if (route[0] === "new") return <Wizard id={null} />;
  if (route[0]) return <Wizard id={decodeURIComponent(route[0])} />;
  return <CampaignList />;
}

function CampaignList() {
  const [status, setStatus] = useState<(typeof STATUSES)[number]>("ALL");
  const [fetchKey, setFetchKey] = useState(0);
  const shown = useDeferredValue(status);
  const data = useLazyLoadQuery<campaignsQuery>(
    CampaignsQuery,
    { status: shown === "ALL" ? null : (shown as CampaignStatus) },
    { fetchPolicy: "store-and-network", fetchKey },
  );
  const canWrite = useCan("campaigns:write");
  return (
    <>
      <h1>Campaigns</h1>
      <div className="toolbar">
        <label htmlFor="status-filter">Status</label>
        <select id="status-filter" value={status} onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
        {canWrite ? (
          <a className="button primary" href="#/campaigns/new">
            Create campaign
          </a>
        ) : null}
      </div>
      <Table query={data} canWrite={canWrite} changed={() => setFetchKey((k) => k + 1)} />
    </>
  );
}

function Table({ query, canWrite, changed }: { query: campaignsList_query$key; canWrite: boolean; changed: () => void }) {
  const { data, hasNext, loadNext, isLoadingNext } = usePaginationFragment(CampaignsList, query);
  return (
    <>
      <table>
        <caption className="sr-only">Campaigns</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Phase</th>
            <th scope="col">Schedule</th>
            <th scope="col">Clicks → signups → conversions</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {data.campaigns.edges.map(({ node: c }) => (
            <tr key={c.id}>
              <td>
                <a href={`#/campaigns/${encodeURIComponent(c.id)}`}>{c.name}</a>
                <br />
                <small>{c.slug}</small>
              </td>
              <td>
                {c.phase.toLowerCase()}
                {c.testMode ? " (test mode)" : ""}
              </td>
              <td>
                {schedule(c.startsAt, c.endsAt)}
              </td>
              <td>
                {c.stats.clicks} → {c.stats.signups} → {c.stats.conversions}
              </td>
              <td>
                <a href={`#/analytics/${encodeURIComponent(c.id)}`}>Analytics</a>{" "}
                {canWrite ? <a href={`#/rehearse/${encodeURIComponent(c.id)}`}>Rehearse</a> : null}{" "}
                {canWrite ? <Lifecycle id={c.id} name={c.name} status={c.status} changed={changed} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasNext ? (
        <button type="button" disabled={isLoadingNext} onClick={() => loadNext(20)}>
          More campaigns
        </button>
      ) : null}
    </>
  );
}

/** Launch / pause / resume / end / archive, each behind a confirmation. Archiving (a draft
 * never launched, or an ended campaign) is final: it leaves the default lists. */
export function Lifecycle({ id, name, status, changed }: { id: string; name: string; status: string; changed: () => void }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [launch] = useMutation<campaignsLaunchMutation>(Launch);
  const [pause] = useMutation<campaignsPauseMutation>(Pause);
  const [end] = useMutation<campaignsEndMutation>(End);
  const [archive] = useMutation<campaignsArchiveMutation>(Archive);
  const done = (result: Parameters<typeof problemOf>[0]) => {
    const p = problemOf(result);
    setProblem(p);
    if (!p) changed();
  };
  const onError = (err: Error) => setProblem({ code: "NETWORK", message: err.message });
  return (
    <span className="lifecycle">
      {status === "DRAFT" || status === "PAUSED" ? (
        <ConfirmButton
          label={status === "DRAFT" ? "Launch" : "Resume"}
          question={`${status === "DRAFT" ? "Launch" : "Resume"} ${name}?`}
          onConfirm={() => launch({ variables: { id, acknowledge: null }, onCompleted: (d) => done(d.launchCampaign), onError })}
        />
      ) : null}
      {status === "ACTIVE" ? (
        <ConfirmButton label="Pause" question={`Pause ${name}?`} onConfirm={() => pause({ variables: { id }, onCompleted: (d) => done(d.pauseCampaign), onError })} />
      ) : null}
      {status === "ACTIVE" || status === "PAUSED" ? (
        <ConfirmButton label="End" danger question={`End ${name} for good?`} onConfirm={() => end({ variables: { id }, onCompleted: (d) => done(d.endCampaign), onError })} />
      ) : null}
      {status === "DRAFT" || status === "ENDED" ? (
        <ConfirmButton label="Archive" danger question={`Archive ${name}? This cannot be undone.`} onConfirm={() => archive({ variables: { id }, onCompleted: (d) => done(d.archiveCampaign), onError })} />
      ) : null}
      {problem ? (
        <span className="error" role="alert">
          {problem.message}
          {problem.field === "acknowledge" ? (
            <>
              {" "}
              <a href={`#/rehearse/${encodeURIComponent(id)}`}>Review the preflight</a>
            </>
          ) : null}
        </span>
      ) : null}
    </span>
  );
}
