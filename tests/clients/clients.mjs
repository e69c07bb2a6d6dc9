// Off-the-shelf GraphQL clients against a running Vouch server: Apollo Client (HTTP, its
// normalised cache) and graphql-ws (through Apollo's GraphQLWsLink), as a shop's engineer or a
// dashboard would wire them. Each step checks what the client made of the answer.
//
//   VOUCH_ADMIN_EMAIL=... VOUCH_ADMIN_PASSWORD=... node clients.mjs http://127.0.0.1:PORT/graphql
//
// Exits 1 on the first step that fails, with what the client saw.
import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  HttpLink,
  InMemoryCache,
  gql,
} from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const url = process.argv[2];
const email = process.env.VOUCH_ADMIN_EMAIL;
const password = process.env.VOUCH_ADMIN_PASSWORD;
if (!url || !email || !password) {
  console.error('usage: VOUCH_ADMIN_EMAIL=.. VOUCH_ADMIN_PASSWORD=.. node clients.mjs URL');
  process.exit(2);
}
const run = `c${Date.now().toString(36)}`;
let failures = 0;
let token = '';

function check(ok, step, seen) {
  if (ok) {
    console.log(`ok    ${step}`);
    return;
  }
  failures += 1;
  console.log(`FAIL  ${step}: ${JSON.stringify(seen)?.slice(0, 600)}`);
}

const http = new HttpLink({
  uri: url,
  fetch: (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  },
});
const wsClient = createClient({
  url: url.replace(/^http/, 'ws'),
  webSocketImpl: WebSocket,
  connectionParams: () => ({ authorization: `Bearer ${token}` }),
  lazy: true,
  retryAttempts: 0,
});
const link = ApolloLink.split(
  ({ query }) => {
    const def = getMainDefinition(query);
    return def.kind === 'OperationDefinition' && def.operation === 'subscription';
  },
  new GraphQLWsLink(wsClient),
  http,
);
const apollo = new ApolloClient({ link, cache: new InMemoryCache() });

// What every mutation's UserError answer is read for.
const REFUSED = gql`
  fragment Refused on UserError {
    code
    message
    field
  }
`;
const LOGIN = gql`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      __typename
      ... on SignedIn {
        token
        user {
          id
          email
        }
      }
      ...Refused
    }
  }
  ${REFUSED}
`;
const CREATE = gql`
  mutation Create($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      __typename
      ... on Campaign {
        id
        name
        slug
        status
      }
      ...Refused
    }
  }
  ${REFUSED}
`;
const LAUNCH = gql`
  mutation Launch($id: ID!) {
    launchCampaign(id: $id) {
      __typename
      ... on Campaign {
        id
        status
      }
      ...Refused
    }
  }
  ${REFUSED}
`;
const CAMPAIGNS = gql`
  query Campaigns($first: Int, $after: String, $last: Int, $before: String) {
    campaigns(first: $first, after: $after, last: $last, before: $before) {
      edges {
        cursor
        node {
          id
          name
          slug
          status
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`;
const NODE = gql`
  query Node($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Campaign {
        name
        slug
      }
    }
  }
`;
const ENROLL = gql`
  mutation Enroll($input: EnrollAdvocateInput!) {
    enrollAdvocate(input: $input) {
      __typename
      ... on Enrollment {
        created
        link {
          id
          code
        }
      }
      ...Refused
    }
  }
  ${REFUSED}
`;
const CONVERT = gql`
  mutation Convert($input: RecordConversionInput!) {
    recordConversion(input: $input) {
      __typename
      ... on ConversionRecorded {
        replayed
        conversion {
          id
          amount {
            amount
            currency
          }
        }
      }
      ...Refused
    }
  }
  ${REFUSED}
`;
const NOTIFICATIONS = gql`
  subscription Notifications {
    notificationCreated {
      id
      kind
      campaign {
        id
      }
      milestone {
        id
      }
    }
  }
`;

async function main() {
  // A user mistake is data (a UserError), not an error the client throws.
  const wrong = await apollo.mutate({
    mutation: LOGIN,
    variables: { email, password: `${password}x` },
  });
  check(
    wrong.data?.login?.__typename === 'UserError' && !wrong.error,
    'wrong password: a UserError in data',
    wrong,
  );

  const signed = await apollo.mutate({ mutation: LOGIN, variables: { email, password } });
  check(signed.data?.login?.__typename === 'SignedIn', 'login', signed);
  token = signed.data.login.token;

  const slug = `clients-${run}`;
  const created = await apollo.mutate({
    mutation: CREATE,
    variables: {
      input: {
        name: `Clients ${run}`,
        slug,
        landingUrl: 'https://shop.example.com/',
        currency: 'JPY',
      },
    },
  });
  const campaign = created.data?.createCampaign;
  check(campaign?.__typename === 'Campaign' && campaign.slug === slug, 'createCampaign', created);

  const again = await apollo.mutate({
    mutation: CREATE,
    variables: { input: { name: 'Again', slug, landingUrl: 'https://shop.example.com/' } },
  });
  check(
    again.data?.createCampaign?.__typename === 'UserError' &&
      typeof again.data.createCampaign.code === 'string',
    'duplicate slug: a typed UserError',
    again,
  );

  // A document the schema refuses: Apollo surfaces the GraphQL errors, no data.
  const invalid = await apollo
    .query({
      query: gql`
        query Invalid {
          campaigns {
            nope
          }
        }
      `,
      fetchPolicy: 'network-only',
    })
    .catch((error) => ({ error }));
  check(
    CombinedGraphQLErrors.is(invalid.error),
    'invalid document: CombinedGraphQLErrors',
    invalid,
  );

  // Enough campaigns for three pages of two, on a fresh database too.
  for (const extra of ['a', 'b', 'c', 'd']) {
    const more = await apollo.mutate({
      mutation: CREATE,
      variables: {
        input: {
          name: `Clients ${run} ${extra}`,
          slug: `${slug}-${extra}`,
          landingUrl: 'https://shop.example.com/',
        },
      },
    });
    check(more.data?.createCampaign?.__typename === 'Campaign', `createCampaign ${extra}`, more);
  }

  // Relay: pages of two, each cursor taking up where the last stopped, and the cache
  // normalising the same campaign (by its global id) across a list and node(id:).
  const seen = new Set();
  const pages = [];
  let after = null;
  for (let page = 0; page < 3; page += 1) {
    // Newest first: the first three pages are this run's campaigns.
    const res = await apollo.query({
      query: CAMPAIGNS,
      variables: { first: 2, after },
      fetchPolicy: 'network-only',
    });
    const conn = res.data?.campaigns;
    const size = conn?.edges.length ?? 0;
    check(
      page < 2 ? size === 2 : size >= 1 && size <= 2,
      `campaigns page ${page + 1}: ${size} edge(s)`,
      res,
    );
    if (!conn?.edges.length) break;
    for (const edge of conn.edges) {
      check(!seen.has(edge.node.id), `page ${page + 1}: ${edge.node.slug} not seen before`, edge);
      seen.add(edge.node.id);
    }
    pages.push(conn);
    check(
      conn.pageInfo.endCursor === conn.edges.at(-1).cursor,
      `page ${page + 1}: endCursor is the last edge's`,
      conn.pageInfo,
    );
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  // Back from the second page's first cursor: the first page again, in the same order.
  const back = await apollo.query({
    query: CAMPAIGNS,
    variables: { last: 2, before: pages[1].edges[0].cursor },
    fetchPolicy: 'network-only',
  });
  check(
    JSON.stringify(back.data?.campaigns?.edges.map((e) => e.node.id)) ===
      JSON.stringify(pages[0].edges.map((e) => e.node.id)) &&
      back.data.campaigns.pageInfo.hasNextPage === true &&
      back.data.campaigns.pageInfo.hasPreviousPage === false,
    'last/before from page 2 gives page 1 back',
    back.data,
  );
  const byNode = await apollo.query({
    query: NODE,
    variables: { id: campaign.id },
    fetchPolicy: 'network-only',
  });
  check(
    byNode.data?.node?.__typename === 'Campaign' && byNode.data.node.slug === slug,
    'node(id:) returns the campaign',
    byNode,
  );
  const cached = apollo.cache.identify({ __typename: 'Campaign', id: campaign.id });
  check(
    apollo.cache.extract()[cached]?.slug === slug,
    'the cache normalised it by its global id',
    cached,
  );

  const launched = await apollo.mutate({ mutation: LAUNCH, variables: { id: campaign.id } });
  check(launched.data?.launchCampaign?.status === 'ACTIVE', 'launchCampaign', launched);
  check(
    apollo.cache.extract()[cached]?.status === 'ACTIVE',
    'the mutation result updated the cached campaign',
    apollo.cache.extract()[cached],
  );

  // graphql-ws through Apollo: the first conversion reaches a default milestone, whose
  // notification arrives on the subscription.
  const received = [];
  const subscription = apollo.subscribe({ query: NOTIFICATIONS }).subscribe({
    next: (result) => received.push(result),
    error: (error) => received.push({ error }),
  });
  await new Promise((resolve) => setTimeout(resolve, 500)); // let the socket subscribe
  const enrolled = await apollo.mutate({
    mutation: ENROLL,
    variables: {
      input: { campaignId: campaign.id, email: `advocate-${run}@example.com`, name: 'Ada' },
    },
  });
  check(enrolled.data?.enrollAdvocate?.__typename === 'Enrollment', 'enrollAdvocate', enrolled);
  const code = enrolled.data.enrollAdvocate.link.code;
  const input = {
    friend: { referralCode: code, email: `friend-${run}@example.org` },
    externalOrderId: `order-${run}`,
    amount: 4980,
    currency: 'JPY',
    idempotencyKey: `order-${run}`,
  };
  const first = await apollo.mutate({ mutation: CONVERT, variables: { input } });
  const recorded = first.data?.recordConversion;
  check(
    recorded?.__typename === 'ConversionRecorded' && !recorded.replayed,
    'recordConversion',
    first,
  );
  check(
    recorded?.conversion?.amount?.amount === 4980 && recorded.conversion.amount.currency === 'JPY',
    'JPY amount in minor units (exponent 0) as a number',
    recorded,
  );
  const replay = await apollo.mutate({ mutation: CONVERT, variables: { input } });
  check(replay.data?.recordConversion?.replayed === true, 'same idempotency key: replayed', replay);
  const conflict = await apollo.mutate({
    mutation: CONVERT,
    variables: { input: { ...input, amount: 5000 } },
  });
  check(
    conflict.data?.recordConversion?.code === 'CONFLICT',
    'same key, different input: CONFLICT',
    conflict,
  );

  const deadline = Date.now() + 15000;
  while (
    Date.now() < deadline &&
    !received.some((r) => r.data?.notificationCreated?.campaign?.id === campaign.id)
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const mine = received.find((r) => r.data?.notificationCreated?.campaign?.id === campaign.id);
  check(
    mine?.data.notificationCreated.kind === 'MILESTONE_REACHED',
    'notificationCreated arrived over graphql-ws',
    received,
  );
  subscription.unsubscribe();
}

main()
  .catch((error) => {
    failures += 1;
    console.log(`FAIL  unexpected: ${error?.stack ?? error}`);
  })
  .finally(async () => {
    await wsClient.dispose();
    console.log(failures ? `${failures} check(s) failed` : 'all client checks passed');
    process.exit(failures ? 1 : 0);
  });
