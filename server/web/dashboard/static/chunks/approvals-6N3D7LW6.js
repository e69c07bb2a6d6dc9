import{c as T}from"./chunk-GZZBYKI4.js";import{b as f,c as ie,e as de,h as D,i as K,k as h,l as R,p as $,r as F}from"./chunk-OY3M5FKQ.js";var g=f(ie()),u=f(de());var C=(function(){var r=[{defaultValue:25,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"}],n={alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},l={alias:null,args:null,concreteType:"RewardRejectReason",kind:"LinkedField",name:"rewardRejectReasons",plural:!0,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"label",storageKey:null}],storageKey:null},t=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"},{kind:"Literal",name:"status",value:"AWAITING_APPROVAL"}],s={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null};return{fragment:{argumentDefinitions:r,kind:"Fragment",metadata:null,name:"approvalsQuery",selections:[l,{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"}],kind:"FragmentSpread",name:"approvalsList_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:r,kind:"Operation",name:"approvalsQuery",selections:[l,{alias:null,args:t,concreteType:"RewardConnection",kind:"LinkedField",name:"rewards",plural:!1,selections:[{alias:null,args:null,concreteType:"RewardEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"node",plural:!1,selections:[s,{alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"value",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvalsNeeded",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"flagged",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[s,n],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"recipient",storageKey:null},{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"referral",plural:!1,selections:[s,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null},{alias:null,args:null,concreteType:"Link",kind:"LinkedField",name:"link",plural:!1,selections:[s,{alias:null,args:null,concreteType:"Advocate",kind:"LinkedField",name:"advocate",plural:!1,selections:[s,n,{alias:null,args:null,kind:"ScalarField",name:"email",storageKey:null}],storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:t,filters:["status"],handle:"connection",key:"approvalsList__rewards",kind:"LinkedHandle",name:"rewards"}]},params:{cacheID:"4a8cce39779c6da6ea1c4eb48f009c63",id:null,metadata:{},name:"approvalsQuery",operationKind:"query",text:`query approvalsQuery(
  $count: Int = 25
  $cursor: String
) {
  rewardRejectReasons {
    name
    label
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
        recipient
        referral {
          id
          friendEmail
          link {
            id
            advocate {
              id
              name
              email
            }
          }
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
`}}})();C.hash="5ce6931a25352e540810be2a41618b59";var V=C;var M=(function(){var r=[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"}],n=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"},{kind:"Literal",name:"status",value:"AWAITING_APPROVAL"}],l={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},t={alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null};return{fragment:{argumentDefinitions:r,kind:"Fragment",metadata:null,name:"approvalsListPaginationQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"}],kind:"FragmentSpread",name:"approvalsList_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:r,kind:"Operation",name:"approvalsListPaginationQuery",selections:[{alias:null,args:n,concreteType:"RewardConnection",kind:"LinkedField",name:"rewards",plural:!1,selections:[{alias:null,args:null,concreteType:"RewardEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"node",plural:!1,selections:[l,{alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"value",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvalsNeeded",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"flagged",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[l,t],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"recipient",storageKey:null},{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"referral",plural:!1,selections:[l,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null},{alias:null,args:null,concreteType:"Link",kind:"LinkedField",name:"link",plural:!1,selections:[l,{alias:null,args:null,concreteType:"Advocate",kind:"LinkedField",name:"advocate",plural:!1,selections:[l,t,{alias:null,args:null,kind:"ScalarField",name:"email",storageKey:null}],storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:n,filters:["status"],handle:"connection",key:"approvalsList__rewards",kind:"LinkedHandle",name:"rewards"}]},params:{cacheID:"ef2415ad34e421a88e34db853f0ed9b0",id:null,metadata:{},name:"approvalsListPaginationQuery",operationKind:"query",text:`query approvalsListPaginationQuery(
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
        recipient
        referral {
          id
          friendEmail
          link {
            id
            advocate {
              id
              name
              email
            }
          }
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
`}}})();M.hash="8d29789ec97899b821c09bb7a4d86ed5";var P=M;var j=(function(){var r=["rewards"],n={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},l={alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null};return{argumentDefinitions:[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"}],kind:"Fragment",metadata:{connection:[{count:"count",cursor:"cursor",direction:"forward",path:r}],refetch:{connection:{forward:{count:"count",cursor:"cursor"},backward:null,path:r},fragmentPathInResult:[],operation:P}},name:"approvalsList_query",selections:[{alias:"rewards",args:[{kind:"Literal",name:"status",value:"AWAITING_APPROVAL"}],concreteType:"RewardConnection",kind:"LinkedField",name:"__approvalsList__rewards_connection",plural:!1,selections:[{alias:null,args:null,concreteType:"RewardEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"node",plural:!1,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"value",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"amount",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"currency",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvalsNeeded",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"flagged",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[n,l],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"recipient",storageKey:null},{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"referral",plural:!1,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null},{alias:null,args:null,concreteType:"Link",kind:"LinkedField",name:"link",plural:!1,selections:[n,{alias:null,args:null,concreteType:"Advocate",kind:"LinkedField",name:"advocate",plural:!1,selections:[n,l,{alias:null,args:null,kind:"ScalarField",name:"email",storageKey:null}],storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:'__approvalsList__rewards_connection(status:"AWAITING_APPROVAL")'}],type:"Query",abstractKey:null}})();j.hash="8d29789ec97899b821c09bb7a4d86ed5";var x=j;var q=(function(){var r=[{defaultValue:null,kind:"LocalArgument",name:"id"}],n=[{alias:null,args:[{kind:"Variable",name:"id",variableName:"id"}],concreteType:null,kind:"LinkedField",name:"approveReward",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"reward",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null}],storageKey:null}],type:"RewardDecision",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:r,kind:"Fragment",metadata:null,name:"approvalsApproveMutation",selections:n,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:r,kind:"Operation",name:"approvalsApproveMutation",selections:n},params:{cacheID:"4995178eddaa921fbb85f19032a35045",id:null,metadata:{},name:"approvalsApproveMutation",operationKind:"mutation",text:`mutation approvalsApproveMutation(
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
`}}})();q.hash="c45da23511f5433a2c9b294ca3c4b7a7";var O=q;var B=(function(){var r={defaultValue:null,kind:"LocalArgument",name:"id"},n={defaultValue:null,kind:"LocalArgument",name:"note"},l={defaultValue:null,kind:"LocalArgument",name:"reason"},t=[{kind:"Variable",name:"id",variableName:"id"},{kind:"Variable",name:"note",variableName:"note"},{kind:"Variable",name:"reason",variableName:"reason"}],s={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},c={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},y={kind:"InlineFragment",selections:[c,{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"rejectReason",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"rejectNote",storageKey:null}],type:"Reward",abstractKey:null},p={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:[r,n,l],kind:"Fragment",metadata:null,name:"approvalsRejectMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"rejectReward",plural:!1,selections:[s,y,p],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[r,l,n],kind:"Operation",name:"approvalsRejectMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"rejectReward",plural:!1,selections:[s,y,p,{kind:"InlineFragment",selections:[c],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"f5462cc51847214c5dfd98d9866187bc",id:null,metadata:{},name:"approvalsRejectMutation",operationKind:"mutation",text:`mutation approvalsRejectMutation(
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
`}}})();B.hash="62a52d0763671f7abfa0e067e7442a28";var U=B;var Q=(function(){var r=[{defaultValue:null,kind:"LocalArgument",name:"ids"}],n={alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},l={alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},t=[{alias:null,args:[{kind:"Variable",name:"ids",variableName:"ids"}],concreteType:null,kind:"LinkedField",name:"approveRewards",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"succeeded",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"approvals",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"BulkFailure",kind:"LinkedField",name:"failed",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"rewardId",storageKey:null},{alias:null,args:null,concreteType:"UserError",kind:"LinkedField",name:"error",plural:!1,selections:[n,l],storageKey:null}],storageKey:null}],type:"BulkResult",abstractKey:null},{kind:"InlineFragment",selections:[n,l,{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:r,kind:"Fragment",metadata:null,name:"approvalsBulkApproveMutation",selections:t,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:r,kind:"Operation",name:"approvalsBulkApproveMutation",selections:t},params:{cacheID:"8388b80e2f7d0a68f6ca416099e482cb",id:null,metadata:{},name:"approvalsBulkApproveMutation",operationKind:"mutation",text:`mutation approvalsBulkApproveMutation(
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
`}}})();Q.hash="edaeeb2e6c1f9bf5a43d41960bc19f0c";var G=Q;var z=(function(){var r={defaultValue:null,kind:"LocalArgument",name:"ids"},n={defaultValue:null,kind:"LocalArgument",name:"note"},l={defaultValue:null,kind:"LocalArgument",name:"reason"},t={alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},s={alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},c=[{alias:null,args:[{kind:"Variable",name:"ids",variableName:"ids"},{kind:"Variable",name:"note",variableName:"note"},{kind:"Variable",name:"reason",variableName:"reason"}],concreteType:null,kind:"LinkedField",name:"rejectRewards",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,concreteType:"Reward",kind:"LinkedField",name:"succeeded",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"BulkFailure",kind:"LinkedField",name:"failed",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"rewardId",storageKey:null},{alias:null,args:null,concreteType:"UserError",kind:"LinkedField",name:"error",plural:!1,selections:[t,s],storageKey:null}],storageKey:null}],type:"BulkResult",abstractKey:null},{kind:"InlineFragment",selections:[t,s,{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:[r,n,l],kind:"Fragment",metadata:null,name:"approvalsBulkRejectMutation",selections:c,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[r,l,n],kind:"Operation",name:"approvalsBulkRejectMutation",selections:c},params:{cacheID:"ce0c1138b2ba7bf37add00f270da98a9",id:null,metadata:{},name:"approvalsBulkRejectMutation",operationKind:"mutation",text:`mutation approvalsBulkRejectMutation(
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
`}}})();z.hash="269ff9348c204d61c4ddbfbf2bfc16f1";var W=z;var H=V,J=x,X=O,Y=U,Z=G,ee=W;var a=f(D());function Ne(){let[r,n]=(0,g.useState)(0),l=(0,u.useLazyLoadQuery)(H,{},{fetchPolicy:"store-and-network",fetchKey:r});return(0,a.jsxs)(a.Fragment,{children:[(0,a.jsx)("h1",{children:"Approvals"}),(0,a.jsx)(ue,{query:l,reasons:l.rewardRejectReasons,changed:()=>n(t=>t+1)})]})}function ue({query:r,reasons:n,changed:l}){let{data:t,hasNext:s,loadNext:c,isLoadingNext:y}=(0,u.usePaginationFragment)(J,r),p=T("rewards:approve"),[d,b]=(0,g.useState)(new Set),[E,v]=(0,g.useState)(null),[I,A]=(0,g.useState)(null),[m,ae]=(0,g.useState)("not_eligible"),S=Object.fromEntries(n.map(e=>[e.name,e.label])),_=S[m]?.toLowerCase()??m,[L,ne]=(0,g.useState)(""),[le]=(0,u.useMutation)(X),[re]=(0,u.useMutation)(Y),[te]=(0,u.useMutation)(Z),[se]=(0,u.useMutation)(ee),k=e=>v({code:"NETWORK",message:e.message}),N=t.rewards.edges.map(e=>e.node),oe=e=>b(i=>{let o=new Set(i);return o.has(e)?o.delete(e):o.add(e),o}),w=e=>{let i=F(e);v(i),i||(A(`${e.succeeded?.length??0} done${e.failed?.length?`; ${e.failed.length} refused: ${e.failed.map(o=>o.error.message).join("; ")}`:""}.`),b(new Set),l())};return(0,a.jsxs)(a.Fragment,{children:[p?(0,a.jsxs)("fieldset",{className:"toolbar",children:[(0,a.jsx)("legend",{children:"Reject with a reason (one reward or the selected ones)"}),(0,a.jsx)(h,{label:"Reason",name:"reason",value:m,options:n.map(e=>e.name),labels:S,onChange:ae}),(0,a.jsxs)("div",{className:"field",children:[(0,a.jsx)("label",{htmlFor:"f-note",children:"Note for the record"}),(0,a.jsx)("input",{id:"f-note",value:L,onChange:e=>ne(e.target.value)}),(0,a.jsx)(K,{problem:E,field:"note"})]}),(0,a.jsx)(R,{label:`Approve selected (${d.size})`,question:`Approve ${d.size} rewards?`,disabled:!d.size,onConfirm:()=>te({variables:{ids:[...d]},onCompleted:e=>w(e.approveRewards),onError:k})}),(0,a.jsx)(R,{label:`Reject selected (${d.size})`,danger:!0,question:`Reject ${d.size} rewards as ${_}?`,disabled:!d.size,onConfirm:()=>se({variables:{ids:[...d],reason:m,note:L},onCompleted:e=>w(e.rejectRewards),onError:k})})]}):null,(0,a.jsx)(K,{problem:E}),I?(0,a.jsx)("p",{role:"status",children:I}):null,(0,a.jsxs)("table",{children:[(0,a.jsx)("caption",{className:"sr-only",children:"Rewards awaiting approval"}),(0,a.jsx)("thead",{children:(0,a.jsxs)("tr",{children:[p?(0,a.jsx)("th",{scope:"col",children:"Select"}):null,(0,a.jsx)("th",{scope:"col",children:"Reward"}),(0,a.jsx)("th",{scope:"col",children:"Campaign"}),(0,a.jsx)("th",{scope:"col",children:"Advocate"}),(0,a.jsx)("th",{scope:"col",children:"Friend"}),(0,a.jsx)("th",{scope:"col",children:"Four eyes"}),(0,a.jsx)("th",{scope:"col",children:"Created"}),p?(0,a.jsx)("th",{scope:"col",children:"Decide"}):null]})}),(0,a.jsxs)("tbody",{children:[N.length===0?(0,a.jsx)("tr",{children:(0,a.jsx)("td",{colSpan:8,children:"Nothing waits for approval."})}):null,N.map(e=>(0,a.jsxs)("tr",{"data-reward":e.id,children:[p?(0,a.jsx)("td",{children:(0,a.jsx)("input",{type:"checkbox","aria-label":`Select ${e.value.formatted} for ${e.referral?.friendEmail??e.description}`,checked:d.has(e.id),onChange:()=>oe(e.id)})}):null,(0,a.jsxs)("td",{children:[(0,a.jsx)("b",{children:e.value.formatted})," ",e.description,e.recipient==="FRIEND"?" (to the friend)":""," ",e.flagged?(0,a.jsx)("span",{className:"phase phase-ended",children:"flagged"}):null]}),(0,a.jsx)("td",{children:e.campaign.name}),(0,a.jsx)("td",{children:e.referral?.link.advocate?(0,a.jsx)("a",{href:`#/advocate/${encodeURIComponent(e.referral.link.advocate.id)}`,title:e.referral.link.advocate.email,children:e.referral.link.advocate.name||e.referral.link.advocate.email}):"\u2014"}),(0,a.jsx)("td",{children:e.referral?.friendEmail??"\u2014"}),(0,a.jsxs)("td",{children:[e.approvals,"/",e.approvalsNeeded," approvals",e.approvalsNeeded>1?" (two people must approve)":""]}),(0,a.jsx)("td",{children:$(e.createdAt)}),p?(0,a.jsxs)("td",{children:[(0,a.jsx)("button",{type:"button",onClick:()=>le({variables:{id:e.id},onCompleted:i=>{let o=F(i.approveReward);v(o),!o&&i.approveReward.__typename==="RewardDecision"&&(A(`Approved ${e.value.formatted}: ${i.approveReward.reward.approvals}/${e.approvalsNeeded} approvals, now ${i.approveReward.reward.status.toLowerCase().replaceAll("_"," ")}.`),l())},onError:k}),children:"Approve"})," ",(0,a.jsx)(R,{label:"Reject",danger:!0,question:`Reject as ${_}?`,onConfirm:()=>re({variables:{id:e.id,reason:m,note:L},onCompleted:i=>{let o=F(i.rejectReward);v(o),o||(A(`Rejected ${e.value.formatted} (${_}).`),l())},onError:k})})]}):null]},e.id))]})]}),s?(0,a.jsx)("button",{type:"button",disabled:y,onClick:()=>c(25),children:"More rewards"}):null]})}export{Ne as Approvals};
