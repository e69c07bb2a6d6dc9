import{e as F,i as S}from"./chunk-MECGHG6W.js";import{c as R}from"./chunk-I4WIYIJT.js";import{b as _,c as ee,e as ae,f as I,g,h as N,j as E,n as T,p as L}from"./chunk-7LAD5YVV.js";var u=_(ee()),o=_(ae());var M=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"id"}],t=[{alias:null,args:[{kind:"Variable",name:"id",variableName:"id"}],concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testMode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testClock",storageKey:null},{alias:null,args:null,concreteType:"CampaignStats",kind:"LinkedField",name:"stats",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"clicks",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"signups",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"conversions",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:[{kind:"Variable",name:"campaignId",variableName:"id"}],concreteType:"PreflightReport",kind:"LinkedField",name:"campaignPreflight",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"simulatedAt",storageKey:null},{alias:null,args:null,concreteType:"PreflightFinding",kind:"LinkedField",name:"findings",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"severity",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"linkCode",storageKey:null}],storageKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"rehearseQuery",selections:t,type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"rehearseQuery",selections:t},params:{cacheID:"4111d46950344d6f801d375aa50eb749",id:null,metadata:{},name:"rehearseQuery",operationKind:"query",text:`query rehearseQuery(
  $id: ID!
) {
  campaign(id: $id) {
    id
    name
    phase
    status
    testMode
    testClock
    stats {
      clicks
      signups
      conversions
    }
  }
  campaignPreflight(campaignId: $id) {
    simulatedAt
    findings {
      code
      severity
      message
      linkCode
    }
  }
}
`}}})();M.hash="10f0c442f34cd3c8e630f35405b927fd";var K=M;var O=(function(){var l={defaultValue:null,kind:"LocalArgument",name:"hours"},t={defaultValue:null,kind:"LocalArgument",name:"id"},d=[{alias:null,args:[{kind:"Variable",name:"campaignId",variableName:"id"},{kind:"Variable",name:"hours",variableName:"hours"}],concreteType:null,kind:"LinkedField",name:"advanceTestClock",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"holdsReleased",storageKey:null},{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testClock",storageKey:null}],storageKey:null}],type:"TestClockAdvanced",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:[l,t],kind:"Fragment",metadata:null,name:"rehearseAdvanceMutation",selections:d,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[t,l],kind:"Operation",name:"rehearseAdvanceMutation",selections:d},params:{cacheID:"91f91e5c90141e271e9ad06b045d9464",id:null,metadata:{},name:"rehearseAdvanceMutation",operationKind:"mutation",text:`mutation rehearseAdvanceMutation(
  $id: ID!
  $hours: Int!
) {
  advanceTestClock(campaignId: $id, hours: $hours) {
    __typename
    ... on TestClockAdvanced {
      holdsReleased
      campaign {
        id
        testClock
      }
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();O.hash="df8b52f0e339b54aa8127e13bcccd44d";var U=O;var P=(function(){var l=[{defaultValue:null,kind:"LocalArgument",name:"id"}],t=[{alias:null,args:[{kind:"Variable",name:"campaignId",variableName:"id"}],concreteType:null,kind:"LinkedField",name:"resetTestData",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,concreteType:"Campaign",kind:"LinkedField",name:"campaign",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"DeletedRows",kind:"LinkedField",name:"deleted",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"kind",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"count",storageKey:null}],storageKey:null}],type:"TestDataReset",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:l,kind:"Fragment",metadata:null,name:"rehearseResetMutation",selections:t,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:l,kind:"Operation",name:"rehearseResetMutation",selections:t},params:{cacheID:"898cf54aaebbd2ac493ebf6ca288ebb7",id:null,metadata:{},name:"rehearseResetMutation",operationKind:"mutation",text:`mutation rehearseResetMutation(
  $id: ID!
) {
  resetTestData(campaignId: $id) {
    __typename
    ... on TestDataReset {
      campaign {
        id
      }
      deleted {
        kind
        count
      }
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();P.hash="c455d5d460b28d469a4937e1a94522a9";var $=P;var V=(function(){var l={defaultValue:null,kind:"LocalArgument",name:"acknowledge"},t={defaultValue:null,kind:"LocalArgument",name:"id"},d={defaultValue:null,kind:"LocalArgument",name:"reset"},c=[{kind:"Variable",name:"acknowledge",variableName:"acknowledge"},{kind:"Variable",name:"campaignId",variableName:"id"},{kind:"Variable",name:"resetTestData",variableName:"reset"}],s={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},k={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={kind:"InlineFragment",selections:[k,{alias:null,args:null,kind:"ScalarField",name:"phase",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"testMode",storageKey:null}],type:"Campaign",abstractKey:null},p={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:[l,t,d],kind:"Fragment",metadata:null,name:"rehearseGoLiveMutation",selections:[{alias:null,args:c,concreteType:null,kind:"LinkedField",name:"goLive",plural:!1,selections:[s,r,p],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[t,d,l],kind:"Operation",name:"rehearseGoLiveMutation",selections:[{alias:null,args:c,concreteType:null,kind:"LinkedField",name:"goLive",plural:!1,selections:[s,r,p,{kind:"InlineFragment",selections:[k],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"c70edd04213f8507f37103d037a8cb31",id:null,metadata:{},name:"rehearseGoLiveMutation",operationKind:"mutation",text:`mutation rehearseGoLiveMutation(
  $id: ID!
  $reset: Boolean!
  $acknowledge: [PreflightFindingCode!]
) {
  goLive(campaignId: $id, resetTestData: $reset, acknowledge: $acknowledge) {
    __typename
    ... on Campaign {
      id
      phase
      status
      testMode
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
`}}})();V.hash="f77a78449d56e72d4dfa02eaeeae17eb";var x=V;var w=K,G=U,q=$,H=x;var e=_(I());function ye({id:l}){let[t,d]=(0,u.useState)(0),c=(0,o.useLazyLoadQuery)(w,{id:decodeURIComponent(l)},{fetchPolicy:"network-only",fetchKey:t}),s=R("campaigns:write"),k=R("test-data:reset"),[r,p]=(0,u.useState)(null),[v,Q]=(0,u.useState)(null),[D,W]=(0,u.useState)("24"),[C,B]=(0,u.useState)(!0),[A,Y]=(0,u.useState)(new Set),[X]=(0,o.useMutation)(G),[J]=(0,o.useMutation)(q),[j]=(0,o.useMutation)(H),[z]=(0,o.useMutation)(F),[Z]=(0,o.useMutation)(S),a=c.campaign;if(!a)return(0,e.jsx)("p",{role:"alert",children:"No such campaign."});let b=c.campaignPreflight.findings,y=n=>p({code:"NETWORK",message:n.message}),h=n=>i=>{let f=L(i);p(f),f||(Q(n),d(m=>m+1))};return(0,e.jsxs)(e.Fragment,{children:[(0,e.jsxs)("h1",{children:["Rehearse ",a.name]}),(0,e.jsxs)("p",{children:["Phase: ",(0,e.jsx)("b",{children:a.phase.toLowerCase()})," \xB7 ",a.testMode?"test mode: its data never mixes with live numbers":"live mode"," \xB7 funnel ",a.stats.clicks," \u2192 ",a.stats.signups," \u2192 ",a.stats.conversions]}),(0,e.jsx)(g,{problem:r}),v?(0,e.jsx)("p",{role:"status",children:v}):null,s?(0,e.jsxs)("section",{className:"card","aria-labelledby":"tm-title",children:[(0,e.jsx)("h2",{id:"tm-title",children:"Test mode"}),(0,e.jsx)("button",{type:"button",onClick:()=>z({variables:{id:a.id,input:{testMode:!a.testMode}},onCompleted:n=>h(a.testMode?"Test mode off.":"Test mode on.")(n.updateCampaign),onError:y}),children:a.testMode?"Turn test mode off":"Turn test mode on"}),(0,e.jsx)(g,{problem:r,field:"testMode"})]}):null,a.testMode?(0,e.jsxs)("section",{className:"card","aria-labelledby":"clock-title",children:[(0,e.jsx)("h2",{id:"clock-title",children:"Test clock"}),(0,e.jsxs)("p",{children:["The campaign's test clock reads ",(0,e.jsx)("b",{children:T(a.testClock)}),". Advancing it releases rewards whose hold has ended."]}),s?(0,e.jsxs)(e.Fragment,{children:[(0,e.jsx)(N,{label:"Hours to advance",name:"hours",type:"number",value:D,onChange:W,problem:r}),(0,e.jsx)("button",{type:"button",onClick:()=>X({variables:{id:a.id,hours:Number(D)},onCompleted:n=>h(n.advanceTestClock.__typename==="TestClockAdvanced"?`Clock advanced; ${n.advanceTestClock.holdsReleased} hold(s) released.`:"")(n.advanceTestClock),onError:y}),children:"Advance the clock"})]}):null]}):null,(0,e.jsxs)("section",{className:"card","aria-labelledby":"pf-title",children:[(0,e.jsx)("h2",{id:"pf-title",children:"Launch preflight"}),(0,e.jsxs)("p",{children:["Simulated at ",T(c.campaignPreflight.simulatedAt),"."]}),b.length===0?(0,e.jsx)("p",{children:"No findings: the journeys credit and pay the right people."}):null,(0,e.jsx)("ul",{className:"findings",children:b.map((n,i)=>(0,e.jsxs)("li",{className:`sev-${n.severity.toLowerCase()}`,children:[(0,e.jsx)("b",{children:n.severity.toLowerCase()})," ",n.code.toLowerCase().replaceAll("_"," "),": ",n.message,n.severity==="WARNING"&&s?(0,e.jsxs)("span",{className:"check",children:[(0,e.jsx)("input",{id:`ack-${i}`,type:"checkbox",checked:A.has(n.code),onChange:()=>Y(f=>{let m=new Set(f);return m.has(n.code)?m.delete(n.code):m.add(n.code),m})}),(0,e.jsx)("label",{htmlFor:`ack-${i}`,children:"I accept this"})]}):null]},i))})]}),s&&(a.status==="DRAFT"||a.status==="PAUSED")?(0,e.jsxs)("section",{className:"card","aria-labelledby":"launch-title",children:[(0,e.jsx)("h2",{id:"launch-title",children:a.status==="DRAFT"?"Launch":"Resume"}),(0,e.jsx)("p",{children:a.testMode?"Launching in test mode starts the rehearsal: links work, and nothing counts or pays out for real.":"The campaign starts taking real traffic."}),(0,e.jsx)(g,{problem:r,field:"acknowledge"}),(0,e.jsx)(E,{label:a.status==="DRAFT"?"Launch":"Resume",question:`${a.status==="DRAFT"?"Launch":"Resume"} ${a.name}${a.testMode?" in test mode":""}?`,onConfirm:()=>Z({variables:{id:a.id,acknowledge:[...A]},onCompleted:n=>h(`${a.name} launched${a.testMode?" in test mode":""}.`)(n.launchCampaign),onError:y})})]}):null,a.testMode&&s?(0,e.jsxs)("section",{className:"card","aria-labelledby":"gl-title",children:[(0,e.jsx)("h2",{id:"gl-title",children:"Reset and go live"}),k?(0,e.jsx)(E,{label:"Reset test data",danger:!0,question:"Delete every test referral, conversion and reward of this campaign?",onConfirm:()=>J({variables:{id:a.id},onCompleted:n=>h(n.resetTestData.__typename==="TestDataReset"?`Deleted ${n.resetTestData.deleted.map(i=>`${i.count} ${i.kind}`).join(", ")||"nothing"}.`:"")(n.resetTestData),onError:y})}):null,(0,e.jsxs)("div",{className:"field check",children:[(0,e.jsx)("input",{id:"f-reset",type:"checkbox",checked:C,onChange:n=>B(n.target.checked)}),(0,e.jsx)("label",{htmlFor:"f-reset",children:"Delete the test data when going live"})]}),(0,e.jsx)(g,{problem:r,field:"resetTestData"}),(0,e.jsx)(g,{problem:r,field:"acknowledge"}),(0,e.jsx)(E,{label:"Go live",question:`Take ${a.name} live now?`,onConfirm:()=>j({variables:{id:a.id,reset:C,acknowledge:[...A]},onCompleted:n=>h(`${a.name} is live.`)(n.goLive),onError:y})})]}):null,(0,e.jsxs)("p",{children:[(0,e.jsx)("a",{href:`#/campaigns/${encodeURIComponent(a.id)}`,children:"Edit the campaign"})," \xB7 ",(0,e.jsx)("a",{href:`#/analytics/${encodeURIComponent(a.id)}`,children:"Analytics"})]})]})}export{ye as Rehearse};
