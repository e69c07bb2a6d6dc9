import{c as S}from"./chunk-OD5664TI.js";import{b as f,c as te,e as se,f as N,g as F,i as D,j as k,n as T,p as R}from"./chunk-WZEV5IBD.js";var m=f(te()),p=f(se());var w=(function(){var l=[{defaultValue:25,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"}],n=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"},{kind:"Literal",name:"status",value:"AWAITING_APPROVAL"}],r={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null};return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"approvalsQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"}],kind:"FragmentSpread",name:"approvalsList_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"approvalsQuery",selections:[{alias:null,args:n,concreteType:"RewardConnection",kind:"LinkedField",name:"rewards",plural:!1,selections:[{alias:null,args:null,concreteType:"RewardEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"node",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"value",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvalsNeeded",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"flagged",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"referral",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:n,filters:["status"],handle:"connection",key:"approvalsList__rewards",kind:"LinkedHandle",name:"rewards"}]},params:{cacheID:"fa720928725b2d5dbb317421ea4a7a47",id:null,metadata:{},name:"approvalsQuery",operationKind:"query",text:`query approvalsQuery(
  $count: Int = 25
  $cursor: String
) {
  ...approvalsList_query_1G22uz
}

fragment approvalsList_query_1G22uz on Query {
  rewards(status: AWAITING_APPROVAL, first: $count, after: $cursor) {
    edges {
      node {
        id
        description
        value {
          amount
          currency
          formatted
        }
        approvals
        approvalsNeeded
        flagged
        createdAt
        campaign {
          id
          name
        }
        referral {
          id
          friendEmail
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
`}}})();w.hash="390ec08ed7552d38fff1dfb6ae81e8f1";var h=w;var $=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"}],n=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"},{kind:"Literal",name:"status",value:"AWAITING_APPROVAL"}],r={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null};return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"approvalsListPaginationQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"}],kind:"FragmentSpread",name:"approvalsList_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"approvalsListPaginationQuery",selections:[{alias:null,args:n,concreteType:"RewardConnection",kind:"LinkedField",name:"rewards",plural:!1,selections:[{alias:null,args:null,concreteType:"RewardEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"node",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"value",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvalsNeeded",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"flagged",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"referral",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:n,filters:["status"],handle:"connection",key:"approvalsList__rewards",kind:"LinkedHandle",name:"rewards"}]},params:{cacheID:"19fcac217a2d703582130f29c8e2afcf",id:null,metadata:{},name:"approvalsListPaginationQuery",operationKind:"query",text:`query approvalsListPaginationQuery(
  $count: Int
  $cursor: String
) {
  ...approvalsList_query_1G22uz
}

fragment approvalsList_query_1G22uz on Query {
  rewards(status: AWAITING_APPROVAL, first: $count, after: $cursor) {
    edges {
      node {
        id
        description
        value {
          amount
          currency
          formatted
        }
        approvals
        approvalsNeeded
        flagged
        createdAt
        campaign {
          id
          name
        }
        referral {
          id
          friendEmail
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
`}}})();$.hash="438b6b2ca5f530356c03276dbfa66d07";var V=$;var C=(function(){var l=["rewards"],n={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null};return{argumentDefinitions:[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"}],kind:"Fragment",metadata:{connection:[{count:"count",cursor:"cursor",direction:"forward",path:l}],refetch:{connection:{forward:{count:"count",cursor:"cursor"},backward:null,path:l},fragmentPathInResult:[],operation:V}},name:"approvalsList_query",selections:[{alias:"rewards",args:[{kind:"Literal",name:"status",value:"AWAITING_APPROVAL"}],concreteType:"RewardConnection",kind:"LinkedField",name:"__approvalsList__rewards_connection",plural:!1,selections:[{alias:null,args:null,concreteType:"RewardEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"node",plural:!1,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"value",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvalsNeeded",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"flagged",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"referral",plural:!1,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:'__approvalsList__rewards_connection(status:"AWAITING_APPROVAL")'}],type:"Query",abstractKey:null}})();C.hash="438b6b2ca5f530356c03276dbfa66d07";var M=C;var P=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"id"}],n=[{alias:null,args:[{kind:"Variable",name:"id",variableName:"id"}],concreteType:null,kind:"LinkedField",name:"approveReward",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"reward",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null}],storageKey:null}],type:"RewardDecision",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"approvalsApproveMutation",selections:n,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"approvalsApproveMutation",selections:n},params:{cacheID:"4995178eddaa921fbb85f19032a35045",id:null,metadata:{},name:"approvalsApproveMutation",operationKind:"mutation",text:`mutation approvalsApproveMutation(
  $id: ID!
) {
  approveReward(id: $id) {
    __typename
    ... on RewardDecision {
      reward {
        id
        status
        approvals
      }
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();P.hash="c45da23511f5433a2c9b294ca3c4b7a7";var x=P;var j=(function(){var l={defaultValue:null,kind:"LocalArgument",name:"id"},n={defaultValue:null,kind:"LocalArgument",name:"note"},r={defaultValue:null,kind:"LocalArgument",name:"reason"},t=[{kind:"Variable",name:"id",variableName:"id"},{kind:"Variable",name:"note",variableName:"note"},{kind:"Variable",name:"reason",variableName:"reason"}],u={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},c={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},i={kind:"InlineFragment",selections:[c,{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"rejectReason",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"rejectNote",storageKey:null}],type:"Reward",abstractKey:null},s={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:[l,n,r],kind:"Fragment",metadata:null,name:"approvalsRejectMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"rejectReward",plural:!1,selections:[u,i,s],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[l,r,n],kind:"Operation",name:"approvalsRejectMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"rejectReward",plural:!1,selections:[u,i,s,{kind:"InlineFragment",selections:[c],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"f5462cc51847214c5dfd98d9866187bc",id:null,metadata:{},name:"approvalsRejectMutation",operationKind:"mutation",text:`mutation approvalsRejectMutation(
  $id: ID!
  $reason: String!
  $note: String!
) {
  rejectReward(id: $id, reason: $reason, note: $note) {
    __typename
    ... on Reward {
      id
      status
      rejectReason
      rejectNote
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
`}}})();j.hash="62a52d0763671f7abfa0e067e7442a28";var q=j;var O=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"ids"}],n={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},t={alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},u=[{alias:null,args:[{kind:"Variable",name:"ids",variableName:"ids"}],concreteType:null,kind:"LinkedField",name:"approveRewards",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"succeeded",plural:!0,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"BulkFailure",kind:"LinkedField",name:"failed",plural:!0,selections:[n,{alias:null,args:null,concreteType:"UserError",kind:"LinkedField",name:"error",plural:!1,selections:[r,t],storageKey:null}],storageKey:null}],type:"BulkResult",abstractKey:null},{kind:"InlineFragment",selections:[r,t,{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"approvalsBulkApproveMutation",selections:u,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"approvalsBulkApproveMutation",selections:u},params:{cacheID:"9153e6b2f96e742bcbc03b5d7b34ba38",id:null,metadata:{},name:"approvalsBulkApproveMutation",operationKind:"mutation",text:`mutation approvalsBulkApproveMutation(
  $ids: [ID!]!
) {
  approveRewards(ids: $ids) {
    __typename
    ... on BulkResult {
      succeeded {
        id
        status
        approvals
      }
      failed {
        id
        error {
          code
          message
        }
      }
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();O.hash="31a55db97d8bed8df34e1c167c4505a9";var B=O;var U=(function(){var l={defaultValue:null,kind:"LocalArgument",name:"ids"},n={defaultValue:null,kind:"LocalArgument",name:"note"},r={defaultValue:null,kind:"LocalArgument",name:"reason"},t={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},u={alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},c={alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},i=[{alias:null,args:[{kind:"Variable",name:"ids",variableName:"ids"},{kind:"Variable",name:"note",variableName:"note"},{kind:"Variable",name:"reason",variableName:"reason"}],concreteType:null,kind:"LinkedField",name:"rejectRewards",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"succeeded",plural:!0,selections:[t,{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"BulkFailure",kind:"LinkedField",name:"failed",plural:!0,selections:[t,{alias:null,args:null,concreteType:"UserError",kind:"LinkedField",name:"error",plural:!1,selections:[u,c],storageKey:null}],storageKey:null}],type:"BulkResult",abstractKey:null},{kind:"InlineFragment",selections:[u,c,{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:[l,n,r],kind:"Fragment",metadata:null,name:"approvalsBulkRejectMutation",selections:i,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[l,r,n],kind:"Operation",name:"approvalsBulkRejectMutation",selections:i},params:{cacheID:"57be8dcb9b77e5df99777da3866756ba",id:null,metadata:{},name:"approvalsBulkRejectMutation",operationKind:"mutation",text:`mutation approvalsBulkRejectMutation(
  $ids: [ID!]!
  $reason: String!
  $note: String!
) {
  rejectRewards(ids: $ids, reason: $reason, note: $note) {
    __typename
    ... on BulkResult {
      succeeded {
        id
        status
      }
      failed {
        id
        error {
          code
          message
        }
      }
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();U.hash="cd3085e1844410ab7ab89499ce55440c";var Q=U;var G=h,z=M,W=x,H=q,J=B,X=Q;var e=f(N()),oe=["fraud","self_referral","duplicate","not_eligible","refunded","other"];function Ie(){let[l,n]=(0,m.useState)(0),r=(0,p.useLazyLoadQuery)(G,{},{fetchPolicy:"store-and-network",fetchKey:l});return(0,e.jsxs)(e.Fragment,{children:[(0,e.jsx)("h1",{children:"Approvals"}),(0,e.jsx)(ie,{query:r,changed:()=>n(t=>t+1)})]})}function ie({query:l,changed:n}){let{data:r,hasNext:t,loadNext:u,isLoadingNext:c}=(0,p.usePaginationFragment)(z,l),i=S("rewards:approve"),[s,L]=(0,m.useState)(new Set),[b,y]=(0,m.useState)(null),[E,_]=(0,m.useState)(null),[g,Y]=(0,m.useState)("not_eligible"),[A,Z]=(0,m.useState)(""),[ee]=(0,p.useMutation)(W),[ae]=(0,p.useMutation)(H),[ne]=(0,p.useMutation)(J),[le]=(0,p.useMutation)(X),v=a=>y({code:"NETWORK",message:a.message}),K=r.rewards.edges.map(a=>a.node),re=a=>L(d=>{let o=new Set(d);return o.has(a)?o.delete(a):o.add(a),o}),I=a=>{let d=R(a);y(d),d||(_(`${a.succeeded?.length??0} done${a.failed?.length?`; ${a.failed.length} refused: ${a.failed.map(o=>o.error.message).join("; ")}`:""}.`),L(new Set),n())};return(0,e.jsxs)(e.Fragment,{children:[i?(0,e.jsxs)("fieldset",{className:"toolbar",children:[(0,e.jsx)("legend",{children:"Reject with a reason (one reward or the selected ones)"}),(0,e.jsx)(D,{label:"Reason",name:"reason",value:g,options:oe,onChange:Y}),(0,e.jsxs)("div",{className:"field",children:[(0,e.jsx)("label",{htmlFor:"f-note",children:"Note for the record"}),(0,e.jsx)("input",{id:"f-note",value:A,onChange:a=>Z(a.target.value)}),(0,e.jsx)(F,{problem:b,field:"note"})]}),(0,e.jsx)(k,{label:`Approve selected (${s.size})`,question:`Approve ${s.size} rewards?`,disabled:!s.size,onConfirm:()=>ne({variables:{ids:[...s]},onCompleted:a=>I(a.approveRewards),onError:v})}),(0,e.jsx)(k,{label:`Reject selected (${s.size})`,danger:!0,question:`Reject ${s.size} rewards as ${g}?`,disabled:!s.size,onConfirm:()=>le({variables:{ids:[...s],reason:g,note:A},onCompleted:a=>I(a.rejectRewards),onError:v})})]}):null,(0,e.jsx)(F,{problem:b}),E?(0,e.jsx)("p",{role:"status",children:E}):null,(0,e.jsxs)("table",{children:[(0,e.jsx)("caption",{className:"sr-only",children:"Rewards awaiting approval"}),(0,e.jsx)("thead",{children:(0,e.jsxs)("tr",{children:[i?(0,e.jsx)("th",{scope:"col",children:"Select"}):null,(0,e.jsx)("th",{scope:"col",children:"Reward"}),(0,e.jsx)("th",{scope:"col",children:"Campaign"}),(0,e.jsx)("th",{scope:"col",children:"Friend"}),(0,e.jsx)("th",{scope:"col",children:"Four eyes"}),(0,e.jsx)("th",{scope:"col",children:"Created"}),i?(0,e.jsx)("th",{scope:"col",children:"Decide"}):null]})}),(0,e.jsxs)("tbody",{children:[K.length===0?(0,e.jsx)("tr",{children:(0,e.jsx)("td",{colSpan:7,children:"Nothing waits for approval."})}):null,K.map(a=>(0,e.jsxs)("tr",{"data-reward":a.id,children:[i?(0,e.jsx)("td",{children:(0,e.jsx)("input",{type:"checkbox","aria-label":`Select ${a.value.formatted} for ${a.referral?.friendEmail??a.description}`,checked:s.has(a.id),onChange:()=>re(a.id)})}):null,(0,e.jsxs)("td",{children:[(0,e.jsx)("b",{children:a.value.formatted})," ",a.description," ",a.flagged?(0,e.jsx)("span",{className:"phase phase-ended",children:"flagged"}):null]}),(0,e.jsx)("td",{children:a.campaign.name}),(0,e.jsx)("td",{children:a.referral?.friendEmail??"\u2014"}),(0,e.jsxs)("td",{children:[a.approvals,"/",a.approvalsNeeded," approvals",a.approvalsNeeded>1?" (two people must approve)":""]}),(0,e.jsx)("td",{children:T(a.createdAt)}),i?(0,e.jsxs)("td",{children:[(0,e.jsx)("button",{type:"button",onClick:()=>ee({variables:{id:a.id},onCompleted:d=>{let o=R(d.approveReward);y(o),!o&&d.approveReward.__typename==="RewardDecision"&&(_(`Approved ${a.value.formatted}: ${d.approveReward.reward.approvals}/${a.approvalsNeeded} approvals, now ${d.approveReward.reward.status.toLowerCase().replaceAll("_"," ")}.`),n())},onError:v}),children:"Approve"})," ",(0,e.jsx)(k,{label:"Reject",danger:!0,question:`Reject as ${g}?`,onConfirm:()=>ae({variables:{id:a.id,reason:g,note:A},onCompleted:d=>{let o=R(d.rejectReward);y(o),o||(_(`Rejected ${a.value.formatted} (${g}).`),n())},onError:v})})]}):null]},a.id))]})]}),t?(0,e.jsx)("button",{type:"button",disabled:c,onClick:()=>u(25),children:"More rewards"}):null]})}export{Ie as Approvals};
