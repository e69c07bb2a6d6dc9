// A shop's integration written against the types GraphQL Code Generator made from the schema
// and operations/Journey.graphql (codegen.yml): `tsc --strict` checks it, then node runs it
// against a live server, the whole journey: campaign, rules, launch, advocate, friend, order,
// retry, refusals with their input paths, approval, payout, refund, export, refetch by id.
//
//   VOUCH_ADMIN_EMAIL=.. VOUCH_ADMIN_PASSWORD=.. node build/typed.js URL   (run.sh builds it)
import { readFileSync } from "node:fs";
import type * as G from "./generated/graphql.js";

type Ops = {
  SignIn: [G.SignInMutation, G.SignInMutationVariables];
  AddStaff: [G.AddStaffMutation, G.AddStaffMutationVariables];
  Preflight: [G.PreflightQuery, G.PreflightQueryVariables];
  CreateCampaign: [G.CreateCampaignMutation, G.CreateCampaignMutationVariables];
  SetRewardRules: [G.SetRewardRulesMutation, G.SetRewardRulesMutationVariables];
  LaunchCampaign: [G.LaunchCampaignMutation, G.LaunchCampaignMutationVariables];
  Enroll: [G.EnrollMutation, G.EnrollMutationVariables];
  Signup: [G.SignupMutation, G.SignupMutationVariables];
  Order: [G.OrderMutation, G.OrderMutationVariables];
  Refund: [G.RefundMutation, G.RefundMutationVariables];
  Rewards: [G.RewardsQuery, G.RewardsQueryVariables];
  Approve: [G.ApproveMutation, G.ApproveMutationVariables];
  Fulfil: [G.FulfilMutation, G.FulfilMutationVariables];
  ExportAdvocates: [G.ExportAdvocatesMutation, G.ExportAdvocatesMutationVariables];
  Refetch: [G.RefetchQuery, G.RefetchQueryVariables];
};

const url = process.argv[2] ?? "";
const email = process.env.VOUCH_ADMIN_EMAIL ?? "";
const password = process.env.VOUCH_ADMIN_PASSWORD ?? "";
const document = readFileSync("operations/Journey.graphql", "utf8"); // run from tests/clients
const run = `t${Date.now().toString(36)}`;
let token = "";
let failures = 0;

function check(ok: boolean, step: string, seen?: unknown): void {
  if (ok) {
    console.log(`ok    ${step}`);
    return;
  }
  failures += 1;
  console.log(`FAIL  ${step}: ${JSON.stringify(seen)?.slice(0, 600)}`);
}

async function call<K extends keyof Ops>(name: K, variables: Ops[K][1]): Promise<Ops[K][0]> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: document, operationName: name, variables }),
  });
  const body = (await response.json()) as { data?: Ops[K][0]; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`${name}: ${JSON.stringify(body)}`);
  return body.data;
}

/** The one thing a client does with every result union: the success, or the refusal. */
function ok<T extends { __typename: string }, N extends T["__typename"]>(
  result: T,
  typename: N,
  step: string,
): Extract<T, { __typename: N }> | null {
  check(result.__typename === typename, step, result);
  return result.__typename === typename ? (result as Extract<T, { __typename: N }>) : null;
}

function refused(result: { __typename: string }): G.RefusedFragment | null {
  return result.__typename === "UserError" ? (result as unknown as G.RefusedFragment) : null;
}

async function main(): Promise<void> {
  const signed = ok((await call("SignIn", { email, password })).login, "SignedIn", "login");
  token = signed?.token ?? "";

  // Whoever changed the reward rules may not approve under them for a day: a second admin
  // approves (four eyes).
  const added = ok(
    (
      await call("AddStaff", {
        input: { email: `approver-${run}@example.com`, name: "Approver", role: "ADMIN" },
      })
    ).createStaffUser,
    "CreatedStaffUser",
    "createStaffUser with a generated password",
  );
  const owner = token;

  const input: G.CreateCampaignInput = {
    name: `Typed ${run}`,
    slug: `typed-${run}`,
    landingUrl: "https://shop.example.com/",
    currency: "JPY",
    share: { socialMessage: "Try it: {share_url}", emailBody: "Hi! {share_url}" },
  };
  const campaign = ok(
    (await call("CreateCampaign", { input })).createCampaign,
    "Campaign",
    "createCampaign",
  );
  if (!campaign) return;
  const badShare = refused(
    (
      await call("CreateCampaign", {
        input: { ...input, slug: `typed-${run}-x`, share: { emailBody: "Hi {nme}" } },
      })
    ).createCampaign,
  );
  check(
    badShare?.code === "INVALID_INPUT" && badShare.field === "share.emailBody",
    "a share template's refusal names share.emailBody",
    badShare,
  );

  const rules: G.SetRewardRulesInput = {
    campaignId: campaign.id,
    rules: [
      {
        key: "advocate-cash",
        recipient: "ADVOCATE",
        trigger: "FIRST_PURCHASE",
        kind: "CASH",
        currency: "JPY",
        fixedAmount: 500,
        holdDays: 0,
      },
    ],
    autoApproveMax: null,
  };
  const twice = refused(
    (await call("SetRewardRules", { input: { ...rules, rules: [...rules.rules, ...rules.rules] } }))
      .setRewardRules,
  );
  check(
    twice?.code === "INVALID_INPUT" && twice.field === "rules.1.key",
    "a duplicate rule key names rules.1.key",
    twice,
  );
  ok((await call("SetRewardRules", { input: rules })).setRewardRules, "RewardRuleVersion", "setRewardRules");

  const report = await call("Preflight", { campaignId: campaign.id });
  const warnings = report.campaignPreflight.findings
    .filter((f) => f.severity === "WARNING")
    .map((f) => f.code);
  const launched = ok(
    (await call("LaunchCampaign", { id: campaign.id, acknowledge: warnings })).launchCampaign,
    "Campaign",
    "launchCampaign with the preflight's warnings acknowledged",
  );
  check(launched?.status === "ACTIVE", "the campaign is active", launched);

  const enrolled = ok(
    (await call("Enroll", { input: { campaignId: campaign.id, email: `ada-${run}@example.com` } }))
      .enrollAdvocate,
    "Enrollment",
    "enrollAdvocate",
  );
  if (!enrolled) return;
  const code = enrolled.link.code;
  const friend = `friend-${run}@example.org`;
  ok(
    (await call("Signup", { input: { friend: { referralCode: code, email: friend } } }))
      .recordSignup,
    "Referral",
    "recordSignup with the advocate's code",
  );

  const unknown = refused(
    (
      await call("Order", {
        input: {
          friend: { campaignId: campaign.id, email: `nobody-${run}@example.org` },
          externalOrderId: `o-${run}-0`,
          amount: 100,
          currency: "JPY",
          idempotencyKey: `o-${run}-0`,
        },
      })
    ).recordConversion,
  );
  check(
    unknown !== null && unknown.field === "friend.email",
    "an order for an unreferred friend names friend.email",
    unknown,
  );

  const order: G.RecordConversionInput = {
    friend: { campaignId: campaign.id, email: friend },
    externalOrderId: `o-${run}-1`,
    amount: 4980,
    currency: "JPY",
    idempotencyKey: `o-${run}-1`,
  };
  const first = ok((await call("Order", { input: order })).recordConversion, "ConversionRecorded", "recordConversion");
  const again = ok((await call("Order", { input: order })).recordConversion, "ConversionRecorded", "the same order again");
  check(
    first?.replayed === false &&
      again?.replayed === true &&
      again.conversion.id === first.conversion.id &&
      again.conversion.amount.amount === 4980,
    "a retry with the same key answers the same conversion, replayed",
    [first, again],
  );
  if (!first) return;

  // The advocate's reward waits for approval (no auto-approval); the release job may take a
  // moment after a zero-day hold.
  let reward: G.RewardsQuery["rewards"]["edges"][number]["node"] | undefined;
  for (let i = 0; i < 50 && !reward; i += 1) {
    const page = await call("Rewards", { status: "AWAITING_APPROVAL", first: 100 });
    reward = page.rewards.edges.map((e) => e.node).find((n) => n.campaign.id === campaign.id);
    if (!reward) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  check(reward?.value.amount === 500 && reward.value.currency === "JPY", "the reward awaits approval", reward);
  if (!reward) return;

  const mine = ok((await call("Approve", { ids: [reward.id] })).approveRewards, "BulkResult", "approving my own rules' reward");
  check(
    mine?.failed[0]?.error.code === "FORBIDDEN" && mine.failed[0].error.field === "ids.0",
    "refused in place (ids.0): the rules' author may not approve",
    mine,
  );
  const approver = ok(
    (await call("SignIn", { email: `approver-${run}@example.com`, password: added?.generatedPassword ?? "" }))
      .login,
    "SignedIn",
    "the second admin signs in",
  );
  token = approver?.token ?? owner;

  const badIds = refused((await call("Approve", { ids: [reward.id, "not-an-id"] })).approveRewards);
  check(
    badIds?.code === "INVALID_INPUT" && badIds.field === "ids.1",
    "approveRewards names the bad id's place: ids.1",
    badIds,
  );
  const approved = ok((await call("Approve", { ids: [reward.id] })).approveRewards, "BulkResult", "approveRewards");
  check(approved?.succeeded[0]?.status === "APPROVED" && approved.failed.length === 0, "approved", approved);
  const paid = ok(
    (await call("Fulfil", { id: reward.id, reference: `payout-${run}` })).fulfillReward,
    "Reward",
    "fulfillReward",
  );
  check(paid?.status === "FULFILLED", "fulfilled", paid);
  token = owner;
  const after = ok((await call("Approve", { ids: [reward.id] })).approveRewards, "BulkResult", "approving it again");
  check(
    after?.failed[0]?.rewardId === reward.id && after.failed[0].error.field === "ids.0",
    "a reward in the wrong state fails in place: ids.0",
    after,
  );

  const refund = {
    conversionId: first.conversion.id,
    amount: 980,
    idempotencyKey: `r-${run}-1`,
  };
  const refunded = ok((await call("Refund", { input: refund })).recordRefund, "ConversionRecorded", "recordRefund");
  const refundAgain = ok((await call("Refund", { input: refund })).recordRefund, "ConversionRecorded", "the same refund again");
  check(refunded?.replayed === false && refundAgain?.replayed === true, "a refund retried is replayed", [refunded, refundAgain]);

  const link = ok(
    (await call("ExportAdvocates", { campaignId: campaign.id })).exportAdvocates,
    "AdvocateExportLink",
    "exportAdvocates",
  );
  if (link) {
    const csv = await (await fetch(new URL(link.url, url))).text();
    check(csv.includes(`ada-${run}@example.com`), "the export link serves the advocate's row", csv.slice(0, 200));
  }

  const again2 = await call("Refetch", { id: reward.id });
  check(
    again2.node?.__typename === "Reward" && again2.node.id === reward.id && again2.node.status === "FULFILLED",
    "node(id:) refetches the reward by its global id",
    again2,
  );
}

main()
  .catch((error: unknown) => {
    failures += 1;
    console.log(`FAIL  unexpected: ${error instanceof Error ? error.stack : String(error)}`);
  })
  .finally(() => {
    console.log(failures ? `${failures} typed check(s) failed` : "all typed client checks passed");
    process.exit(failures ? 1 : 0);
  });
