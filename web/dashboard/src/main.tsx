import { StrictMode, Suspense, useEffect, useState } from "react";
import { SessionContext, type Session } from "./session";
import { createRoot } from "react-dom/client";
import { RelayEnvironmentProvider, useLazyLoadQuery } from "react-relay/hooks";
import type { appViewerQuery } from "./__generated__/appViewerQuery.graphql";
import { AppViewerQuery } from "./operations/app";
import { createEnvironment } from "./relay";
import { ErrorBoundary, Loading } from "./ui";
import { SignIn, Account } from "./screens/account";
import { Overview } from "./screens/overview";
import { Campaigns } from "./screens/campaigns";
import { Approvals } from "./screens/approvals";
import { FraudReview } from "./screens/fraud";
import { Rehearse } from "./screens/rehearse";
import { Analytics, AdvocateView } from "./screens/analytics";
import { Settings } from "./screens/settings";
import "./style.css";

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
  ["fraud", "Fraud review", "fraud:review"],
  ["analytics", "Analytics", "analytics:read"],
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
