import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useLazyLoadQuery } from "react-relay/hooks";
import uPlot from "uplot";
import type { analyticsQuery, Interval, Metric } from "../__generated__/analyticsQuery.graphql";
import type { analyticsCampaignsQuery } from "../__generated__/analyticsCampaignsQuery.graphql";
import { AdvocateQuery, AnalyticsCampaigns, AnalyticsQuery } from "../operations/analytics";
import type { analyticsAdvocateQuery } from "../__generated__/analyticsAdvocateQuery.graphql";
import { Select, pct, when } from "../ui";
import { humanize, noun } from "../words";
import { exponent, formatMoney } from "../money";
import { lastDays } from "./overview";
import { ExportAdvocatesButton } from "./exportAdvocates";
import { saveFile, toCsv } from "../csv";

const METRICS = ["CONVERSIONS", "SIGNUPS", "CLICKS", "REFERRALS", "UNIQUE_VISITORS", "REVENUE"] as const;
const INTERVALS = ["DAY", "WEEK", "MONTH"] as const;
const SPAN: Record<(typeof INTERVALS)[number], number> = { DAY: 30, WEEK: 7 * 26, MONTH: 365 };

export function Analytics({ id }: { id: string | null }) {
  if (id) return <CampaignAnalytics id={decodeURIComponent(id)} />;
  return <Pick />;
}

function Pick() {
  const data = useLazyLoadQuery<analyticsCampaignsQuery>(AnalyticsCampaigns, {});
  return (
    <>
      <h1>Analytics</h1>
      <ul>
        {data.campaigns.edges.map(({ node }) => (
          <li key={node.id}>
            <a href={`#/analytics/${encodeURIComponent(node.id)}`}>{node.name}</a> ({node.phase.toLowerCase()})
          </li>
        ))}
      </ul>
    </>
  );
}

function download(name: string, rows: (string | number)[][]) {
  saveFile(name, toCsv(rows));
}

function CampaignAnalytics({ id }: { id: string }) {
  const [metric, setMetric] = useState<Metric>("CONVERSIONS");
  const [interval, setInterval] = useState<Interval>("DAY");
  const chosen = { metric: useDeferredValue(metric), interval: useDeferredValue(interval) };
  const range = useMemo(() => lastDays(SPAN[chosen.interval as (typeof INTERVALS)[number]] ?? 30), [chosen.interval]);
  const data = useLazyLoadQuery<analyticsQuery>(AnalyticsQuery, { id, metric: chosen.metric, interval: chosen.interval, ...range }, { fetchPolicy: "store-and-network" });
  const c = data.campaign;
  if (!c) return <p role="alert">No such campaign.</p>;
  const s = c.stats;
  // Revenue comes in the campaign currency's minor units: shown (and exported) in major units,
  // exactly (formatMoney), and charted as their number.
  const money = chosen.metric === "REVENUE";
  const digits = money ? exponent(c.currency) : 0;
  const shown = (value: string | number) => (money ? formatMoney(value, c.currency) : String(value));
  const series = c.timeseries.map((p) => [p.start, Number(shown(p.value))] as const);
  const rows = c.timeseries.map((p) => [p.start, shown(p.value)] as const);
  const what = `${humanize(chosen.metric).toLowerCase()}${money ? ` (${c.currency})` : ""}`;
  const csv = () =>
    download(`${c.name}-${chosen.metric.toLowerCase()}-${chosen.interval.toLowerCase()}.csv`, [
      ["period_start", money ? `revenue_${c.currency.toLowerCase()}` : chosen.metric.toLowerCase()],
      ...rows.map(([d, v]) => [d, v]),
      [],
      ["funnel", "count"],
      ["clicks", s.clicks], ["unique_visitors", s.uniqueVisitors], ["referrals", s.referrals], ["signups", s.signups], ["conversions", s.conversions],
      [],
      ["rank", "advocate", "successful_referrals", "revenue"],
      ...c.leaderboard.map((l) => [l.rank, l.displayName, l.successfulReferrals, l.revenue.formatted]),
    ]);
  return (
    <>
      <h1>Analytics: {c.name}</h1>
      <div className="toolbar">
        <Select label="Metric" name="metric" value={metric} options={METRICS} onChange={setMetric} />
        <Select label="Interval" name="interval" value={interval} options={INTERVALS} onChange={setInterval} />
        <button type="button" onClick={csv}>
          Download CSV
        </button>
        <ExportAdvocatesButton campaignId={c.id} />
      </div>
      <section className="card" aria-labelledby="ts-title">
        <h2 id="ts-title">
          {what} per {chosen.interval.toLowerCase()}
        </h2>
        <Chart points={series} label={what} digits={digits} />
        <table className="sr-only">
          <caption>Chart data</caption>
          <tbody>
            {rows.map(([d, v]) => (
              <tr key={d}>
                <th scope="row">{d}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="fn-title">
        <h2 id="fn-title">Funnel</h2>
        <ol className="funnel">
          <li><b>{s.clicks}</b> {noun(s.clicks, "click")} ({s.uniqueVisitors} unique)</li>
          <li><b>{s.referrals}</b> {noun(s.referrals, "referral")}</li>
          <li><b>{s.signups}</b> {noun(s.signups, "signup")}</li>
          <li><b>{s.conversions}</b> {noun(s.conversions, "conversion")} ({pct(s.conversionRate)})</li>
        </ol>
        <p>Revenue: {s.revenue.map((m) => m.formatted).join(" + ") || "none"}</p>
      </section>
      <section className="card" aria-labelledby="lb-title">
        <h2 id="lb-title">Leaderboard</h2>
        <table>
          <thead>
            <tr><th scope="col">Rank</th><th scope="col">Advocate</th><th scope="col">Successful referrals</th><th scope="col">Revenue</th></tr>
          </thead>
          <tbody>
            {c.leaderboard.map((l) => (
              <tr key={l.advocate.id}><td>{l.rank}</td><td><a href={`#/advocate/${encodeURIComponent(l.advocate.id)}`}>{l.displayName}</a></td><td>{l.successfulReferrals}</td><td>{l.revenue.formatted}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

// Steps of the value axis: whole numbers for counts (no "0.2 conversions"), cents and up for money.
const STEPS = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8].map((p) => m * p)).sort((a, b) => a - b);

function Chart({ points, label, digits }: { points: readonly (readonly [string, number])[]; label: string; digits: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = points.map(([d]) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const ys = points.map(([, v]) => v);
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 240,
        series: [{}, { label, stroke: "#1d4ed8", width: 2, fill: "rgba(29,78,216,0.08)" }],
        axes: [{}, { incrs: STEPS.map((step) => step / 10 ** digits), values: (_u, ticks) => ticks.map((v) => v.toFixed(digits)) }],
        legend: { show: false },
      },
      [xs, ys],
      el,
    );
    return () => plot.destroy();
  }, [points, label, digits]);
  return <div ref={box} className="chart" role="img" aria-label={`${label} chart`} />;
}

const EARNINGS = [
  ["pending", "Pending (on hold or awaiting approval)"],
  ["approved", "Approved, to be paid"],
  ["paid", "Paid out"],
] as const;

/** Drill-down: one advocate's earnings, links, newest rewards and ledger. */
export function AdvocateView({ id }: { id: string }) {
  const data = useLazyLoadQuery<analyticsAdvocateQuery>(AdvocateQuery, { id: decodeURIComponent(id) });
  const a = data.advocate;
  if (!a) return <p role="alert">No such advocate.</p>;
  const rewards = [...data.rewards.edges].reverse(); // newest first
  return (
    <>
      <h1>{a.name}</h1>
      <p>
        {a.email} · joined {when(a.createdAt)}
      </p>
      <section className="card" aria-labelledby="earnings-title">
        <h2 id="earnings-title">Earnings</h2>
        <dl className="stats">
          {EARNINGS.map(([key, label]) => (
            <div key={key}>
              <dt>{label}</dt>
              <dd data-earnings={key}>{a.earnings[key].map((m) => m.formatted).join(" + ") || "—"}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card" aria-labelledby="links-title">
        <h2 id="links-title">Links</h2>
        <ul>
          {a.links.edges.map(({ node: l }) => (
            <li key={l.id}>
              {l.campaign.name}: <code>{l.code}</code> {l.shareUrl} ({l.status.toLowerCase()})
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="rewards-title">
        <h2 id="rewards-title">Rewards</h2>
        {rewards.length ? (
          <table>
            <thead>
              <tr><th scope="col">When</th><th scope="col">Campaign</th><th scope="col">For</th><th scope="col">Status</th><th scope="col">Amount</th></tr>
            </thead>
            <tbody>
              {rewards.map(({ node: r }) => (
                <tr key={r.id}><td>{when(r.createdAt)}</td><td>{r.campaign.name}</td><td>{r.description}</td><td>{humanize(r.status)}{r.test ? " (test)" : ""}</td><td>{r.value.formatted}</td></tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No rewards yet.</p>
        )}
      </section>
      <section className="card" aria-labelledby="ledger-title">
        <h2 id="ledger-title">Ledger</h2>
        <table>
          <thead>
            <tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">Amount</th></tr>
          </thead>
          <tbody>
            {a.ledger.edges.map(({ node: e }) => (
              <tr key={e.id}><td>{when(e.createdAt)}</td><td>{humanize(e.kind).toLowerCase()}{e.test ? " (test)" : ""}</td><td>{e.amount.formatted}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
