import{b as _,c as H,e as w,f as h,g as v,h as A,i as K,j as I,n as N,p as F}from"./chunk-7LAD5YVV.js";var s=_(H()),c=_(w());var S=(function(){var n={defaultValue:25,kind:"LocalArgument",name:"count"},l={defaultValue:null,kind:"LocalArgument",name:"cursor"},a={defaultValue:null,kind:"LocalArgument",name:"kind"},r={kind:"Variable",name:"kind",variableName:"kind"},t=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"},r];return{fragment:{argumentDefinitions:[n,l,a],kind:"Fragment",metadata:null,name:"blocklistQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"},r],kind:"FragmentSpread",name:"blocklistEntries_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[a,n,l],kind:"Operation",name:"blocklistQuery",selections:[{alias:null,args:t,concreteType:"BlocklistEntryConnection",kind:"LinkedField",name:"blocklist",plural:!1,selections:[{alias:null,args:null,concreteType:"BlocklistEntryEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"BlocklistEntry",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"kind",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"pattern",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reason",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdBy",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:t,filters:["kind"],handle:"connection",key:"blocklistEntries__blocklist",kind:"LinkedHandle",name:"blocklist"}]},params:{cacheID:"6fb3affd58ace2d664c75c46c35200cf",id:null,metadata:{},name:"blocklistQuery",operationKind:"query",text:`query blocklistQuery(
  $kind: BlocklistKind
  $count: Int = 25
  $cursor: String
) {
  ...blocklistEntries_query_3mv4Cp
}

fragment blocklistEntries_query_3mv4Cp on Query {
  blocklist(kind: $kind, first: $count, after: $cursor) {
    edges {
      node {
        id
        kind
        pattern
        reason
        createdBy
        createdAt
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
`}}})();S.hash="be5af4edb845011d17905d255f07a747";var B=S;var L=(function(){var n=[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"},{defaultValue:null,kind:"LocalArgument",name:"kind"}],l={kind:"Variable",name:"kind",variableName:"kind"},a=[{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"},l];return{fragment:{argumentDefinitions:n,kind:"Fragment",metadata:null,name:"blocklistEntriesPaginationQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"},l],kind:"FragmentSpread",name:"blocklistEntries_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:n,kind:"Operation",name:"blocklistEntriesPaginationQuery",selections:[{alias:null,args:a,concreteType:"BlocklistEntryConnection",kind:"LinkedField",name:"blocklist",plural:!1,selections:[{alias:null,args:null,concreteType:"BlocklistEntryEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"BlocklistEntry",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"kind",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"pattern",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reason",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdBy",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:a,filters:["kind"],handle:"connection",key:"blocklistEntries__blocklist",kind:"LinkedHandle",name:"blocklist"}]},params:{cacheID:"26e1aaac1eca4b0898d0cfa10189b172",id:null,metadata:{},name:"blocklistEntriesPaginationQuery",operationKind:"query",text:`query blocklistEntriesPaginationQuery(
  $count: Int
  $cursor: String
  $kind: BlocklistKind
) {
  ...blocklistEntries_query_3mv4Cp
}

fragment blocklistEntries_query_3mv4Cp on Query {
  blocklist(kind: $kind, first: $count, after: $cursor) {
    edges {
      node {
        id
        kind
        pattern
        reason
        createdBy
        createdAt
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
`}}})();L.hash="862b2c0d54cc15d9e7bd7d2be6515bd4";var R=L;var T=(function(){var n=["blocklist"];return{argumentDefinitions:[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"},{defaultValue:null,kind:"LocalArgument",name:"kind"}],kind:"Fragment",metadata:{connection:[{count:"count",cursor:"cursor",direction:"forward",path:n}],refetch:{connection:{forward:{count:"count",cursor:"cursor"},backward:null,path:n},fragmentPathInResult:[],operation:R}},name:"blocklistEntries_query",selections:[{alias:"blocklist",args:[{kind:"Variable",name:"kind",variableName:"kind"}],concreteType:"BlocklistEntryConnection",kind:"LinkedField",name:"__blocklistEntries__blocklist_connection",plural:!1,selections:[{alias:null,args:null,concreteType:"BlocklistEntryEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"BlocklistEntry",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"kind",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"pattern",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"reason",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdBy",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null}],type:"Query",abstractKey:null}})();T.hash="862b2c0d54cc15d9e7bd7d2be6515bd4";var D=T;var C=(function(){var n=[{defaultValue:null,kind:"LocalArgument",name:"input"}],l=[{kind:"Variable",name:"input",variableName:"input"}],a={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},r={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},t={kind:"InlineFragment",selections:[r,{alias:null,args:null,kind:"ScalarField",name:"kind",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"pattern",storageKey:null}],type:"BlocklistEntry",abstractKey:null},o={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:n,kind:"Fragment",metadata:null,name:"blocklistAddMutation",selections:[{alias:null,args:l,concreteType:null,kind:"LinkedField",name:"addBlocklistEntry",plural:!1,selections:[a,t,o],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:n,kind:"Operation",name:"blocklistAddMutation",selections:[{alias:null,args:l,concreteType:null,kind:"LinkedField",name:"addBlocklistEntry",plural:!1,selections:[a,t,o,{kind:"InlineFragment",selections:[r],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"a711bfb35d803cf64a1ca6dcf4b0b14f",id:null,metadata:{},name:"blocklistAddMutation",operationKind:"mutation",text:`mutation blocklistAddMutation(
  $input: AddBlocklistEntryInput!
) {
  addBlocklistEntry(input: $input) {
    __typename
    ... on BlocklistEntry {
      id
      kind
      pattern
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
`}}})();C.hash="4d5d39b6781c313b1a13db374241be69";var V=C;var $=(function(){var n=[{defaultValue:null,kind:"LocalArgument",name:"id"}],l=[{kind:"Variable",name:"id",variableName:"id"}],a={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},r=[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null}],t={kind:"InlineFragment",selections:r,type:"BlocklistEntry",abstractKey:null},o={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:n,kind:"Fragment",metadata:null,name:"blocklistRemoveMutation",selections:[{alias:null,args:l,concreteType:null,kind:"LinkedField",name:"removeBlocklistEntry",plural:!1,selections:[a,t,o],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:n,kind:"Operation",name:"blocklistRemoveMutation",selections:[{alias:null,args:l,concreteType:null,kind:"LinkedField",name:"removeBlocklistEntry",plural:!1,selections:[a,t,o,{kind:"InlineFragment",selections:r,type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"a9400beb271ec113e0ce023c38f71402",id:null,metadata:{},name:"blocklistRemoveMutation",operationKind:"mutation",text:`mutation blocklistRemoveMutation(
  $id: ID!
) {
  removeBlocklistEntry(id: $id) {
    __typename
    ... on BlocklistEntry {
      id
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
`}}})();$.hash="8edf2b6f491ef415699fd4a5773dcf6b";var M=$;var q=B,x=D,P=V,Q=M;var e=_(h()),O=["EMAIL","DOMAIN","IP_HASH","ADVOCATE"],W=["ALL",...O],X={EMAIL:"An address or a pattern: * matches anything (e.g. *+promo@example.com).",DOMAIN:"A domain; its subdomains are covered too (e.g. mailinator.com).",IP_HASH:"An IP address (the server keeps only its keyed hash) or a 32-character hash.",ADVOCATE:"The advocate's id (as shown on the advocate's page).","%future added value":""},U=n=>n.toLowerCase().replace("ip_hash","IP");function de(){let[n,l]=(0,s.useState)("ALL"),[a,r]=(0,s.useState)(0),t=(0,s.useDeferredValue)(n),o=(0,c.useLazyLoadQuery)(q,{kind:t==="ALL"?null:t},{fetchPolicy:"store-and-network",fetchKey:a}),d=()=>r(u=>u+1);return(0,e.jsxs)(e.Fragment,{children:[(0,e.jsx)("h1",{children:"Blocklist"}),(0,e.jsx)("p",{children:"Referrals whose friend matches an entry trip the blocklist fraud rules (flagged or blocked, per campaign)."}),(0,e.jsx)(Y,{changed:d}),(0,e.jsx)("div",{className:"toolbar",children:(0,e.jsx)(K,{label:"Show",name:"kindFilter",value:n,options:W,onChange:l})}),(0,e.jsx)(z,{query:o,changed:d})]})}function Y({changed:n}){let[l,a]=(0,s.useState)("EMAIL"),[r,t]=(0,s.useState)(""),[o,d]=(0,s.useState)(""),[u,m]=(0,s.useState)(null),[k,p]=(0,s.useState)(null),[b,i]=(0,c.useMutation)(P);return(0,e.jsxs)("form",{className:"card",onSubmit:E=>{E.preventDefault(),p(null),b({variables:{input:{kind:l,value:r,reason:o}},onCompleted:y=>{let g=F(y.addBlocklistEntry);m(g&&g.field==="value"?{...g,field:"blockValue"}:g),!g&&y.addBlocklistEntry.__typename==="BlocklistEntry"&&(p(`Blocked ${U(l)} ${y.addBlocklistEntry.pattern}.`),t(""),d(""),n())},onError:y=>m({code:"NETWORK",message:y.message})})},"aria-labelledby":"bl-add",children:[(0,e.jsx)("h2",{id:"bl-add",children:"Add an entry"}),(0,e.jsx)(v,{problem:u}),(0,e.jsx)(K,{label:"Kind",name:"blockKind",value:l,options:O,onChange:a}),(0,e.jsx)(A,{label:"Value",name:"blockValue",value:r,onChange:t,problem:u,hint:X[l],required:!0}),(0,e.jsx)(A,{label:"Reason",name:"blockReason",value:o,onChange:d,problem:u}),(0,e.jsx)("button",{type:"submit",className:"primary",disabled:i,children:"Add to blocklist"}),k?(0,e.jsx)("p",{role:"status",children:k}):null]})}function z({query:n,changed:l}){let{data:a,hasNext:r,loadNext:t,isLoadingNext:o}=(0,c.usePaginationFragment)(x,n),[d]=(0,c.useMutation)(Q),[u,m]=(0,s.useState)(null),[k,p]=(0,s.useState)(null),b=a.blocklist.edges.map(i=>i.node);return(0,e.jsxs)("section",{className:"card","aria-labelledby":"bl-entries",children:[(0,e.jsx)("h2",{id:"bl-entries",children:"Entries, newest first"}),(0,e.jsx)(v,{problem:u}),k?(0,e.jsx)("p",{role:"status",children:k}):null,b.length===0?(0,e.jsx)("p",{children:"No entries."}):null,(0,e.jsxs)("table",{children:[(0,e.jsx)("thead",{children:(0,e.jsxs)("tr",{children:[(0,e.jsx)("th",{scope:"col",children:"Kind"}),(0,e.jsx)("th",{scope:"col",children:"Value"}),(0,e.jsx)("th",{scope:"col",children:"Reason"}),(0,e.jsx)("th",{scope:"col",children:"Added by"}),(0,e.jsx)("th",{scope:"col",children:"Added"}),(0,e.jsx)("th",{scope:"col",children:(0,e.jsx)("span",{className:"sr-only",children:"Actions"})})]})}),(0,e.jsx)("tbody",{children:b.map(i=>(0,e.jsxs)("tr",{"data-entry":i.id,children:[(0,e.jsx)("td",{children:U(i.kind)}),(0,e.jsx)("td",{children:(0,e.jsx)("code",{children:i.pattern})}),(0,e.jsx)("td",{children:i.reason||"\u2014"}),(0,e.jsx)("td",{children:i.createdBy??"\u2014"}),(0,e.jsx)("td",{children:N(i.createdAt)}),(0,e.jsx)("td",{children:(0,e.jsx)(I,{label:"Remove",danger:!0,question:`Remove ${i.pattern} from the blocklist?`,onConfirm:()=>d({variables:{id:i.id},onCompleted:f=>{let E=F(f.removeBlocklistEntry);m(E),E||(p(`Removed ${i.pattern}.`),l())},onError:f=>m({code:"NETWORK",message:f.message})})})})]},i.id))})]}),r?(0,e.jsx)("button",{type:"button",disabled:o,onClick:()=>t(25),children:"More entries"}):null]})}export{de as Blocklist};
