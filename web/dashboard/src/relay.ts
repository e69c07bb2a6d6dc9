import { Environment, Network, RecordSource, Store, type FetchFunction } from "relay-runtime";

/** The readable half of the double-submit pair; the session itself is an HttpOnly cookie. */
export function csrfToken(): string {
  const match = /(?:^|;\s*)vouch_csrf=([^;]*)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : "";
}

const fetchGraphQL: FetchFunction = async (params, variables) => {
  const response = await fetch("/graphql", {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      "x-vouch-session": "cookie",
      "x-csrf-token": csrfToken(),
    },
    body: JSON.stringify({ query: params.text, variables }),
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok && (body === null || typeof body !== "object" || !("data" in body))) {
    const message =
      body !== null && typeof body === "object" && "errors" in body && Array.isArray(body.errors)
        ? String((body.errors[0] as { message?: unknown } | undefined)?.message ?? response.statusText)
        : response.statusText;
    throw new Error(message);
  }
  return body as never;
};

export function createEnvironment(): Environment {
  return new Environment({ network: Network.create(fetchGraphQL), store: new Store(new RecordSource()) });
}
