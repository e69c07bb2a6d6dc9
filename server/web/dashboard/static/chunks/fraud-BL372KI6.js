import{c as L}from"./chunk-I4WIYIJT.js";import{b as g,c as W,e as X,f as S,g as p,j as k,n as K,p as I}from"./chunk-7LAD5YVV.js";var o=g(W()),s=g(X());var N=(function(){var l=[{defaultValue:25,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"}],n=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"}],r={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null};return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"fraudReviewQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"}],kind:"FragmentSpread",name:"fraudReviewList_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"fraudReviewQuery",selections:[{alias:null,args:n,concreteType:"ReferralConnection",kind:"LinkedField",name:"flaggedReferrals",plural:!1,selections:[{alias:null,args:null,concreteType:"ReferralEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"node",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,concreteType:"ReferralRisk",kind:"LinkedField",name:"risk",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"score",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reviewStatus",storageKey:null},{alias:null,args:null,concreteType:"FraudSignal",kind:"LinkedField",name:"signals",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"rule",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"severity",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"mode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reason",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"Link",kind:"LinkedField",name:"link",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,concreteType:"Advocate",kind:"LinkedField",name:"advocate",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:n,filters:null,handle:"connection",key:"fraudReviewList__flaggedReferrals",kind:"LinkedHandle",name:"flaggedReferrals"}]},params:{cacheID:"24ba16570adf26e8d623d084a1e0d7f0",id:null,metadata:{},name:"fraudReviewQuery",operationKind:"query",text:`query fraudReviewQuery(
  $count: Int = 25
  $cursor: String
) {
  ...fraudReviewList_query_1G22uz
}

fragment fraudReviewList_query_1G22uz on Query {
  flaggedReferrals(first: $count, after: $cursor) {
    edges {
      node {
        id
        friendEmail
        createdAt
        risk {
          score
          reviewStatus
          signals {
            rule
            severity
            mode
            reason
          }
        }
        link {
          id
          code
          advocate {
            id
            name
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
`}}})();N.hash="ad4812ddc9737c65d3f612af502518cc";var A=N;var D=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"}],n=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"}],r={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null};return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"fraudReviewListPaginationQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"}],kind:"FragmentSpread",name:"fraudReviewList_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"fraudReviewListPaginationQuery",selections:[{alias:null,args:n,concreteType:"ReferralConnection",kind:"LinkedField",name:"flaggedReferrals",plural:!1,selections:[{alias:null,args:null,concreteType:"ReferralEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"node",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,concreteType:"ReferralRisk",kind:"LinkedField",name:"risk",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"score",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reviewStatus",storageKey:null},{alias:null,args:null,concreteType:"FraudSignal",kind:"LinkedField",name:"signals",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"rule",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"severity",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"mode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reason",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"Link",kind:"LinkedField",name:"link",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,concreteType:"Advocate",kind:"LinkedField",name:"advocate",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:n,filters:null,handle:"connection",key:"fraudReviewList__flaggedReferrals",kind:"LinkedHandle",name:"flaggedReferrals"}]},params:{cacheID:"790fb29a9901355ef3519ae6f36fceef",id:null,metadata:{},name:"fraudReviewListPaginationQuery",operationKind:"query",text:`query fraudReviewListPaginationQuery(
  $count: Int
  $cursor: String
) {
  ...fraudReviewList_query_1G22uz
}

fragment fraudReviewList_query_1G22uz on Query {
  flaggedReferrals(first: $count, after: $cursor) {
    edges {
      node {
        id
        friendEmail
        createdAt
        risk {
          score
          reviewStatus
          signals {
            rule
            severity
            mode
            reason
          }
        }
        link {
          id
          code
          advocate {
            id
            name
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
`}}})();D.hash="71b0014ab8d895dfe1420d66fa43cf19";var b=D;var C=(function(){var l=["flaggedReferrals"],n={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null};return{argumentDefinitions:[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"}],kind:"Fragment",metadata:{connection:[{count:"count",cursor:"cursor",direction:"forward",path:l}],refetch:{connection:{forward:{count:"count",cursor:"cursor"},backward:null,path:l},fragmentPathInResult:[],operation:b}},name:"fraudReviewList_query",selections:[{alias:"flaggedReferrals",args:null,concreteType:"ReferralConnection",kind:"LinkedField",name:"__fraudReviewList__flaggedReferrals_connection",plural:!1,selections:[{alias:null,args:null,concreteType:"ReferralEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"Referral",kind:"LinkedField",name:"node",plural:!1,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"friendEmail",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,concreteType:"ReferralRisk",kind:"LinkedField",name:"risk",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"score",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reviewStatus",storageKey:null},{alias:null,args:null,concreteType:"FraudSignal",kind:"LinkedField",name:"signals",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"rule",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"severity",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"mode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reason",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"Link",kind:"LinkedField",name:"link",plural:!1,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,concreteType:"Advocate",kind:"LinkedField",name:"advocate",plural:!1,selections:[n,{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null}],type:"Query",abstractKey:null}})();C.hash="71b0014ab8d895dfe1420d66fa43cf19";var T=C;var w=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"id"},{defaultValue:null,kind:"LocalArgument",name:"note"}],n=[{kind:"Variable",name:"note",variableName:"note"},{kind:"Variable",name:"referralId",variableName:"id"}],r={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},i={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},u={kind:"InlineFragment",selections:[i,{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,concreteType:"ReferralRisk",kind:"LinkedField",name:"risk",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"reviewStatus",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reviewedBy",storageKey:null}],storageKey:null}],type:"Referral",abstractKey:null},d={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"fraudConfirmMutation",selections:[{alias:null,args:n,concreteType:null,kind:"LinkedField",name:"confirmFraud",plural:!1,selections:[r,u,d],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"fraudConfirmMutation",selections:[{alias:null,args:n,concreteType:null,kind:"LinkedField",name:"confirmFraud",plural:!1,selections:[r,u,d,{kind:"InlineFragment",selections:[i],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"b2a6afdae651ec7c7f73a363f8fabe93",id:null,metadata:{},name:"fraudConfirmMutation",operationKind:"mutation",text:`mutation fraudConfirmMutation(
  $id: ID!
  $note: String!
) {
  confirmFraud(referralId: $id, note: $note) {
    __typename
    ... on Referral {
      id
      status
      risk {
        reviewStatus
        reviewedBy
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
`}}})();w.hash="3674ed6f6b7d4684c70ccb8c8300115e";var M=w;var O=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"id"},{defaultValue:null,kind:"LocalArgument",name:"note"}],n=[{kind:"Variable",name:"note",variableName:"note"},{kind:"Variable",name:"referralId",variableName:"id"}],r={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},i={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},u={kind:"InlineFragment",selections:[i,{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,concreteType:"ReferralRisk",kind:"LinkedField",name:"risk",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"reviewStatus",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reviewedBy",storageKey:null}],storageKey:null}],type:"Referral",abstractKey:null},d={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"fraudDismissMutation",selections:[{alias:null,args:n,concreteType:null,kind:"LinkedField",name:"dismissFlag",plural:!1,selections:[r,u,d],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"fraudDismissMutation",selections:[{alias:null,args:n,concreteType:null,kind:"LinkedField",name:"dismissFlag",plural:!1,selections:[r,u,d,{kind:"InlineFragment",selections:[i],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"94002e0fe146db8d0e5893f3655a2f3c",id:null,metadata:{},name:"fraudDismissMutation",operationKind:"mutation",text:`mutation fraudDismissMutation(
  $id: ID!
  $note: String!
) {
  dismissFlag(referralId: $id, note: $note) {
    __typename
    ... on Referral {
      id
      status
      risk {
        reviewStatus
        reviewedBy
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
`}}})();O.hash="c13e9b73ee532ce8d5b9f3a537f07574";var h=O;var x=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"input"}],n=[{kind:"Variable",name:"input",variableName:"input"}],r={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},i={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"fraudBlocklistMutation",selections:[{alias:null,args:n,concreteType:null,kind:"LinkedField",name:"addBlocklistEntry",plural:!1,selections:[r,i],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"fraudBlocklistMutation",selections:[{alias:null,args:n,concreteType:null,kind:"LinkedField",name:"addBlocklistEntry",plural:!1,selections:[r,i,{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null}],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"c0cb2d2e9fccc88a975c7275082285f1",id:null,metadata:{},name:"fraudBlocklistMutation",operationKind:"mutation",text:`mutation fraudBlocklistMutation(
  $input: AddBlocklistEntryInput!
) {
  addBlocklistEntry(input: $input) {
    __typename
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
`}}})();x.hash="bc24d121863d6208f0529381ee7bc5b8";var V=x;var $=A,q=T,B=M,U=h,P=V;var a=g(S());function fe(){let[l,n]=(0,o.useState)(0),r=(0,s.useLazyLoadQuery)($,{},{fetchPolicy:"store-and-network",fetchKey:l});return(0,a.jsxs)(a.Fragment,{children:[(0,a.jsx)("h1",{children:"Fraud review"}),(0,a.jsx)(J,{query:r,changed:()=>n(i=>i+1)})]})}function J({query:l,changed:n}){let{data:r,hasNext:i,loadNext:u,isLoadingNext:d}=(0,s.usePaginationFragment)(q,l),R=L("fraud:review"),[F,v]=(0,o.useState)(null),[_,Q]=(0,o.useState)(null),[c,G]=(0,o.useState)(""),[H]=(0,s.useMutation)(B),[Y]=(0,s.useMutation)(U),[z]=(0,s.useMutation)(P),f=e=>v({code:"NETWORK",message:e.message}),y=e=>t=>{let m=I(t);v(m),m||(Q(e),n())},E=r.flaggedReferrals.edges.map(e=>e.node);return(0,a.jsxs)(a.Fragment,{children:[R?(0,a.jsxs)("div",{className:"field",children:[(0,a.jsx)("label",{htmlFor:"f-note",children:"Review note"}),(0,a.jsx)("input",{id:"f-note",value:c,onChange:e=>G(e.target.value)}),(0,a.jsx)(p,{problem:F,field:"note"})]}):null,(0,a.jsx)(p,{problem:F}),_?(0,a.jsx)("p",{role:"status",children:_}):null,E.length===0?(0,a.jsx)("p",{children:"No flagged referrals."}):null,E.map(e=>(0,a.jsxs)("article",{className:"card","aria-labelledby":`fr-${e.id}`,"data-referral":e.id,children:[(0,a.jsxs)("h2",{id:`fr-${e.id}`,children:[e.friendEmail??"(no email)"," ",(0,a.jsxs)("small",{children:["risk ",e.risk.score," \xB7 ",e.risk.reviewStatus.toLowerCase()]})]}),(0,a.jsxs)("p",{children:["Referred by ",e.link.advocate?.name??"?"," (",e.link.code,") on ",K(e.createdAt)]}),(0,a.jsx)("ul",{children:e.risk.signals.map((t,m)=>(0,a.jsxs)("li",{children:[(0,a.jsx)("b",{children:t.rule.toLowerCase().replaceAll("_"," ")})," (",t.severity.toLowerCase(),", ",t.mode.toLowerCase(),"): ",t.reason]},m))}),R?(0,a.jsxs)("div",{className:"actions",children:[(0,a.jsx)(k,{label:"Confirm fraud",danger:!0,question:"Confirm this referral as fraud (its rewards are rejected)?",onConfirm:()=>H({variables:{id:e.id,note:c},onCompleted:t=>y(`Confirmed fraud: ${e.friendEmail??e.id}.`)(t.confirmFraud),onError:f})}),(0,a.jsx)("button",{type:"button",onClick:()=>Y({variables:{id:e.id,note:c},onCompleted:t=>y(`Dismissed the flag on ${e.friendEmail??e.id}.`)(t.dismissFlag),onError:f}),children:"Dismiss flag"}),e.friendEmail?(0,a.jsx)(k,{label:"Blocklist email",question:`Block ${e.friendEmail} from future referrals?`,onConfirm:()=>z({variables:{input:{kind:"EMAIL",value:e.friendEmail??"",reason:c||"fraud review"}},onCompleted:t=>y(`Blocklisted ${e.friendEmail}.`)(t.addBlocklistEntry),onError:f})}):null]}):null]},e.id)),i?(0,a.jsx)("button",{type:"button",disabled:d,onClick:()=>u(25),children:"More flagged referrals"}):null]})}export{fe as FraudReview};
