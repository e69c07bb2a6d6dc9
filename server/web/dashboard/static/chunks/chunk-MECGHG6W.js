var s=(function(){var e={defaultValue:20,kind:"LocalArgument",name:"count"},a={defaultValue:null,kind:"LocalArgument",name:"cursor"},n={defaultValue:null,kind:"LocalArgument",name:"status"},l={kind:"Variable",name:"status",variableName:"status"},r=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"},l];return{fragment:{argumentDefinitions:[e,a,n],kind:"Fragment",metadata:null,name:"campaignsQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"},l],kind:"FragmentSpread",name:"campaignsList_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[n,e,a],kind:"Operation",name:"campaignsQuery",selections:[{alias:null,args:r,concreteType:"CampaignConnection",kind:"LinkedField",name:"campaigns",plural:!1,selections:[{alias:null,args:null,concreteType:"CampaignEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slug",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testMode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"startsAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"endsAt",storageKey:null},{alias:null,args:null,concreteType:"CampaignStats",kind:"LinkedField",name:"stats",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"clicks",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"signups",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"conversions",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:r,filters:["status"],handle:"connection",key:"campaignsList__campaigns",kind:"LinkedHandle",name:"campaigns"}]},params:{cacheID:"8ba34293cc44d0d63988586a77726103",id:null,metadata:{},name:"campaignsQuery",operationKind:"query",text:`query campaignsQuery(
  $status: CampaignStatus
  $count: Int = 20
  $cursor: String
) {
  ...campaignsList_query_4qXjrI
}

fragment campaignsList_query_4qXjrI on Query {
  campaigns(status: $status, first: $count, after: $cursor) {
    edges {
      node {
        id
        name
        slug
        phase
        status
        testMode
        startsAt
        endsAt
        stats {
          clicks
          signups
          conversions
        }
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
`}}})();s.hash="af4e1a753973e2e811e07565c3827365";var u=s;var d=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"},{defaultValue:null,kind:"LocalArgument",name:"status"}],a={kind:"Variable",name:"status",variableName:"status"},n=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"},a];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"campaignsListPaginationQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"},a],kind:"FragmentSpread",name:"campaignsList_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"campaignsListPaginationQuery",selections:[{alias:null,args:n,concreteType:"CampaignConnection",kind:"LinkedField",name:"campaigns",plural:!1,selections:[{alias:null,args:null,concreteType:"CampaignEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slug",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testMode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"startsAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"endsAt",storageKey:null},{alias:null,args:null,concreteType:"CampaignStats",kind:"LinkedField",name:"stats",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"clicks",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"signups",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"conversions",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:n,filters:["status"],handle:"connection",key:"campaignsList__campaigns",kind:"LinkedHandle",name:"campaigns"}]},params:{cacheID:"60f106a7120f9d8993982b5ee1f34317",id:null,metadata:{},name:"campaignsListPaginationQuery",operationKind:"query",text:`query campaignsListPaginationQuery(
  $count: Int
  $cursor: String
  $status: CampaignStatus
) {
  ...campaignsList_query_4qXjrI
}

fragment campaignsList_query_4qXjrI on Query {
  campaigns(status: $status, first: $count, after: $cursor) {
    edges {
      node {
        id
        name
        slug
        phase
        status
        testMode
        startsAt
        endsAt
        stats {
          clicks
          signups
          conversions
        }
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
`}}})();d.hash="239c6bcfeeb7ea1063d7575806ba6561";var o=d;var g=(function(){var e=["campaigns"];return{argumentDefinitions:[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"},{defaultValue:null,kind:"LocalArgument",name:"status"}],kind:"Fragment",metadata:{connection:[{count:"count",cursor:"cursor",direction:"forward",path:e}],refetch:{connection:{forward:{count:"count",cursor:"cursor"},backward:null,path:e},fragmentPathInResult:[],operation:o}},name:"campaignsList_query",selections:[{alias:"campaigns",args:[{kind:"Variable",name:"status",variableName:"status"}],concreteType:"CampaignConnection",kind:"LinkedField",name:"__campaignsList__campaigns_connection",plural:!1,selections:[{alias:null,args:null,concreteType:"CampaignEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slug",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testMode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"startsAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"endsAt",storageKey:null},{alias:null,args:null,concreteType:"CampaignStats",kind:"LinkedField",name:"stats",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"clicks",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"signups",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"conversions",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null}],type:"Query",abstractKey:null}})();g.hash="239c6bcfeeb7ea1063d7575806ba6561";var m=g;var p=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"}],a={alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},n={alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},l={alias:null,args:null,kind:"ScalarField",name:"maxAmount",storageKey:null},r=[{alias:null,args:[{kind:"Variable",name:"id",variableName:"id"}],concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slug",storageKey:null},a,{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"startsAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"endsAt",storageKey:null},n,{alias:null,args:null,kind:"ScalarField",name:"landingUrl",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testMode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slackChannel",storageKey:null},{alias:null,args:null,concreteType:"Objective",kind:"LinkedField",name:"objective",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"metric",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"target",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"deadline",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"ShareTemplates",kind:"LinkedField",name:"shareTemplates",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"emailSubject",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"emailBody",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"socialMessage",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"friendReward",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"FraudRuleSetting",kind:"LinkedField",name:"fraudRules",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"rule",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"severity",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"mode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"defaultMode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"threshold",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"thresholdMeaning",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"firesWhen",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"RewardRuleVersion",kind:"LinkedField",name:"rewardRuleVersions",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"version",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"autoApproveMax",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"fourEyesAbove",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"budget",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"pauseCampaignOnBudget",storageKey:null},{alias:null,args:null,concreteType:"AdvocateCap",kind:"LinkedField",name:"advocateCap",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"period",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"maxCount",storageKey:null},l],storageKey:null},{alias:null,args:null,concreteType:"RewardRule",kind:"LinkedField",name:"rules",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"key",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"recipient",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"trigger",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"kind",storageKey:null},n,{alias:null,args:null,kind:"ScalarField",name:"fixedAmount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"percentBps",storageKey:null},l,{alias:null,args:null,kind:"ScalarField",name:"minOrderAmount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"holdDays",storageKey:null},a],storageKey:null}],storageKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"campaignsEditQuery",selections:r,type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"campaignsEditQuery",selections:r},params:{cacheID:"e576fcfb16bf354811c248ad6c630913",id:null,metadata:{},name:"campaignsEditQuery",operationKind:"query",text:`query campaignsEditQuery(
  $id: ID!
) {
  campaign(id: $id) {
    id
    name
    slug
    description
    status
    phase
    startsAt
    endsAt
    currency
    landingUrl
    testMode
    slackChannel
    objective {
      metric
      target
      deadline
    }
    shareTemplates {
      emailSubject
      emailBody
      socialMessage
      friendReward
    }
    fraudRules {
      rule
      severity
      mode
      defaultMode
      threshold
      thresholdMeaning
      firesWhen
    }
    rewardRuleVersions {
      version
      createdAt
      autoApproveMax
      fourEyesAbove
      budget
      pauseCampaignOnBudget
      advocateCap {
        period
        maxCount
        maxAmount
      }
      rules {
        key
        recipient
        trigger
        kind
        currency
        fixedAmount
        percentBps
        maxAmount
        minOrderAmount
        holdDays
        description
      }
    }
  }
}
`}}})();p.hash="9a13f7f191ab60ecc94d05d78f5d0861";var c=p;var y=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"input"}],a=[{kind:"Variable",name:"input",variableName:"input"}],n={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},l={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={kind:"InlineFragment",selections:[l,{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slug",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null}],type:"Campaign",abstractKey:null},i={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"campaignsCreateMutation",selections:[{alias:null,args:a,concreteType:null,kind:"LinkedField",name:"createCampaign",plural:!1,selections:[n,r,i],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"campaignsCreateMutation",selections:[{alias:null,args:a,concreteType:null,kind:"LinkedField",name:"createCampaign",plural:!1,selections:[n,r,i,{kind:"InlineFragment",selections:[l],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"9565023195eff172b3934e4995ad30a9",id:null,metadata:{},name:"campaignsCreateMutation",operationKind:"mutation",text:`mutation campaignsCreateMutation(
  $input: CreateCampaignInput!
) {
  createCampaign(input: $input) {
    __typename
    ... on Campaign {
      id
      name
      slug
      phase
      status
    }
    ... on UserError {
      code
      message
      field
    }
    ... on Node {
      __isNode: __typename
      id
    }
  }
}
`}}})();y.hash="9ed2ec45f41d7fbfcf42584540a181af";var E=y;var f=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"},{defaultValue:null,kind:"LocalArgument",name:"input"}],a=[{kind:"Variable",name:"id",variableName:"id"},{kind:"Variable",name:"input",variableName:"input"}],n={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},l={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={kind:"InlineFragment",selections:[l,{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slug",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testMode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slackChannel",storageKey:null}],type:"Campaign",abstractKey:null},i={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"campaignsUpdateMutation",selections:[{alias:null,args:a,concreteType:null,kind:"LinkedField",name:"updateCampaign",plural:!1,selections:[n,r,i],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"campaignsUpdateMutation",selections:[{alias:null,args:a,concreteType:null,kind:"LinkedField",name:"updateCampaign",plural:!1,selections:[n,r,i,{kind:"InlineFragment",selections:[l],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"1fd10e2e73494e3243b0c1fe3ad9c715",id:null,metadata:{},name:"campaignsUpdateMutation",operationKind:"mutation",text:`mutation campaignsUpdateMutation(
  $id: ID!
  $input: UpdateCampaignInput!
) {
  updateCampaign(id: $id, input: $input) {
    __typename
    ... on Campaign {
      id
      name
      slug
      phase
      status
      testMode
      slackChannel
    }
    ... on UserError {
      code
      message
      field
    }
    ... on Node {
      __isNode: __typename
      id
    }
  }
}
`}}})();f.hash="9cc719c7db6d7784e5715ad5d948b2a4";var R=f;var A=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"input"}],a=[{alias:null,args:[{kind:"Variable",name:"input",variableName:"input"}],concreteType:null,kind:"LinkedField",name:"setRewardRules",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"version",storageKey:null}],type:"RewardRuleVersion",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"campaignsRewardRulesMutation",selections:a,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"campaignsRewardRulesMutation",selections:a},params:{cacheID:"bd1eba31993379bd790c0f5f18b16df5",id:null,metadata:{},name:"campaignsRewardRulesMutation",operationKind:"mutation",text:`mutation campaignsRewardRulesMutation(
  $input: SetRewardRulesInput!
) {
  setRewardRules(input: $input) {
    __typename
    ... on RewardRuleVersion {
      version
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();A.hash="da488ade92871d19c73f06b3fde9f6f0";var F=A;var k=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"input"}],a=[{kind:"Variable",name:"input",variableName:"input"}],n={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},l={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={kind:"InlineFragment",selections:[l,{alias:null,args:null,concreteType:"FraudRuleSetting",kind:"LinkedField",name:"fraudRules",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"rule",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"mode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"threshold",storageKey:null}],storageKey:null}],type:"Campaign",abstractKey:null},i={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"campaignsFraudRulesMutation",selections:[{alias:null,args:a,concreteType:null,kind:"LinkedField",name:"setFraudRules",plural:!1,selections:[n,r,i],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"campaignsFraudRulesMutation",selections:[{alias:null,args:a,concreteType:null,kind:"LinkedField",name:"setFraudRules",plural:!1,selections:[n,r,i,{kind:"InlineFragment",selections:[l],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"191659a1c0c3bf1da6dafcac1002845c",id:null,metadata:{},name:"campaignsFraudRulesMutation",operationKind:"mutation",text:`mutation campaignsFraudRulesMutation(
  $input: SetFraudRulesInput!
) {
  setFraudRules(input: $input) {
    __typename
    ... on Campaign {
      id
      fraudRules {
        rule
        mode
        threshold
      }
    }
    ... on UserError {
      code
      message
      field
    }
    ... on Node {
      __isNode: __typename
      id
    }
  }
}
`}}})();k.hash="e319b9015ffc4fdbcd68547942972b5b";var S=k;var I=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"campaignId"},{defaultValue:null,kind:"LocalArgument",name:"scenario"}],a={alias:null,args:null,kind:"ScalarField",name:"recipient",storageKey:null},n={alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},l={alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"value",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null},r={alias:null,args:null,kind:"ScalarField",name:"reason",storageKey:null},i=[{alias:null,args:[{kind:"Variable",name:"campaignId",variableName:"campaignId"},{kind:"Variable",name:"scenario",variableName:"scenario"}],concreteType:"RewardPreview",kind:"LinkedField",name:"previewReward",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"ruleVersion",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"refused",storageKey:null},{alias:null,args:null,concreteType:"PreviewedReward",kind:"LinkedField",name:"rewards",plural:!0,selections:[a,{alias:null,args:null,kind:"ScalarField",name:"ruleKey",storageKey:null},n,l,{alias:null,args:null,kind:"ScalarField",name:"holdUntil",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"statusAfterHold",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvalsNeeded",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"WithheldReward",kind:"LinkedField",name:"withheld",plural:!0,selections:[r,{alias:null,args:null,concreteType:"PreviewedReward",kind:"LinkedField",name:"reward",plural:!1,selections:[a,n,l],storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"FraudSignal",kind:"LinkedField",name:"fraudSignals",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"rule",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"mode",storageKey:null},r],storageKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"campaignsPreviewQuery",selections:i,type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"campaignsPreviewQuery",selections:i},params:{cacheID:"a2c0d8f202809632fd12e30f7c5d56e4",id:null,metadata:{},name:"campaignsPreviewQuery",operationKind:"query",text:`query campaignsPreviewQuery(
  $campaignId: ID!
  $scenario: RewardScenario!
) {
  previewReward(campaignId: $campaignId, scenario: $scenario) {
    ruleVersion
    refused
    rewards {
      recipient
      ruleKey
      description
      value {
        formatted
      }
      holdUntil
      statusAfterHold
      approvalsNeeded
    }
    withheld {
      reason
      reward {
        recipient
        description
        value {
          formatted
        }
      }
    }
    fraudSignals {
      rule
      mode
      reason
    }
  }
}
`}}})();I.hash="e85bbe17e4b12c9c25b03e56baed2f44";var _=I;var C=(function(){var e={defaultValue:null,kind:"LocalArgument",name:"acknowledge"},a={defaultValue:null,kind:"LocalArgument",name:"id"},n=[{kind:"Variable",name:"acknowledge",variableName:"acknowledge"},{kind:"Variable",name:"id",variableName:"id"}],l={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},r={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},i={kind:"InlineFragment",selections:[r,{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null}],type:"Campaign",abstractKey:null},t={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:[e,a],kind:"Fragment",metadata:null,name:"campaignsLaunchMutation",selections:[{alias:null,args:n,concreteType:null,kind:"LinkedField",name:"launchCampaign",plural:!1,selections:[l,i,t],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[a,e],kind:"Operation",name:"campaignsLaunchMutation",selections:[{alias:null,args:n,concreteType:null,kind:"LinkedField",name:"launchCampaign",plural:!1,selections:[l,i,t,{kind:"InlineFragment",selections:[r],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"a92462cd9f14be34a77e19c0eb17ea08",id:null,metadata:{},name:"campaignsLaunchMutation",operationKind:"mutation",text:`mutation campaignsLaunchMutation(
  $id: ID!
  $acknowledge: [PreflightFindingCode!]
) {
  launchCampaign(id: $id, acknowledge: $acknowledge) {
    __typename
    ... on Campaign {
      id
      phase
      status
    }
    ... on UserError {
      code
      message
      field
    }
    ... on Node {
      __isNode: __typename
      id
    }
  }
}
`}}})();C.hash="2990562edb8d70991b5844923929790f";var D=C;var L=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"}],a=[{kind:"Variable",name:"id",variableName:"id"}],n={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},l={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={kind:"InlineFragment",selections:[l,{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null}],type:"Campaign",abstractKey:null},i={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"campaignsPauseMutation",selections:[{alias:null,args:a,concreteType:null,kind:"LinkedField",name:"pauseCampaign",plural:!1,selections:[n,r,i],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"campaignsPauseMutation",selections:[{alias:null,args:a,concreteType:null,kind:"LinkedField",name:"pauseCampaign",plural:!1,selections:[n,r,i,{kind:"InlineFragment",selections:[l],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"c40a179f59ad4e71b7002a5c9b341de7",id:null,metadata:{},name:"campaignsPauseMutation",operationKind:"mutation",text:`mutation campaignsPauseMutation(
  $id: ID!
) {
  pauseCampaign(id: $id) {
    __typename
    ... on Campaign {
      id
      phase
      status
    }
    ... on UserError {
      code
      message
      field
    }
    ... on Node {
      __isNode: __typename
      id
    }
  }
}
`}}})();L.hash="8b4e806f729ecbc6dea801512a7cd1ab";var K=L;var T=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"}],a=[{kind:"Variable",name:"id",variableName:"id"}],n={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},l={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={kind:"InlineFragment",selections:[l,{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null}],type:"Campaign",abstractKey:null},i={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"campaignsEndMutation",selections:[{alias:null,args:a,concreteType:null,kind:"LinkedField",name:"endCampaign",plural:!1,selections:[n,r,i],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"campaignsEndMutation",selections:[{alias:null,args:a,concreteType:null,kind:"LinkedField",name:"endCampaign",plural:!1,selections:[n,r,i,{kind:"InlineFragment",selections:[l],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"08853787e1f03ad97daf383d86e11818",id:null,metadata:{},name:"campaignsEndMutation",operationKind:"mutation",text:`mutation campaignsEndMutation(
  $id: ID!
) {
  endCampaign(id: $id) {
    __typename
    ... on Campaign {
      id
      phase
      status
    }
    ... on UserError {
      code
      message
      field
    }
    ... on Node {
      __isNode: __typename
      id
    }
  }
}
`}}})();T.hash="b06172d12904fc32504983550a599af8";var v=T;var N=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"}],a=[{kind:"Variable",name:"id",variableName:"id"}],n={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},l={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={kind:"InlineFragment",selections:[l,{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null}],type:"Campaign",abstractKey:null},i={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"campaignsArchiveMutation",selections:[{alias:null,args:a,concreteType:null,kind:"LinkedField",name:"archiveCampaign",plural:!1,selections:[n,r,i],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"campaignsArchiveMutation",selections:[{alias:null,args:a,concreteType:null,kind:"LinkedField",name:"archiveCampaign",plural:!1,selections:[n,r,i,{kind:"InlineFragment",selections:[l],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"36d1959419621b4d4cf05bfdac96272f",id:null,metadata:{},name:"campaignsArchiveMutation",operationKind:"mutation",text:`mutation campaignsArchiveMutation(
  $id: ID!
) {
  archiveCampaign(id: $id) {
    __typename
    ... on Campaign {
      id
      phase
      status
    }
    ... on UserError {
      code
      message
      field
    }
    ... on Node {
      __isNode: __typename
      id
    }
  }
}
`}}})();N.hash="9a34dffc234977b12832fc6619b9930b";var b=N;var ie=u,te=m,se=c,ue=E,de=R,oe=F,ge=S,me=_,pe=D,ce=K,ye=v,Ee=b;export{ie as a,te as b,se as c,ue as d,de as e,oe as f,ge as g,me as h,pe as i,ce as j,ye as k,Ee as l};
