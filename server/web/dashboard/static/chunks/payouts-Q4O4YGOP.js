import{b as A}from"./chunk-B34HW2U5.js";import{b as c,c as M,e as $,g as v,h as k,i as f,j as _,k as P,r as E}from"./chunk-OY3M5FKQ.js";var i=c(M()),I=c($());var h=(function(){var r={defaultValue:null,kind:"LocalArgument",name:"currency"},l={defaultValue:null,kind:"LocalArgument",name:"provider"},t=[{alias:null,args:[{kind:"Variable",name:"currency",variableName:"currency"},{kind:"Variable",name:"provider",variableName:"provider"}],concreteType:null,kind:"LinkedField",name:"exportPayoutFile",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"filename",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"content",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"count",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"more",storageKey:null},{alias:null,args:null,concreteType:"Money",kind:"LinkedField",name:"totals",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"formatted",storageKey:null}],storageKey:null}],type:"PayoutFile",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:[r,l],kind:"Fragment",metadata:null,name:"payoutsExportMutation",selections:t,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[l,r],kind:"Operation",name:"payoutsExportMutation",selections:t},params:{cacheID:"4489fe72818f314fd1420d781bf69fb5",id:null,metadata:{},name:"payoutsExportMutation",operationKind:"mutation",text:`mutation payoutsExportMutation(
  $provider: PayoutProvider!
  $currency: String
) {
  exportPayoutFile(provider: $provider, currency: $currency) {
    __typename
    ... on PayoutFile {
      filename
      content
      count
      more
      totals {
        formatted
      }
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();h.hash="90ee1d27b6df8848b08f03e145101f17";var N=h;var S=(function(){var r={defaultValue:null,kind:"LocalArgument",name:"file"},l={defaultValue:null,kind:"LocalArgument",name:"provider"},t={alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},u=[{alias:null,args:[{kind:"Variable",name:"file",variableName:"file"},{kind:"Variable",name:"provider",variableName:"provider"}],concreteType:null,kind:"LinkedField",name:"importPayoutResults",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"fulfilled",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"already",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"skipped",storageKey:null},{alias:null,args:null,concreteType:"PayoutProblem",kind:"LinkedField",name:"problems",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"line",storageKey:null},t],storageKey:null}],type:"PayoutImport",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},t,{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:[r,l],kind:"Fragment",metadata:null,name:"payoutsImportMutation",selections:u,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[l,r],kind:"Operation",name:"payoutsImportMutation",selections:u},params:{cacheID:"f37e31f073965bcf1a77526da609c19a",id:null,metadata:{},name:"payoutsImportMutation",operationKind:"mutation",text:`mutation payoutsImportMutation(
  $provider: PayoutProvider!
  $file: String!
) {
  importPayoutResults(provider: $provider, file: $file) {
    __typename
    ... on PayoutImport {
      fulfilled
      already
      skipped
      problems {
        line
        message
      }
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();S.hash="f94f62613429f4914955fa4293e6b814";var R=S;var x=N,D=R;var e=c(k()),L=["PAYPAL","WISE"],K={PAYPAL:"PayPal Payouts",WISE:"Wise batch transfer"};function j(){return(0,e.jsxs)(e.Fragment,{children:[(0,e.jsx)("h1",{children:"Payouts"}),(0,e.jsx)("p",{children:"Approved cash rewards that are not credited through Stripe are paid by file: download a batch file, upload it to PayPal Payouts or Wise, then bring the provider's result file back here. Each line the provider paid marks its reward paid, once, however often the file is sent."}),(0,e.jsxs)("div",{className:"grid2",children:[(0,e.jsx)(C,{}),(0,e.jsx)(V,{})]})]})}function C(){let[r,l]=(0,i.useState)("PAYPAL"),[t,u]=(0,i.useState)(""),[d,p]=(0,i.useState)(null),[s,m]=(0,i.useState)(null),[g,b]=(0,I.useMutation)(x);return(0,e.jsxs)("form",{className:"card",onSubmit:n=>{n.preventDefault(),m(null),g({variables:{provider:r,currency:t.trim()||null},onCompleted:y=>{let a=y.exportPayoutFile;if(p(E(a)),a.__typename!=="PayoutFile")return;if(a.count===0){m("Nothing to pay: no approved cash reward waits for a payout file.");return}A(a.filename,a.content);let o=a.more?` ${a.more} ${v(a.more,"more reward")} after these are paid.`:"";m(`Downloaded ${a.filename}: ${a.count} ${v(a.count,"reward")}, ${a.totals.map(T=>T.formatted).join(" + ")}.${o}`)},onError:y=>p({code:"NETWORK",message:y.message})})},"aria-labelledby":"payout-file",children:[(0,e.jsx)("h2",{id:"payout-file",children:"Download a payout file"}),(0,e.jsx)(f,{problem:d}),(0,e.jsx)(P,{label:"Provider",name:"payoutProvider",value:r,options:L,labels:K,onChange:l}),(0,e.jsx)(_,{label:"Currency",name:"currency",value:t,onChange:u,problem:d,hint:"PayPal takes one currency per file (e.g. USD); empty: every currency."}),(0,e.jsx)("button",{type:"submit",className:"primary",disabled:b,children:"Download file"}),s?(0,e.jsx)("p",{role:"status",children:s}):null]})}function V(){let[r,l]=(0,i.useState)("PAYPAL"),[t,u]=(0,i.useState)(null),[d,p]=(0,i.useState)(null),[s,m]=(0,i.useState)(null),[g,b]=(0,I.useMutation)(D),F=async n=>{if(n.preventDefault(),m(null),!t)return p({code:"INVALID_INPUT",message:"Choose the provider's result file.",field:"file"});let y=await t.text();g({variables:{provider:r,file:y},onCompleted:a=>{let o=a.importPayoutResults;p(E(o)),o.__typename==="PayoutImport"&&m({summary:`${o.fulfilled} marked paid, ${o.already} already paid, ${o.skipped} not paid by the provider, ${o.problems.length} not matched.`,lines:o.problems})},onError:a=>p({code:"NETWORK",message:a.message})})};return(0,e.jsxs)("form",{className:"card",onSubmit:n=>{F(n)},"aria-labelledby":"payout-results",children:[(0,e.jsx)("h2",{id:"payout-results",children:"Record the provider's results"}),(0,e.jsx)(f,{problem:d}),(0,e.jsx)(P,{label:"Provider",name:"resultProvider",value:r,options:L,labels:K,onChange:l}),(0,e.jsxs)("div",{className:"field",children:[(0,e.jsx)("label",{htmlFor:"f-file",children:"Result file (CSV)"}),(0,e.jsx)("input",{id:"f-file",name:"file",type:"file",accept:".csv,text/csv","aria-invalid":d?.field==="file"||void 0,onChange:n=>u(n.target.files?.[0]??null)}),(0,e.jsx)(f,{problem:d,field:"file"})]}),(0,e.jsx)("button",{type:"submit",className:"primary",disabled:b,children:"Record payments"}),s?(0,e.jsxs)("div",{role:"status",children:[(0,e.jsx)("p",{children:s.summary}),s.lines.length?(0,e.jsx)("ul",{children:s.lines.map(n=>(0,e.jsxs)("li",{children:["Line ",n.line,": ",n.message]},n.line))}):null]}):null]})}export{j as Payouts};
