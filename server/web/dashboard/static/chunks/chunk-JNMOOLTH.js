import{c as L}from"./chunk-I4WIYIJT.js";import{b as o,c as M,e as j,f as R,m,n as c,o as _}from"./chunk-7LAD5YVV.js";var E=o(M()),t=o(j());var w=(function(){var r={defaultValue:null,kind:"LocalArgument",name:"canFraud"},a={defaultValue:null,kind:"LocalArgument",name:"from"},l={defaultValue:null,kind:"LocalArgument",name:"to"},i={kind:"Literal",name:"first",value:5},s=[i,{kind:"Literal",name:"status",value:"AWAITING_APPROVAL"}],n={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},p=[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],y={alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"value",plural:!1,selections:p,storageKey:null},k={alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null},v={alias:null,args:null,kind:"ScalarField",name:"approvalsNeeded",storageKey:null},d={alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},f={alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[d],storageKey:null},F={alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null},u={alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[F],storageKey:null},g=[i],K={condition:"canFraud",kind:"Condition",passingValue:!0,selections:[{alias:"flagged",args:g,concreteType:"ReferralConnection",kind:"LinkedField",name:"flaggedReferrals",plural:!1,selections:[{alias:null,args:null,concreteType:"ReferralEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"node",plural:!1,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null},{alias:null,args:null,concreteType:"ReferralRisk",kind:"LinkedField",name:"risk",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"score",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reviewStatus",storageKey:null}],storageKey:null}],storageKey:null}],storageKey:null},u],storageKey:"flaggedReferrals(first:5)"}]},S={alias:null,args:null,kind:"ScalarField",name:"title",storageKey:null},C={alias:null,args:null,kind:"ScalarField",name:"reachedAt",storageKey:null},b=[{kind:"Literal",name:"first",value:20}],h={alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[d,n],storageKey:null};return{fragment:{argumentDefinitions:[r,a,l],kind:"Fragment",metadata:null,name:"overviewQuery",selections:[{args:null,kind:"FragmentSpread",name:"overviewCampaigns_query"},{alias:"approvals",args:s,concreteType:"RewardConnection",kind:"LinkedField",name:"rewards",plural:!1,selections:[{alias:null,args:null,concreteType:"RewardEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"node",plural:!1,selections:[n,y,k,v,f],storageKey:null}],storageKey:null},u],storageKey:'rewards(first:5,status:"AWAITING_APPROVAL")'},K,{alias:null,args:g,concreteType:"MilestoneConnection",kind:"LinkedField",name:"milestones",plural:!1,selections:[{alias:null,args:null,concreteType:"MilestoneEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Milestone",kind:"LinkedField",name:"node",plural:!1,selections:[n,S,C,f],storageKey:null}],storageKey:null}],storageKey:"milestones(first:5)"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[a,l,r],kind:"Operation",name:"overviewQuery",selections:[{alias:null,args:b,concreteType:"CampaignConnection",kind:"LinkedField",name:"campaigns",plural:!1,selections:[{alias:null,args:null,concreteType:"CampaignEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"node",plural:!1,selections:[n,d,{alias:null,args:null,kind:"ScalarField",name:"slug",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testMode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"endsAt",storageKey:null},{alias:null,args:null,concreteType:"CampaignStats",kind:"LinkedField",name:"stats",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"clicks",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"signups",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"conversions",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"conversionRate",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"revenue",plural:!0,selections:p,storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"Objective",kind:"LinkedField",name:"objective",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"metric",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"target",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"deadline",storageKey:null},{alias:null,args:null,concreteType:"ObjectiveProgress",kind:"LinkedField",name:"progress",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"current",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"ratio",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reached",storageKey:null}],storageKey:null}],storageKey:null},{alias:"trend",args:[{kind:"Variable",name:"from",variableName:"from"},{kind:"Literal",name:"interval",value:"DAY"},{kind:"Literal",name:"metric",value:"CONVERSIONS"},{kind:"Variable",name:"to",variableName:"to"}],concreteType:"TimeseriesPoint",kind:"LinkedField",name:"timeseries",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"start",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"value",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},F],storageKey:null}],storageKey:"campaigns(first:20)"},{alias:null,args:b,filters:null,handle:"connection",key:"overviewCampaigns__campaigns",kind:"LinkedHandle",name:"campaigns"},{alias:"approvals",args:s,concreteType:"RewardConnection",kind:"LinkedField",name:"rewards",plural:!1,selections:[{alias:null,args:null,concreteType:"RewardEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"node",plural:!1,selections:[n,y,k,v,h],storageKey:null}],storageKey:null},u],storageKey:'rewards(first:5,status:"AWAITING_APPROVAL")'},K,{alias:null,args:g,concreteType:"MilestoneConnection",kind:"LinkedField",name:"milestones",plural:!1,selections:[{alias:null,args:null,concreteType:"MilestoneEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Milestone",kind:"LinkedField",name:"node",plural:!1,selections:[n,S,C,h],storageKey:null}],storageKey:null}],storageKey:"milestones(first:5)"}]},params:{cacheID:"8ece31f113c60833632f950f492eb5f6",id:null,metadata:{},name:"overviewQuery",operationKind:"query",text:`query overviewQuery(
  $from: DateTime!
  $to: DateTime!
  $canFraud: Boolean!
) {
  ...overviewCampaigns_query
  approvals: rewards(status: AWAITING_APPROVAL, first: 5) {
    edges {
      node {
        id
        value {
          amount
          currency
          formatted
        }
        approvals
        approvalsNeeded
        campaign {
          name
          id
        }
      }
    }
    pageInfo {
      hasNextPage
    }
  }
  flagged: flaggedReferrals(first: 5) @include(if: $canFraud) {
    edges {
      node {
        id
        friendEmail
        risk {
          score
          reviewStatus
        }
      }
    }
    pageInfo {
      hasNextPage
    }
  }
  milestones(first: 5) {
    edges {
      node {
        id
        title
        reachedAt
        campaign {
          name
          id
        }
      }
    }
  }
}

fragment campaignCard_campaign on Campaign {
  id
  name
  slug
  phase
  testMode
  endsAt
  stats {
    clicks
    signups
    conversions
    conversionRate
    revenue {
      amount
      currency
      formatted
    }
  }
  objective {
    metric
    target
    deadline
    progress {
      current
      ratio
      reached
    }
  }
  trend: timeseries(metric: CONVERSIONS, interval: DAY, from: $from, to: $to) {
    start
    value
  }
}

fragment overviewCampaigns_query on Query {
  campaigns(first: 20) {
    edges {
      node {
        id
        ...campaignCard_campaign
        __typename
      }
      cursor
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
`}}})();w.hash="10d1773103af3ff99559ddaf09a3c998";var T=w;var N=(function(){var r=[{defaultValue:20,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"},{defaultValue:null,kind:"LocalArgument",name:"from"},{defaultValue:null,kind:"LocalArgument",name:"to"}],a=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"}];return{fragment:{argumentDefinitions:r,kind:"Fragment",metadata:null,name:"overviewCampaignsPaginationQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"}],kind:"FragmentSpread",name:"overviewCampaigns_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:r,kind:"Operation",name:"overviewCampaignsPaginationQuery",selections:[{alias:null,args:a,concreteType:"CampaignConnection",kind:"LinkedField",name:"campaigns",plural:!1,selections:[{alias:null,args:null,concreteType:"CampaignEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slug",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testMode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"endsAt",storageKey:null},{alias:null,args:null,concreteType:"CampaignStats",kind:"LinkedField",name:"stats",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"clicks",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"signups",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"conversions",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"conversionRate",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"revenue",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"Objective",kind:"LinkedField",name:"objective",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"metric",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"target",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"deadline",storageKey:null},{alias:null,args:null,concreteType:"ObjectiveProgress",kind:"LinkedField",name:"progress",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"current",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"ratio",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reached",storageKey:null}],storageKey:null}],storageKey:null},{alias:"trend",args:[{kind:"Variable",name:"from",variableName:"from"},{kind:"Literal",name:"interval",value:"DAY"},{kind:"Literal",name:"metric",value:"CONVERSIONS"},{kind:"Variable",name:"to",variableName:"to"}],concreteType:"TimeseriesPoint",kind:"LinkedField",name:"timeseries",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"start",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"value",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:a,filters:null,handle:"connection",key:"overviewCampaigns__campaigns",kind:"LinkedHandle",name:"campaigns"}]},params:{cacheID:"346a2a17e489397466236a7d38bf82a1",id:null,metadata:{},name:"overviewCampaignsPaginationQuery",operationKind:"query",text:`query overviewCampaignsPaginationQuery(
  $count: Int = 20
  $cursor: String
  $from: DateTime!
  $to: DateTime!
) {
  ...overviewCampaigns_query_1G22uz
}

fragment campaignCard_campaign on Campaign {
  id
  name
  slug
  phase
  testMode
  endsAt
  stats {
    clicks
    signups
    conversions
    conversionRate
    revenue {
      amount
      currency
      formatted
    }
  }
  objective {
    metric
    target
    deadline
    progress {
      current
      ratio
      reached
    }
  }
  trend: timeseries(metric: CONVERSIONS, interval: DAY, from: $from, to: $to) {
    start
    value
  }
}

fragment overviewCampaigns_query_1G22uz on Query {
  campaigns(first: $count, after: $cursor) {
    edges {
      node {
        id
        ...campaignCard_campaign
        __typename
      }
      cursor
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
`}}})();N.hash="ec322dfe5b4237e991189e457ea0749f";var A=N;var $=(function(){var r=["campaigns"];return{argumentDefinitions:[{defaultValue:20,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"},{kind:"RootArgument",name:"from"},{kind:"RootArgument",name:"to"}],kind:"Fragment",metadata:{connection:[{count:"count",cursor:"cursor",direction:"forward",path:r}],refetch:{connection:{forward:{count:"count",cursor:"cursor"},backward:null,path:r},fragmentPathInResult:[],operation:A}},name:"overviewCampaigns_query",selections:[{alias:"campaigns",args:null,concreteType:"CampaignConnection",kind:"LinkedField",name:"__overviewCampaigns__campaigns_connection",plural:!1,selections:[{alias:null,args:null,concreteType:"CampaignEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{args:null,kind:"FragmentSpread",name:"campaignCard_campaign"},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null}],type:"Query",abstractKey:null}})();$.hash="ec322dfe5b4237e991189e457ea0749f";var I=$;var P=(function(){var r={defaultValue:null,kind:"LocalArgument",name:"from"},a={defaultValue:null,kind:"LocalArgument",name:"id"},l={defaultValue:null,kind:"LocalArgument",name:"to"},i=[{kind:"Variable",name:"id",variableName:"id"}];return{fragment:{argumentDefinitions:[r,a,l],kind:"Fragment",metadata:null,name:"campaignCardRefetchQuery",selections:[{alias:null,args:i,concreteType:null,kind:"LinkedField",name:"node",plural:!1,selections:[{args:null,kind:"FragmentSpread",name:"campaignCard_campaign"}],storageKey:null}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[r,l,a],kind:"Operation",name:"campaignCardRefetchQuery",selections:[{alias:null,args:i,concreteType:null,kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slug",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testMode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"endsAt",storageKey:null},{alias:null,args:null,concreteType:"CampaignStats",kind:"LinkedField",name:"stats",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"clicks",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"signups",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"conversions",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"conversionRate",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"revenue",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"Objective",kind:"LinkedField",name:"objective",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"metric",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"target",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"deadline",storageKey:null},{alias:null,args:null,concreteType:"ObjectiveProgress",kind:"LinkedField",name:"progress",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"current",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"ratio",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reached",storageKey:null}],storageKey:null}],storageKey:null},{alias:"trend",args:[{kind:"Variable",name:"from",variableName:"from"},{kind:"Literal",name:"interval",value:"DAY"},{kind:"Literal",name:"metric",value:"CONVERSIONS"},{kind:"Variable",name:"to",variableName:"to"}],concreteType:"TimeseriesPoint",kind:"LinkedField",name:"timeseries",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"start",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"value",storageKey:null}],storageKey:null}],type:"Campaign",abstractKey:null}],storageKey:null}]},params:{cacheID:"173a76fe3d5e6dec37e299a7a0b6ca76",id:null,metadata:{},name:"campaignCardRefetchQuery",operationKind:"query",text:`query campaignCardRefetchQuery(
  $from: DateTime!
  $to: DateTime!
  $id: ID!
) {
  node(id: $id) {
    __typename
    ...campaignCard_campaign
    id
  }
}

fragment campaignCard_campaign on Campaign {
  id
  name
  slug
  phase
  testMode
  endsAt
  stats {
    clicks
    signups
    conversions
    conversionRate
    revenue {
      amount
      currency
      formatted
    }
  }
  objective {
    metric
    target
    deadline
    progress {
      current
      ratio
      reached
    }
  }
  trend: timeseries(metric: CONVERSIONS, interval: DAY, from: $from, to: $to) {
    start
    value
  }
}
`}}})();P.hash="18ed7064e75022bb8d4390ffe3316923";var O=P;var x={argumentDefinitions:[{kind:"RootArgument",name:"from"},{kind:"RootArgument",name:"to"}],kind:"Fragment",metadata:{refetch:{connection:null,fragmentPathInResult:["node"],operation:O,identifierInfo:{identifierField:"id",identifierQueryVariableName:"id"}}},name:"campaignCard_campaign",selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slug",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testMode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"endsAt",storageKey:null},{alias:null,args:null,concreteType:"CampaignStats",kind:"LinkedField",name:"stats",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"clicks",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"signups",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"conversions",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"conversionRate",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"revenue",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"Objective",kind:"LinkedField",name:"objective",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"metric",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"target",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"deadline",storageKey:null},{alias:null,args:null,concreteType:"ObjectiveProgress",kind:"LinkedField",name:"progress",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"current",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"ratio",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reached",storageKey:null}],storageKey:null}],storageKey:null},{alias:"trend",args:[{kind:"Variable",name:"from",variableName:"from"},{kind:"Literal",name:"interval",value:"DAY"},{kind:"Literal",name:"metric",value:"CONVERSIONS"},{kind:"Variable",name:"to",variableName:"to"}],concreteType:"TimeseriesPoint",kind:"LinkedField",name:"timeseries",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"start",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"value",storageKey:null}],storageKey:null}],type:"Campaign",abstractKey:null};x.hash="18ed7064e75022bb8d4390ffe3316923";var Q=x;var V=T,q=I,D=Q;var e=o(R());function G(r){let a=new Date;return a.setUTCHours(24,0,0,0),{from:new Date(a.getTime()-r*864e5).toISOString(),to:a.toISOString()}}function te(){let r=(0,E.useMemo)(()=>G(30),[]),a=L("fraud:review"),l=(0,t.useLazyLoadQuery)(V,{...r,canFraud:a},{fetchPolicy:"store-and-network"}),i=l.approvals.edges,s=l.flagged;return(0,e.jsxs)(e.Fragment,{children:[(0,e.jsx)("h1",{children:"Overview"}),(0,e.jsxs)("section",{"aria-labelledby":"needs-title",className:"needs",children:[(0,e.jsx)("h2",{id:"needs-title",children:"Needs a human"}),(0,e.jsxs)("div",{className:"grid2",children:[(0,e.jsxs)("div",{className:"card",children:[(0,e.jsx)("h3",{children:(0,e.jsxs)("a",{href:"#/approvals",children:["Approvals waiting: ",i.length,l.approvals.pageInfo.hasNextPage?"+":""]})}),(0,e.jsx)("ul",{children:i.map(({node:n})=>(0,e.jsxs)("li",{children:[n.value.formatted," \xB7 ",n.campaign.name," \xB7 ",n.approvals,"/",n.approvalsNeeded," approvals"]},n.id))})]}),s?(0,e.jsxs)("div",{className:"card",children:[(0,e.jsx)("h3",{children:(0,e.jsxs)("a",{href:"#/fraud",children:["Flagged referrals: ",s.edges.length,s.pageInfo.hasNextPage?"+":""]})}),(0,e.jsx)("ul",{children:s.edges.map(({node:n})=>(0,e.jsxs)("li",{children:[n.friendEmail??"(no email)"," \xB7 risk ",n.risk.score," \xB7 ",n.risk.reviewStatus.toLowerCase()]},n.id))})]}):null]})]}),(0,e.jsx)(Y,{query:l}),(0,e.jsxs)("section",{"aria-labelledby":"ms-title",className:"card",children:[(0,e.jsx)("h2",{id:"ms-title",children:"Recent milestones"}),(0,e.jsx)("ul",{children:l.milestones.edges.map(({node:n})=>(0,e.jsxs)("li",{children:[c(n.reachedAt)," \xB7 ",n.campaign.name,": ",n.title]},n.id))})]})]})}function Y({query:r}){let{data:a,hasNext:l,loadNext:i,isLoadingNext:s}=(0,t.usePaginationFragment)(q,r);return(0,e.jsxs)("section",{"aria-labelledby":"camp-title",children:[(0,e.jsx)("h2",{id:"camp-title",children:"Campaigns"}),(0,e.jsx)("div",{className:"cards",children:a.campaigns.edges.map(({node:n})=>(0,e.jsx)(U,{campaign:n},n.id))}),l?(0,e.jsx)("button",{type:"button",disabled:s,onClick:()=>i(20),children:"More campaigns"}):null]})}function U({campaign:r}){let a=(0,t.useFragment)(D,r),l=a.objective;return(0,e.jsxs)("article",{className:"card campaign","aria-labelledby":`c-${a.id}`,children:[(0,e.jsxs)("h3",{id:`c-${a.id}`,children:[(0,e.jsx)("a",{href:`#/campaigns/${encodeURIComponent(a.id)}`,children:a.name})," ",(0,e.jsx)("span",{className:`phase phase-${a.phase.toLowerCase()}`,children:a.phase.toLowerCase()}),a.testMode?(0,e.jsx)("span",{className:"phase phase-test",children:"test mode"}):null]}),(0,e.jsxs)("ol",{className:"funnel","aria-label":"Funnel",children:[(0,e.jsxs)("li",{children:[(0,e.jsx)("b",{children:a.stats.clicks})," clicks"]}),(0,e.jsxs)("li",{children:[(0,e.jsx)("b",{children:a.stats.signups})," signups"]}),(0,e.jsxs)("li",{children:[(0,e.jsx)("b",{children:a.stats.conversions})," conversions ",(0,e.jsxs)("small",{children:["(",m(a.stats.conversionRate),")"]})]})]}),(0,e.jsxs)("p",{children:["Revenue: ",a.stats.revenue.length?a.stats.revenue.map(i=>i.formatted).join(" + "):"none yet"]}),l?(0,e.jsxs)("div",{children:[(0,e.jsxs)("label",{htmlFor:`obj-${a.id}`,children:["Objective: ",String(l.progress.current)," / ",String(l.target)," ",l.metric.toLowerCase(),l.deadline?` by ${c(l.deadline)}`:""]}),(0,e.jsx)("progress",{id:`obj-${a.id}`,max:1,value:Math.min(1,l.progress.ratio),children:m(l.progress.ratio)})]}):(0,e.jsx)("p",{children:"No objective set."}),(0,e.jsx)(_,{values:a.trend.map(i=>Number(i.value)),label:`Conversions per day, last 30 days, for ${a.name}`})]})}export{G as a,te as b};
