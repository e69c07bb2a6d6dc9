import { useMemo } from "react";
import { useFragment, useLazyLoadQuery, usePaginationFragment } from "react-relay/hooks";
import type { overviewQuery } from "../__generated__/overviewQuery.graphql";
import type { overviewCampaigns_query$key } from "../__generated__/overviewCampaigns_query.graphql";
import type { campaignCard_campaign$key } from "../__generated__/campaignCard_campaign.graphql";
import { CampaignCard, OverviewCampaigns, OverviewQuery } from "../operations/overview";
import { useCan } from "../session";
import { Sparkline, pct, when } from "../ui";
import { humanize, noun } from "../words";

export function lastDays(days: number): { from: string; to: string } {
  const to = new Date();
  to.setUTCHours(24, 0, 0, 0);
  const from = new Date(to.getTime() - days * 86_400_000);
  return { from: from.toISOString(), to: to.toISOString() };
}

export function Overview() {
  const range = useMemo(() => lastDays(30), []);
  const canFraud = useCan("fraud:review");
  const data = useLazyLoadQuery<overviewQuery>(OverviewQuery, { ...range, canFraud }, { fetchPolicy: "store-and-network" });
  const approvals = data.approvals.edges;
  const flagged = data.flagged;
  return (
    <>
      <h1>Overview</h1>
      <section aria-labelledby="needs-title" className="needs">
        <h2 id="needs-title">Needs a human</h2>
        <div className="grid2">
          <div className="card">
            <h3>
              <a href="#/approvals">
                Approvals waiting: {approvals.length}
                {data.approvals.pageInfo.hasNextPage ? "+" : ""}
              </a>
            </h3>
            <ul>
              {approvals.map(({ node }) => (
                <li key={node.id}>
                  {node.value.formatted} · {node.campaign.name} · {node.approvals}/{node.approvalsNeeded} approvals
                </li>
              ))}
            </ul>
          </div>
          {flagged ? (
            <div className="card">
              <h3>
                <a href="#/fraud">
                  Flagged referrals: {flagged.edges.length}
                  {flagged.pageInfo.hasNextPage ? "+" : ""}
                </a>
              </h3>
              <ul>
                {flagged.edges.map(({ node }) => (
                  <li key={node.id}>
                    {node.friendEmail ?? "(no email)"} · risk {node.risk.score} · {node.risk.reviewStatus.toLowerCase()}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      </section>
      <CampaignCards query={data} />
      <section aria-labelledby="ms-title" className="card">
        <h2 id="ms-title">Recent milestones</h2>
        <ul>
          {data.milestones.edges.map(({ node }) => (
            <li key={node.id}>
              {when(node.reachedAt)} · {node.campaign.name}: {node.title}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function CampaignCards({ query }: { query: overviewCampaigns_query$key }) {
  const { data, hasNext, loadNext, isLoadingNext } = usePaginationFragment(OverviewCampaigns, query);
  return (
    <section aria-labelledby="camp-title">
      <h2 id="camp-title">Campaigns</h2>
      <div className="cards">
        {data.campaigns.edges.map(({ node }) => (
          <Card key={node.id} campaign={node} />
        ))}
      </div>
      {hasNext ? (
        <button type="button" disabled={isLoadingNext} onClick={() => loadNext(20)}>
          More campaigns
        </button>
      ) : null}
    </section>
  );
}

function Card({ campaign }: { campaign: campaignCard_campaign$key }) {
  const c = useFragment(CampaignCard, campaign);
  const o = c.objective;
  return (
    <article className="card campaign" aria-labelledby={`c-${c.id}`}>
      <h3 id={`c-${c.id}`}>
        <a href={`#/campaigns/${encodeURIComponent(c.id)}`}>{c.name}</a>{" "}
        <span className={`phase phase-${c.phase.toLowerCase()}`}>{c.phase.toLowerCase()}</span>
        {c.testMode ? <span className="phase phase-test">test mode</span> : null}
      </h3>
      <ol className="funnel" aria-label="Funnel">
        <li>
          <b>{c.stats.clicks}</b> {noun(c.stats.clicks, "click")}
        </li>
        <li>
          <b>{c.stats.signups}</b> {noun(c.stats.signups, "signup")}
        </li>
        <li>
          <b>{c.stats.conversions}</b> {noun(c.stats.conversions, "conversion")} <small>({pct(c.stats.conversionRate)})</small>
        </li>
      </ol>
      <p>Revenue: {c.stats.revenue.length ? c.stats.revenue.map((m) => m.formatted).join(" + ") : "none yet"}</p>
      {o ? (
        <div>
          <label htmlFor={`obj-${c.id}`}>
            Objective: {String(o.progress.current)} / {String(o.target)} {humanize(o.metric).toLowerCase()}
            {o.deadline ? ` by ${when(o.deadline)}` : ""}
          </label>
          <progress id={`obj-${c.id}`} max={1} value={Math.min(1, o.progress.ratio)}>
            {pct(o.progress.ratio)}
          </progress>
        </div>
      ) : (
        <p>No objective set.</p>
      )}
      <Sparkline values={c.trend.map((p) => Number(p.value))} label={`Conversions per day, last 30 days, for ${c.name}`} />
    </article>
  );
}
