import { StrictMode, Suspense, lazy, useEffect, useState, type ComponentType } from "react";
import { SessionContext, type Session } from "./session";
import { createRoot } from "react-dom/client";
import { RelayEnvironmentProvider, useLazyLoadQuery } from "react-relay/hooks";
import type { appViewerQuery } from "./__generated__/appViewerQuery.graphql";
import { AppViewerQuery } from "./operations/app";
import { createEnvironment } from "./relay";
import { ErrorBoundary, Loading } from "./ui";
import { SignIn, Account } from "./screens/account";
import "./style.css";

/** Each screen is its own chunk (esbuild splitting), loaded when first shown; the current
 * route's chunk starts loading at boot, alongside the viewer query. */
const LOADERS = {
  overview: () => import("./screens/overview"),
  campaigns: () => import("./screens/campaigns"),
  approvals: () => import("./screens/approvals"),
  fraud: () => import("./screens/fraud"),
  rehearse: () => import("./screens/rehearse"),
  analytics: () => import("./screens/analytics"),
  settings: () => import("./screens/settings"),
  webhooks: () => import("./screens/webhooks"),
  blocklist: () => import("./screens/blocklist"),
  payouts: () => import("./screens/payouts"),
  audit: () => import("./screens/audit"),
};
type Loader = keyof typeof LOADERS;

const RELOADED = "vouch-dashboard-reloaded";

function screen<K extends Loader, P>(chunk: K, pick: (m: Awaited<ReturnType<(typeof LOADERS)[K]>>) => ComponentType<P>) {
  return lazy(async () => {
    try {
      const module = (await LOADERS[chunk]()) as Awaited<ReturnType<(typeof LOADERS)[K]>>;
      sessionStorage.removeItem(RELOADED);
      return { default: pick(module) };
    } catch (error) {
      // An upgrade replaced the chunks this (older) shell names: load the new shell, once;
      // a second failure is shown by the error boundary.
      if (sessionStorage.getItem(RELOADED)) throw error;
      sessionStorage.setItem(RELOADED, "1");
      window.location.reload();
      return new Promise<never>(() => undefined);
    }
  });
}

const Overview = screen("overview", (m) => m.Overview);
const Campaigns = screen("campaigns", (m) => m.Campaigns);
const Approvals = screen("approvals", (m) => m.Approvals);
const FraudReview = screen("fraud", (m) => m.FraudReview);
const Rehearse = screen("rehearse", (m) => m.Rehearse);
const Analytics = screen("analytics", (m) => m.Analytics);
const AdvocateView = screen("analytics", (m) => m.AdvocateView);
const Settings = screen("settings", (m) => m.Settings);
const Webhooks = screen("webhooks", (m) => m.Webhooks);
const Blocklist = screen("blocklist", (m) => m.Blocklist);
const Payouts = screen("payouts", (m) => m.Payouts);
const Audit = screen("audit", (m) => m.Audit);

const CHUNK_OF: Record<string, Loader> = { "": "overview", advocate: "analytics" };
const first = window.location.hash.replace(/^#\/?/, "").split("/")[0] ?? "";
const prefetch = CHUNK_OF[first] ?? (first in LOADERS ? (first as Loader) : "overview");
void LOADERS[prefetch]().catch(() => undefined); // the lazy() import reports a failure itself

function useRoute(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

const SCREENS = [
  ["", "Overview", "campaigns:read"],
  ["campaigns", "Campaigns", "campaigns:read"],
  ["approvals", "Approvals", "rewards:read"],
  ["payouts", "Payouts", "rewards:approve"],
  ["fraud", "Fraud review", "fraud:review"],
  ["analytics", "Analytics", "analytics:read"],
  ["webhooks", "Webhooks", "webhooks:manage"],
  ["blocklist", "Blocklist", "fraud:review"],
  ["audit", "Audit log", "audit:read"],
  ["settings", "Settings", "self"],
] as const;

function Shell({ onSignedOut, onSignedIn }: { onSignedOut: () => void; onSignedIn: () => void }) {
  const data = useLazyLoadQuery<appViewerQuery>(AppViewerQuery, {}, { fetchPolicy: "network-only" });
  const route = useRoute();
  const user = data.me.user;
  if (!user) return <SignIn onSignedIn={onSignedIn} />;
  const permissions = new Set(data.me.permissions);
  const [screen = "", ...rest] = route;
  const session: Session = { permissions, signedOut: onSignedOut, refresh: onSignedIn };
  let body;
  switch (screen) {
    case "campaigns":
      body = <Campaigns route={rest} />;
      break;
    case "rehearse":
      body = <Rehearse id={rest[0] ?? ""} />;
      break;
    case "advocate":
      body = <AdvocateView id={rest[0] ?? ""} />;
      break;
    case "approvals":
      body = <Approvals />;
      break;
    case "fraud":
      body = <FraudReview />;
      break;
    case "analytics":
      body = <Analytics id={rest[0] ?? null} />;
      break;
    case "settings":
      body = <Settings user={user} />;
      break;
    case "webhooks":
      body = <Webhooks />;
      break;
    case "blocklist":
      body = <Blocklist />;
      break;
    case "payouts":
      body = <Payouts />;
      break;
    case "audit":
      body = <Audit />;
      break;
    default:
      body = <Overview />;
  }
  return (
    <SessionContext.Provider value={session}>
      <header className="top">
        <a className="brand" href="#/">
          Vouch
        </a>
        <nav aria-label="Main">
          <ul>
            {SCREENS.filter(([, , need]) => permissions.has(need)).map(([path, label]) => (
              <li key={path}>
                <a href={`#/${path}`} aria-current={screen === path ? "page" : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <Account user={user} />
      </header>
      <main id="main">
        <ErrorBoundary key={screen}>
          <Suspense fallback={<Loading />}>{body}</Suspense>
        </ErrorBoundary>
      </main>
    </SessionContext.Provider>
  );
}

function App() {
  // A new store per session: nothing one person saw stays cached for the next.
  const [environment, setEnvironment] = useState(createEnvironment);
  const reset = () => setEnvironment(createEnvironment());
  return (
    <RelayEnvironmentProvider environment={environment}>
      <ErrorBoundary>
        <Suspense fallback={<Loading />}>
          <Shell onSignedIn={reset} onSignedOut={reset} />
        </Suspense>
      </ErrorBoundary>
    </RelayEnvironmentProvider>
  );
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
