import{b as A}from"./chunk-I4WIYIJT.js";import{b as c,c as P,e as x,f as I,g as E,h as p,p as _}from"./chunk-7LAD5YVV.js";var k=(function(){var n={alias:null,args:null,kind:"ScalarField",name:"role",storageKey:null},a=[{alias:null,args:null,concreteType:"Me",kind:"LinkedField",name:"me",plural:!1,selections:[{alias:null,args:null,concreteType:"StaffUser",kind:"LinkedField",name:"user",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"email",storageKey:null},n],storageKey:null},n,{alias:null,args:null,kind:"ScalarField",name:"permissions",storageKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:[],kind:"Fragment",metadata:null,name:"appViewerQuery",selections:a,type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[],kind:"Operation",name:"appViewerQuery",selections:a},params:{cacheID:"0142f40e159abb19ac32c72293df98bd",id:null,metadata:{},name:"appViewerQuery",operationKind:"query",text:`query appViewerQuery {
  me {
    user {
      id
      name
      email
      role
    }
    role
    permissions
  }
}
`}}})();k.hash="a51fce7e2207b6fca657af7e13403d5f";var N=k;var C=(function(){var n=[{defaultValue:null,kind:"LocalArgument",name:"email"},{defaultValue:null,kind:"LocalArgument",name:"password"}],a=[{alias:null,args:[{kind:"Variable",name:"email",variableName:"email"},{kind:"Variable",name:"password",variableName:"password"}],concreteType:null,kind:"LinkedField",name:"login",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"expiresAt",storageKey:null},{alias:null,args:null,concreteType:"StaffUser",kind:"LinkedField",name:"user",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null}],storageKey:null}],type:"SignedIn",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"retryAfter",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:n,kind:"Fragment",metadata:null,name:"appLoginMutation",selections:a,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:n,kind:"Operation",name:"appLoginMutation",selections:a},params:{cacheID:"9c5a7fbda63264b05800884315cec33d",id:null,metadata:{},name:"appLoginMutation",operationKind:"mutation",text:`mutation appLoginMutation(
  $email: String!
  $password: String!
) {
  login(email: $email, password: $password) {
    __typename
    ... on SignedIn {
      expiresAt
      user {
        id
        name
      }
    }
    ... on UserError {
      code
      message
      field
      retryAfter
    }
  }
}
`}}})();C.hash="d396dc4ab8436bec6e8e37ecb2bd4093";var S=C;var h=(function(){var n=[{alias:null,args:null,concreteType:null,kind:"LinkedField",name:"logout",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:[],kind:"Fragment",metadata:null,name:"appLogoutMutation",selections:n,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[],kind:"Operation",name:"appLogoutMutation",selections:n},params:{cacheID:"e7b823c091e6420b8581d01608f8175c",id:null,metadata:{},name:"appLogoutMutation",operationKind:"mutation",text:`mutation appLogoutMutation {
  logout {
    __typename
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();h.hash="509354552f3a84e40626d16fd2bcc6e7";var F=h;var T=(function(){var n=[{defaultValue:null,kind:"LocalArgument",name:"current"},{defaultValue:null,kind:"LocalArgument",name:"next"}],a=[{alias:null,args:[{kind:"Variable",name:"currentPassword",variableName:"current"},{kind:"Variable",name:"newPassword",variableName:"next"}],concreteType:null,kind:"LinkedField",name:"changePassword",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"count",storageKey:null}],type:"SessionsEnded",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:n,kind:"Fragment",metadata:null,name:"appChangePasswordMutation",selections:a,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:n,kind:"Operation",name:"appChangePasswordMutation",selections:a},params:{cacheID:"7df2f619b68104c18756ef66846fa45e",id:null,metadata:{},name:"appChangePasswordMutation",operationKind:"mutation",text:`mutation appChangePasswordMutation(
  $current: String!
  $next: String!
) {
  changePassword(currentPassword: $current, newPassword: $next) {
    __typename
    ... on SessionsEnded {
      count
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();T.hash="b6655fbac95022ec55755714f4fa4377";var D=T;var Y=N,M=S,v=F,K=D;var t=c(P()),y=c(x());var e=c(I());function z({onSignedIn:n}){let[a,o]=(0,t.useState)(""),[i,r]=(0,t.useState)(""),[s,u]=(0,t.useState)(null),[m,f]=(0,y.useMutation)(M);return(0,e.jsxs)("main",{id:"main",className:"signin",children:[(0,e.jsx)("h1",{children:"Sign in to Vouch"}),(0,e.jsxs)("form",{onSubmit:b=>{b.preventDefault(),m({variables:{email:a,password:i},onCompleted:l=>{let g=_(l.login);g?u(g):n()},onError:l=>u({code:"NETWORK",message:l.message})})},"aria-label":"Sign in",children:[(0,e.jsx)(E,{problem:s}),(0,e.jsx)(p,{label:"Email",name:"email",type:"email",value:a,onChange:o,problem:s,required:!0,autoComplete:"username"}),(0,e.jsx)(p,{label:"Password",name:"password",type:"password",value:i,onChange:r,problem:s,required:!0,autoComplete:"current-password"}),(0,e.jsx)("button",{type:"submit",className:"primary",disabled:f,children:"Sign in"})]})]})}function J({user:n}){let{signedOut:a}=A(),[o]=(0,y.useMutation)(v);return(0,e.jsxs)("div",{className:"account",children:[(0,e.jsxs)("span",{children:[n.name," ",(0,e.jsxs)("small",{children:["(",n.role.toLowerCase(),")"]})]}),(0,e.jsx)("a",{href:"#/settings",children:"Account"}),(0,e.jsx)("button",{type:"button",onClick:()=>o({variables:{},onCompleted:a,onError:a}),children:"Sign out"})]})}function Z(){let[n,a]=(0,t.useState)(""),[o,i]=(0,t.useState)(""),[r,s]=(0,t.useState)(null),[u,m]=(0,t.useState)(null),[f,w]=(0,y.useMutation)(K),b=g=>{g.preventDefault(),m(null),f({variables:{current:n,next:o},onCompleted:d=>{let L=_(d.changePassword);s(L),!L&&d.changePassword.__typename==="SessionsEnded"&&(m(`Password changed; ${d.changePassword.count} other session(s) ended.`),a(""),i(""))},onError:d=>s({code:"NETWORK",message:d.message})})},l=r&&{...r,field:r.field==="currentPassword"?"current":r.field==="newPassword"||r.field==="password"?"next":r.field};return(0,e.jsxs)("form",{onSubmit:b,"aria-labelledby":"pw-title",className:"card",children:[(0,e.jsx)("h2",{id:"pw-title",children:"Change password"}),(0,e.jsx)(E,{problem:l}),(0,e.jsx)(p,{label:"Current password",name:"current",type:"password",value:n,onChange:a,problem:l,required:!0,autoComplete:"current-password"}),(0,e.jsx)(p,{label:"New password",name:"next",type:"password",value:o,onChange:i,problem:l,required:!0,autoComplete:"new-password"}),(0,e.jsx)("button",{type:"submit",disabled:w,children:"Change password"}),u?(0,e.jsx)("p",{role:"status",children:u}):null]})}export{Y as a,z as b,J as c,Z as d};
