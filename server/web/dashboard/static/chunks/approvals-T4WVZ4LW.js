import{c as N}from"./chunk-I4WIYIJT.js";import{b as k,c as se,e as oe,f as w,g as L,i as T,j as R,n as D,p as _}from"./chunk-7LAD5YVV.js";var m=k(se()),u=k(oe());var h=(function(){var l=[{defaultValue:25,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"}],n={alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},r={alias:null,args:null,concreteType:"RewardRejectReason",kind:"LinkedField",name:"rewardRejectReasons",plural:!0,selections:[n],storageKey:null},t=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"},{kind:"Literal",name:"status",value:"AWAITING_APPROVAL"}],o={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null};return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"approvalsQuery",selections:[r,{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"}],kind:"FragmentSpread",name:"approvalsList_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"approvalsQuery",selections:[r,{alias:null,args:t,concreteType:"RewardConnection",kind:"LinkedField",name:"rewards",plural:!1,selections:[{alias:null,args:null,concreteType:"RewardEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"node",plural:!1,selections:[o,{alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"value",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvalsNeeded",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"flagged",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[o,n],storageKey:null},{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"referral",plural:!1,selections:[o,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:t,filters:["status"],handle:"connection",key:"approvalsList__rewards",kind:"LinkedHandle",name:"rewards"}]},params:{cacheID:"385ab29bc36ee24aa3e987fff2523f34",id:null,metadata:{},name:"approvalsQuery",operationKind:"query",text:`query approvalsQuery(
  $count: Int = 25
  $cursor: String
) {
  rewardRejectReasons {
    name
  }
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
`}}})();h.hash="9feb1949138b3a400c1075331a19e074";var $=h;var V=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"}],n=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"},{kind:"Literal",name:"status",value:"AWAITING_APPROVAL"}],r={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null};return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"approvalsListPaginationQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"}],kind:"FragmentSpread",name:"approvalsList_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"approvalsListPaginationQuery",selections:[{alias:null,args:n,concreteType:"RewardConnection",kind:"LinkedField",name:"rewards",plural:!1,selections:[{alias:null,args:null,concreteType:"RewardEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"node",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"value",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvalsNeeded",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"flagged",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"referral",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:n,filters:["status"],handle:"connection",key:"approvalsList__rewards",kind:"LinkedHandle",name:"rewards"}]},params:{cacheID:"19fcac217a2d703582130f29c8e2afcf",id:null,metadata:{},name:"approvalsListPaginationQuery",operationKind:"query",text:`query approvalsListPaginationQuery(
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
`}}})();V.hash="438b6b2ca5f530356c03276dbfa66d07";var C=V;var M=(function(){var l=["rewards"],n={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null};return{argumentDefinitions:[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"}],kind:"Fragment",metadata:{connection:[{count:"count",cursor:"cursor",direction:"forward",path:l}],refetch:{connection:{forward:{count:"count",cursor:"cursor"},backward:null,path:l},fragmentPathInResult:[],operation:C}},name:"approvalsList_query",selections:[{alias:"rewards",args:[{kind:"Literal",name:"status",value:"AWAITING_APPROVAL"}],concreteType:"RewardConnection",kind:"LinkedField",name:"__approvalsList__rewards_connection",plural:!1,selections:[{alias:null,args:null,concreteType:"RewardEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"node",plural:!1,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"value",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvalsNeeded",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"flagged",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"referral",plural:!1,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:'__approvalsList__rewards_connection(status:"AWAITING_APPROVAL")'}],type:"Query",abstractKey:null}})();M.hash="438b6b2ca5f530356c03276dbfa66d07";var P=M;var j=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"id"}],n=[{alias:null,args:[{kind:"Variable",name:"id",variableName:"id"}],concreteType:null,kind:"LinkedField",name:"approveReward",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"reward",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null}],storageKey:null}],type:"RewardDecision",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"approvalsApproveMutation",selections:n,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"approvalsApproveMutation",selections:n},params:{cacheID:"4995178eddaa921fbb85f19032a35045",id:null,metadata:{},name:"approvalsApproveMutation",operationKind:"mutation",text:`mutation approvalsApproveMutation(
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
`}}})();j.hash="c45da23511f5433a2c9b294ca3c4b7a7";var x=j;var q=(function(){var l={defaultValue:null,kind:"LocalArgument",name:"id"},n={defaultValue:null,kind:"LocalArgument",name:"note"},r={defaultValue:null,kind:"LocalArgument",name:"reason"},t=[{kind:"Variable",name:"id",variableName:"id"},{kind:"Variable",name:"note",variableName:"note"},{kind:"Variable",name:"reason",variableName:"reason"}],o={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},c={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},y={kind:"InlineFragment",selections:[c,{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"rejectReason",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"rejectNote",storageKey:null}],type:"Reward",abstractKey:null},p={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:[l,n,r],kind:"Fragment",metadata:null,name:"approvalsRejectMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"rejectReward",plural:!1,selections:[o,y,p],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[l,r,n],kind:"Operation",name:"approvalsRejectMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"rejectReward",plural:!1,selections:[o,y,p,{kind:"InlineFragment",selections:[c],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"f5462cc51847214c5dfd98d9866187bc",id:null,metadata:{},name:"approvalsRejectMutation",operationKind:"mutation",text:`mutation approvalsRejectMutation(
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
`}}})();q.hash="62a52d0763671f7abfa0e067e7442a28";var O=q;var B=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"ids"}],n={alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},r={alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},t=[{alias:null,args:[{kind:"Variable",name:"ids",variableName:"ids"}],concreteType:null,kind:"LinkedField",name:"approveRewards",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"succeeded",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"BulkFailure",kind:"LinkedField",name:"failed",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"rewardId",storageKey:null},{alias:null,args:null,concreteType:"UserError",kind:"LinkedField",name:"error",plural:!1,selections:[n,r],storageKey:null}],storageKey:null}],type:"BulkResult",abstractKey:null},{kind:"InlineFragment",selections:[n,r,{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"approvalsBulkApproveMutation",selections:t,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"approvalsBulkApproveMutation",selections:t},params:{cacheID:"8388b80e2f7d0a68f6ca416099e482cb",id:null,metadata:{},name:"approvalsBulkApproveMutation",operationKind:"mutation",text:`mutation approvalsBulkApproveMutation(
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
        rewardId
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
`}}})();B.hash="edaeeb2e6c1f9bf5a43d41960bc19f0c";var U=B;var Q=(function(){var l={defaultValue:null,kind:"LocalArgument",name:"ids"},n={defaultValue:null,kind:"LocalArgument",name:"note"},r={defaultValue:null,kind:"LocalArgument",name:"reason"},t={alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},o={alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},c=[{alias:null,args:[{kind:"Variable",name:"ids",variableName:"ids"},{kind:"Variable",name:"note",variableName:"note"},{kind:"Variable",name:"reason",variableName:"reason"}],concreteType:null,kind:"LinkedField",name:"rejectRewards",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"succeeded",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"BulkFailure",kind:"LinkedField",name:"failed",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"rewardId",storageKey:null},{alias:null,args:null,concreteType:"UserError",kind:"LinkedField",name:"error",plural:!1,selections:[t,o],storageKey:null}],storageKey:null}],type:"BulkResult",abstractKey:null},{kind:"InlineFragment",selections:[t,o,{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:[l,n,r],kind:"Fragment",metadata:null,name:"approvalsBulkRejectMutation",selections:c,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[l,r,n],kind:"Operation",name:"approvalsBulkRejectMutation",selections:c},params:{cacheID:"ce0c1138b2ba7bf37add00f270da98a9",id:null,metadata:{},name:"approvalsBulkRejectMutation",operationKind:"mutation",text:`mutation approvalsBulkRejectMutation(
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
        rewardId
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
`}}})();Q.hash="269ff9348c204d61c4ddbfbf2bfc16f1";var G=Q;var z=$,W=P,H=x,J=O,X=U,Y=G;var e=k(w());function Ie(){let[l,n]=(0,m.useState)(0),r=(0,u.useLazyLoadQuery)(z,{},{fetchPolicy:"store-and-network",fetchKey:l});return(0,e.jsxs)(e.Fragment,{children:[(0,e.jsx)("h1",{children:"Approvals"}),(0,e.jsx)(ie,{query:r,reasons:r.rewardRejectReasons,changed:()=>n(t=>t+1)})]})}function ie({query:l,reasons:n,changed:r}){let{data:t,hasNext:o,loadNext:c,isLoadingNext:y}=(0,u.usePaginationFragment)(W,l),p=N("rewards:approve"),[d,E]=(0,m.useState)(new Set),[b,v]=(0,m.useState)(null),[K,A]=(0,m.useState)(null),[g,Z]=(0,m.useState)("not_eligible"),[F,ee]=(0,m.useState)(""),[ae]=(0,u.useMutation)(H),[ne]=(0,u.useMutation)(J),[le]=(0,u.useMutation)(X),[re]=(0,u.useMutation)(Y),f=a=>v({code:"NETWORK",message:a.message}),I=t.rewards.edges.map(a=>a.node),te=a=>E(i=>{let s=new Set(i);return s.has(a)?s.delete(a):s.add(a),s}),S=a=>{let i=_(a);v(i),i||(A(`${a.succeeded?.length??0} done${a.failed?.length?`; ${a.failed.length} refused: ${a.failed.map(s=>s.error.message).join("; ")}`:""}.`),E(new Set),r())};return(0,e.jsxs)(e.Fragment,{children:[p?(0,e.jsxs)("fieldset",{className:"toolbar",children:[(0,e.jsx)("legend",{children:"Reject with a reason (one reward or the selected ones)"}),(0,e.jsx)(T,{label:"Reason",name:"reason",value:g,options:n.map(a=>a.name),onChange:Z}),(0,e.jsxs)("div",{className:"field",children:[(0,e.jsx)("label",{htmlFor:"f-note",children:"Note for the record"}),(0,e.jsx)("input",{id:"f-note",value:F,onChange:a=>ee(a.target.value)}),(0,e.jsx)(L,{problem:b,field:"note"})]}),(0,e.jsx)(R,{label:`Approve selected (${d.size})`,question:`Approve ${d.size} rewards?`,disabled:!d.size,onConfirm:()=>le({variables:{ids:[...d]},onCompleted:a=>S(a.approveRewards),onError:f})}),(0,e.jsx)(R,{label:`Reject selected (${d.size})`,danger:!0,question:`Reject ${d.size} rewards as ${g}?`,disabled:!d.size,onConfirm:()=>re({variables:{ids:[...d],reason:g,note:F},onCompleted:a=>S(a.rejectRewards),onError:f})})]}):null,(0,e.jsx)(L,{problem:b}),K?(0,e.jsx)("p",{role:"status",children:K}):null,(0,e.jsxs)("table",{children:[(0,e.jsx)("caption",{className:"sr-only",children:"Rewards awaiting approval"}),(0,e.jsx)("thead",{children:(0,e.jsxs)("tr",{children:[p?(0,e.jsx)("th",{scope:"col",children:"Select"}):null,(0,e.jsx)("th",{scope:"col",children:"Reward"}),(0,e.jsx)("th",{scope:"col",children:"Campaign"}),(0,e.jsx)("th",{scope:"col",children:"Friend"}),(0,e.jsx)("th",{scope:"col",children:"Four eyes"}),(0,e.jsx)("th",{scope:"col",children:"Created"}),p?(0,e.jsx)("th",{scope:"col",children:"Decide"}):null]})}),(0,e.jsxs)("tbody",{children:[I.length===0?(0,e.jsx)("tr",{children:(0,e.jsx)("td",{colSpan:7,children:"Nothing waits for approval."})}):null,I.map(a=>(0,e.jsxs)("tr",{"data-reward":a.id,children:[p?(0,e.jsx)("td",{children:(0,e.jsx)("input",{type:"checkbox","aria-label":`Select ${a.value.formatted} for ${a.referral?.friendEmail??a.description}`,checked:d.has(a.id),onChange:()=>te(a.id)})}):null,(0,e.jsxs)("td",{children:[(0,e.jsx)("b",{children:a.value.formatted})," ",a.description," ",a.flagged?(0,e.jsx)("span",{className:"phase phase-ended",children:"flagged"}):null]}),(0,e.jsx)("td",{children:a.campaign.name}),(0,e.jsx)("td",{children:a.referral?.friendEmail??"\u2014"}),(0,e.jsxs)("td",{children:[a.approvals,"/",a.approvalsNeeded," approvals",a.approvalsNeeded>1?" (two people must approve)":""]}),(0,e.jsx)("td",{children:D(a.createdAt)}),p?(0,e.jsxs)("td",{children:[(0,e.jsx)("button",{type:"button",onClick:()=>ae({variables:{id:a.id},onCompleted:i=>{let s=_(i.approveReward);v(s),!s&&i.approveReward.__typename==="RewardDecision"&&(A(`Approved ${a.value.formatted}: ${i.approveReward.reward.approvals}/${a.approvalsNeeded} approvals, now ${i.approveReward.reward.status.toLowerCase().replaceAll("_"," ")}.`),r())},onError:f}),children:"Approve"})," ",(0,e.jsx)(R,{label:"Reject",danger:!0,question:`Reject as ${g}?`,onConfirm:()=>ne({variables:{id:a.id,reason:g,note:F},onCompleted:i=>{let s=_(i.rejectReward);v(s),s||(A(`Rejected ${a.value.formatted} (${g}).`),r())},onError:f})})]}):null]},a.id))]})]}),o?(0,e.jsx)("button",{type:"button",disabled:y,onClick:()=>c(25),children:"More rewards"}):null]})}export{Ie as Approvals};
