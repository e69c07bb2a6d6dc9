import{c as F}from"./chunk-I4WIYIJT.js";import{b as c,c as N,e as Q,f as h,n as K}from"./chunk-7LAD5YVV.js";var g=c(N()),m=c(Q());var S=(function(){var l={defaultValue:null,kind:"LocalArgument",name:"action"},n={defaultValue:null,kind:"LocalArgument",name:"actorId"},r={defaultValue:null,kind:"LocalArgument",name:"canUsers"},i={defaultValue:25,kind:"LocalArgument",name:"count"},d={defaultValue:null,kind:"LocalArgument",name:"cursor"},t={defaultValue:null,kind:"LocalArgument",name:"since"},u={defaultValue:null,kind:"LocalArgument",name:"targetType"},a={defaultValue:null,kind:"LocalArgument",name:"until"},s={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},o={condition:"canUsers",kind:"Condition",passingValue:!0,selections:[{alias:null,args:[{kind:"Literal",name:"first",value:100}],concreteType:"StaffUserConnection",kind:"LinkedField",name:"staffUsers",plural:!1,selections:[{alias:null,args:null,concreteType:"StaffUserEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"StaffUser",kind:"LinkedField",name:"node",plural:!1,selections:[s,{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"email",storageKey:null}],storageKey:null}],storageKey:null}],storageKey:"staffUsers(first:100)"}]},y={kind:"Variable",name:"action",variableName:"action"},f={kind:"Variable",name:"actorId",variableName:"actorId"},p={kind:"Variable",name:"since",variableName:"since"},k={kind:"Variable",name:"targetType",variableName:"targetType"},v={kind:"Variable",name:"until",variableName:"until"},b=[y,f,{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"},p,k,v];return{fragment:{argumentDefinitions:[l,n,r,i,d,t,u,a],kind:"Fragment",metadata:null,name:"auditQuery",selections:[o,{args:[y,f,{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"},p,k,v],kind:"FragmentSpread",name:"auditEvents_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[l,u,n,t,a,i,d,r],kind:"Operation",name:"auditQuery",selections:[o,{alias:null,args:b,concreteType:"AuditEventConnection",kind:"LinkedField",name:"auditLog",plural:!1,selections:[{alias:null,args:null,concreteType:"AuditEventEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"AuditEvent",kind:"LinkedField",name:"node",plural:!1,selections:[s,{alias:null,args:null,kind:"ScalarField",name:"action",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"actorKind",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"actorId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"channel",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"targetType",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"targetId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"changes",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:b,filters:["action","targetType","actorId","since","until"],handle:"connection",key:"auditEvents__auditLog",kind:"LinkedHandle",name:"auditLog"}]},params:{cacheID:"b543c732ee4586f2946e133c93fb1ff2",id:null,metadata:{},name:"auditQuery",operationKind:"query",text:`query auditQuery(
  $action: String
  $targetType: String
  $actorId: String
  $since: DateTime
  $until: DateTime
  $count: Int = 25
  $cursor: String
  $canUsers: Boolean!
) {
  staffUsers(first: 100) @include(if: $canUsers) {
    edges {
      node {
        id
        name
        email
      }
    }
  }
  ...auditEvents_query_3Qfj77
}

fragment auditEvents_query_3Qfj77 on Query {
  auditLog(action: $action, targetType: $targetType, actorId: $actorId, since: $since, until: $until, first: $count, after: $cursor) {
    edges {
      node {
        id
        action
        actorKind
        actorId
        channel
        targetType
        targetId
        createdAt
        changes
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
`}}})();S.hash="b75a539d4f7b00b28f830077bf8d7764";var I=S;var T=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"action"},{defaultValue:null,kind:"LocalArgument",name:"actorId"},{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"},{defaultValue:null,kind:"LocalArgument",name:"since"},{defaultValue:null,kind:"LocalArgument",name:"targetType"},{defaultValue:null,kind:"LocalArgument",name:"until"}],n={kind:"Variable",name:"action",variableName:"action"},r={kind:"Variable",name:"actorId",variableName:"actorId"},i={kind:"Variable",name:"since",variableName:"since"},d={kind:"Variable",name:"targetType",variableName:"targetType"},t={kind:"Variable",name:"until",variableName:"until"},u=[n,r,{kind:"Variable",name:"after",variableName:"cursor"},{kind:"Variable",name:"first",variableName:"count"},i,d,t];return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"auditEventsPaginationQuery",selections:[{args:[n,r,{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"},i,d,t],kind:"FragmentSpread",name:"auditEvents_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"auditEventsPaginationQuery",selections:[{alias:null,args:u,concreteType:"AuditEventConnection",kind:"LinkedField",name:"auditLog",plural:!1,selections:[{alias:null,args:null,concreteType:"AuditEventEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"AuditEvent",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"action",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"actorKind",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"actorId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"channel",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"targetType",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"targetId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"changes",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:u,filters:["action","targetType","actorId","since","until"],handle:"connection",key:"auditEvents__auditLog",kind:"LinkedHandle",name:"auditLog"}]},params:{cacheID:"01b214b30e2a8013669b2a6ffb64dfad",id:null,metadata:{},name:"auditEventsPaginationQuery",operationKind:"query",text:`query auditEventsPaginationQuery(
  $action: String
  $actorId: String
  $count: Int
  $cursor: String
  $since: DateTime
  $targetType: String
  $until: DateTime
) {
  ...auditEvents_query_3Qfj77
}

fragment auditEvents_query_3Qfj77 on Query {
  auditLog(action: $action, targetType: $targetType, actorId: $actorId, since: $since, until: $until, first: $count, after: $cursor) {
    edges {
      node {
        id
        action
        actorKind
        actorId
        channel
        targetType
        targetId
        createdAt
        changes
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
`}}})();T.hash="a3f5eee5f5c42ea18a968af83a488573";var L=T;var _=(function(){var l=["auditLog"];return{argumentDefinitions:[{defaultValue:null,kind:"LocalArgument",name:"action"},{defaultValue:null,kind:"LocalArgument",name:"actorId"},{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"},{defaultValue:null,kind:"LocalArgument",name:"since"},{defaultValue:null,kind:"LocalArgument",name:"targetType"},{defaultValue:null,kind:"LocalArgument",name:"until"}],kind:"Fragment",metadata:{connection:[{count:"count",cursor:"cursor",direction:"forward",path:l}],refetch:{connection:{forward:{count:"count",cursor:"cursor"},backward:null,path:l},fragmentPathInResult:[],operation:L}},name:"auditEvents_query",selections:[{alias:"auditLog",args:[{kind:"Variable",name:"action",variableName:"action"},{kind:"Variable",name:"actorId",variableName:"actorId"},{kind:"Variable",name:"since",variableName:"since"},{kind:"Variable",name:"targetType",variableName:"targetType"},{kind:"Variable",name:"until",variableName:"until"}],concreteType:"AuditEventConnection",kind:"LinkedField",name:"__auditEvents__auditLog_connection",plural:!1,selections:[{alias:null,args:null,concreteType:"AuditEventEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"AuditEvent",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"action",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"actorKind",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"actorId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"channel",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"targetType",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"targetId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"changes",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null}],type:"Query",abstractKey:null}})();_.hash="a3f5eee5f5c42ea18a968af83a488573";var A=_;var $=I,E=A;var e=c(h());function V(l,n=!1){if(!l)return null;let r=new Date(`${l}T00:00:00Z`);return n&&r.setUTCDate(r.getUTCDate()+1),r.toISOString()}function H(){let l=F("users:manage"),[n,r]=(0,g.useState)({action:"",targetType:"",actorId:"",since:"",until:""}),i=(0,g.useDeferredValue)(n),d=(0,m.useLazyLoadQuery)($,{action:i.action||null,targetType:i.targetType||null,actorId:i.actorId.trim()||null,since:V(i.since),until:V(i.until,!0),canUsers:l},{fetchPolicy:"store-and-network"}),t=a=>s=>r(o=>({...o,[a]:s.target.value})),u=d.staffUsers?.edges.map(a=>a.node)??[];return(0,e.jsxs)(e.Fragment,{children:[(0,e.jsx)("h1",{id:"audit-title",children:"Audit log"}),(0,e.jsxs)("fieldset",{className:"toolbar",children:[(0,e.jsx)("legend",{children:"Filter events"}),(0,e.jsxs)("div",{className:"field",children:[(0,e.jsx)("label",{htmlFor:"f-action",children:"Action (e.g. campaign.create)"}),(0,e.jsx)("input",{id:"f-action",value:n.action,onChange:t("action")})]}),(0,e.jsxs)("div",{className:"field",children:[(0,e.jsx)("label",{htmlFor:"f-targetType",children:"Target type (e.g. Campaign)"}),(0,e.jsx)("input",{id:"f-targetType",value:n.targetType,onChange:t("targetType")})]}),(0,e.jsxs)("div",{className:"field",children:[(0,e.jsx)("label",{htmlFor:"f-actorId",children:"Actor"}),l?(0,e.jsxs)("select",{id:"f-actorId",value:n.actorId,onChange:t("actorId"),children:[(0,e.jsx)("option",{value:"",children:"Anyone"}),u.map(a=>(0,e.jsxs)("option",{value:a.id,children:[a.name," (",a.email,")"]},a.id))]}):(0,e.jsx)("input",{id:"f-actorId",value:n.actorId,onChange:t("actorId"),placeholder:"a staff id or API key id"})]}),(0,e.jsxs)("div",{className:"field",children:[(0,e.jsx)("label",{htmlFor:"f-since",children:"Since (UTC day)"}),(0,e.jsx)("input",{id:"f-since",type:"date",value:n.since,onChange:t("since")})]}),(0,e.jsxs)("div",{className:"field",children:[(0,e.jsx)("label",{htmlFor:"f-until",children:"Until (UTC day, included)"}),(0,e.jsx)("input",{id:"f-until",type:"date",value:n.until,onChange:t("until")})]})]}),(0,e.jsx)(q,{query:d,names:new Map(u.map(a=>[a.id,a.name]))})]})}function q({query:l,names:n}){let{data:r,hasNext:i,loadNext:d,isLoadingNext:t}=(0,m.usePaginationFragment)(E,l),u=r.auditLog.edges.map(a=>a.node);return(0,e.jsxs)("section",{className:"card","aria-labelledby":"audit-events",children:[(0,e.jsx)("h2",{id:"audit-events",children:"Events, newest first"}),u.length===0?(0,e.jsx)("p",{children:"No events match."}):null,(0,e.jsxs)("table",{children:[(0,e.jsx)("thead",{children:(0,e.jsxs)("tr",{children:[(0,e.jsx)("th",{scope:"col",children:"When"}),(0,e.jsx)("th",{scope:"col",children:"Action"}),(0,e.jsx)("th",{scope:"col",children:"Actor"}),(0,e.jsx)("th",{scope:"col",children:"Channel"}),(0,e.jsx)("th",{scope:"col",children:"Target"}),(0,e.jsx)("th",{scope:"col",children:"Changes"})]})}),(0,e.jsx)("tbody",{children:u.map(a=>(0,e.jsxs)("tr",{"data-audit":a.id,children:[(0,e.jsx)("td",{children:K(a.createdAt)}),(0,e.jsx)("td",{children:a.action}),(0,e.jsxs)("td",{children:[a.actorKind," ",a.actorId?n.get(a.actorId)??a.actorId:""]}),(0,e.jsx)("td",{children:a.channel}),(0,e.jsxs)("td",{children:[a.targetType," ",(0,e.jsx)("small",{children:a.targetId})]}),(0,e.jsx)("td",{children:(0,e.jsx)("small",{children:Object.keys(a.changes??{}).join(", ")})})]},a.id))})]}),i?(0,e.jsx)("button",{type:"button",disabled:t,onClick:()=>d(25),children:"More events"}):null]})}export{H as Audit};
