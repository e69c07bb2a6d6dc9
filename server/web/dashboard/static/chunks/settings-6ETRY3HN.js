import{d as D}from"./chunk-WW3TRG7X.js";import{c as C}from"./chunk-I4WIYIJT.js";import{b as S,c as ee,e as ne,f as h,g as R,h as I,i as F,j as T,n as L,p as _}from"./chunk-7LAD5YVV.js";var c=S(ee()),m=S(ne());var M=(function(){var a={defaultValue:null,kind:"LocalArgument",name:"canKeys"},t={defaultValue:null,kind:"LocalArgument",name:"canUsers"},l=[{kind:"Literal",name:"first",value:50}],s={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},o={alias:null,args:null,kind:"ScalarField",name:"role",storageKey:null},d=[{condition:"canUsers",kind:"Condition",passingValue:!0,selections:[{alias:null,args:l,concreteType:"StaffUserConnection",kind:"LinkedField",name:"staffUsers",plural:!1,selections:[{alias:null,args:null,concreteType:"StaffUserEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"StaffUser",kind:"LinkedField",name:"node",plural:!1,selections:[s,r,{alias:null,args:null,kind:"ScalarField",name:"email",storageKey:null},o,{alias:null,args:null,kind:"ScalarField",name:"active",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slackUserId",storageKey:null}],storageKey:null}],storageKey:null}],storageKey:"staffUsers(first:50)"}]},{condition:"canKeys",kind:"Condition",passingValue:!0,selections:[{alias:null,args:l,concreteType:"ApiKeyConnection",kind:"LinkedField",name:"apiKeys",plural:!1,selections:[{alias:null,args:null,concreteType:"ApiKeyEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"ApiKey",kind:"LinkedField",name:"node",plural:!1,selections:[s,r,o,{alias:null,args:null,kind:"ScalarField",name:"test",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"prefix",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"revokedAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"lastUsedAt",storageKey:null}],storageKey:null}],storageKey:null}],storageKey:"apiKeys(first:50)"}]}];return{fragment:{argumentDefinitions:[a,t],kind:"Fragment",metadata:null,name:"settingsQuery",selections:d,type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[t,a],kind:"Operation",name:"settingsQuery",selections:d},params:{cacheID:"7bee02990fdf73e563a2dd1682be76f2",id:null,metadata:{},name:"settingsQuery",operationKind:"query",text:`query settingsQuery(
  $canUsers: Boolean!
  $canKeys: Boolean!
) {
  staffUsers(first: 50) @include(if: $canUsers) {
    edges {
      node {
        id
        name
        email
        role
        active
        slackUserId
      }
    }
  }
  apiKeys(first: 50) @include(if: $canKeys) {
    edges {
      node {
        id
        name
        role
        test
        prefix
        createdAt
        revokedAt
        lastUsedAt
      }
    }
  }
}
`}}})();M.hash="7042286d04e08aa4e6a358d09a2b50e7";var x=M;var $=(function(){var a=[{defaultValue:null,kind:"LocalArgument",name:"input"}],t=[{alias:null,args:[{kind:"Variable",name:"input",variableName:"input"}],concreteType:null,kind:"LinkedField",name:"createApiKey",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"secret",storageKey:null},{alias:null,args:null,concreteType:"ApiKey",kind:"LinkedField",name:"apiKey",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"prefix",storageKey:null}],storageKey:null}],type:"CreatedApiKey",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:a,kind:"Fragment",metadata:null,name:"settingsCreateKeyMutation",selections:t,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:a,kind:"Operation",name:"settingsCreateKeyMutation",selections:t},params:{cacheID:"2c00557f7a13ac4e155beb443f91234c",id:null,metadata:{},name:"settingsCreateKeyMutation",operationKind:"mutation",text:`mutation settingsCreateKeyMutation(
  $input: CreateApiKeyInput!
) {
  createApiKey(input: $input) {
    __typename
    ... on CreatedApiKey {
      secret
      apiKey {
        id
        name
        prefix
      }
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();$.hash="789d02dad78a1b134d224e2b487f3ac5";var O=$;var V=(function(){var a=[{defaultValue:null,kind:"LocalArgument",name:"id"}],t=[{kind:"Variable",name:"id",variableName:"id"}],l={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},s={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={kind:"InlineFragment",selections:[s,{alias:null,args:null,kind:"ScalarField",name:"revokedAt",storageKey:null}],type:"ApiKey",abstractKey:null},o={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:a,kind:"Fragment",metadata:null,name:"settingsRevokeKeyMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"revokeApiKey",plural:!1,selections:[l,r,o],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:a,kind:"Operation",name:"settingsRevokeKeyMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"revokeApiKey",plural:!1,selections:[l,r,o,{kind:"InlineFragment",selections:[s],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"8a95ead58878efcf259f6ba4416e3c40",id:null,metadata:{},name:"settingsRevokeKeyMutation",operationKind:"mutation",text:`mutation settingsRevokeKeyMutation(
  $id: ID!
) {
  revokeApiKey(id: $id) {
    __typename
    ... on ApiKey {
      id
      revokedAt
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
`}}})();V.hash="3070a3944015dafd6e38368008a91f03";var q=V;var P=(function(){var a=[{defaultValue:null,kind:"LocalArgument",name:"input"}],t=[{alias:null,args:[{kind:"Variable",name:"input",variableName:"input"}],concreteType:null,kind:"LinkedField",name:"createStaffUser",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"generatedPassword",storageKey:null},{alias:null,args:null,concreteType:"StaffUser",kind:"LinkedField",name:"user",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"email",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"role",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"active",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"slackUserId",storageKey:null}],storageKey:null}],type:"CreatedStaffUser",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:a,kind:"Fragment",metadata:null,name:"settingsCreateUserMutation",selections:t,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:a,kind:"Operation",name:"settingsCreateUserMutation",selections:t},params:{cacheID:"3786694a4be131b610230c8ccd104608",id:null,metadata:{},name:"settingsCreateUserMutation",operationKind:"mutation",text:`mutation settingsCreateUserMutation(
  $input: CreateStaffUserInput!
) {
  createStaffUser(input: $input) {
    __typename
    ... on CreatedStaffUser {
      generatedPassword
      user {
        id
        name
        email
        role
        active
        slackUserId
      }
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();P.hash="62d8536bb1db6cafc9d3d251123ae661";var w=P;var B=(function(){var a={defaultValue:null,kind:"LocalArgument",name:"active"},t={defaultValue:null,kind:"LocalArgument",name:"id"},l={defaultValue:null,kind:"LocalArgument",name:"role"},s=[{kind:"Variable",name:"active",variableName:"active"},{kind:"Variable",name:"id",variableName:"id"},{kind:"Variable",name:"role",variableName:"role"}],r={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},o={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},d={kind:"InlineFragment",selections:[o,{alias:null,args:null,kind:"ScalarField",name:"role",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"active",storageKey:null}],type:"StaffUser",abstractKey:null},g={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:[a,t,l],kind:"Fragment",metadata:null,name:"settingsUpdateUserMutation",selections:[{alias:null,args:s,concreteType:null,kind:"LinkedField",name:"updateStaffUser",plural:!1,selections:[r,d,g],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[t,l,a],kind:"Operation",name:"settingsUpdateUserMutation",selections:[{alias:null,args:s,concreteType:null,kind:"LinkedField",name:"updateStaffUser",plural:!1,selections:[r,d,g,{kind:"InlineFragment",selections:[o],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"06e173e431f9c54b97af822e29e97c13",id:null,metadata:{},name:"settingsUpdateUserMutation",operationKind:"mutation",text:`mutation settingsUpdateUserMutation(
  $id: ID!
  $role: Role
  $active: Boolean
) {
  updateStaffUser(id: $id, role: $role, active: $active) {
    __typename
    ... on StaffUser {
      id
      role
      active
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
`}}})();B.hash="0967204ad7c548e33221dda802ecdc46";var Q=B;var Y=(function(){var a=[{defaultValue:null,kind:"LocalArgument",name:"id"},{defaultValue:null,kind:"LocalArgument",name:"slackUserId"}],t=[{kind:"Variable",name:"slackUserId",variableName:"slackUserId"},{kind:"Variable",name:"userId",variableName:"id"}],l={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},s={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={kind:"InlineFragment",selections:[s,{alias:null,args:null,kind:"ScalarField",name:"slackUserId",storageKey:null}],type:"StaffUser",abstractKey:null},o={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:a,kind:"Fragment",metadata:null,name:"settingsLinkSlackMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"linkSlackUser",plural:!1,selections:[l,r,o],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:a,kind:"Operation",name:"settingsLinkSlackMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"linkSlackUser",plural:!1,selections:[l,r,o,{kind:"InlineFragment",selections:[s],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"b752dd999600f9f053776bd4621c329b",id:null,metadata:{},name:"settingsLinkSlackMutation",operationKind:"mutation",text:`mutation settingsLinkSlackMutation(
  $id: ID!
  $slackUserId: String
) {
  linkSlackUser(userId: $id, slackUserId: $slackUserId) {
    __typename
    ... on StaffUser {
      id
      slackUserId
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
`}}})();Y.hash="4842e9c8a647041599fa4cfe3f58b1ad";var G=Y;var W=x,H=O,X=q,z=w,J=Q,Z=G;var e=S(h()),ae=["INTEGRATION","BOT"];function Se({user:a}){let t=C("users:manage"),l=C("api-keys:manage"),[s,r]=(0,c.useState)(0),o=(0,m.useLazyLoadQuery)(W,{canUsers:t,canKeys:l},{fetchPolicy:"store-and-network",fetchKey:s});return(0,e.jsxs)(e.Fragment,{children:[(0,e.jsx)("h1",{children:"Settings"}),(0,e.jsxs)("section",{className:"card","aria-labelledby":"me-title",children:[(0,e.jsx)("h2",{id:"me-title",children:"Your account"}),(0,e.jsxs)("p",{children:[a.name," \xB7 ",a.email," \xB7 ",a.role.toLowerCase()]})]}),(0,e.jsx)(D,{}),o.staffUsers?(0,e.jsx)(te,{users:o.staffUsers.edges.map(d=>d.node),changed:()=>r(d=>d+1)}):null,o.apiKeys?(0,e.jsx)(re,{keys:o.apiKeys.edges.map(d=>d.node),changed:()=>r(d=>d+1)}):null]})}var j=["OWNER","ADMIN","MANAGER","ANALYST"];function te({users:a,changed:t}){let[l,s]=(0,c.useState)(null),[r,o]=(0,c.useState)(null),[d,g]=(0,c.useState)(""),[k,U]=(0,c.useState)(""),[K,v]=(0,c.useState)("ANALYST"),[N,E]=(0,m.useMutation)(z),[A]=(0,m.useMutation)(J),[b]=(0,m.useMutation)(Z),f=n=>s({code:"NETWORK",message:n.message}),i=n=>u=>{let y=_(u);s(y),y||(o(n),t())},p=n=>{n.preventDefault(),N({variables:{input:{email:d,name:k,role:K}},onCompleted:u=>{let y=u.createStaffUser;i(y.__typename==="CreatedStaffUser"?`Created ${y.user.email}${y.generatedPassword?`; their password, shown once: ${y.generatedPassword}`:""}.`:"")(y)},onError:f})};return(0,e.jsxs)("section",{className:"card","aria-labelledby":"staff-title",children:[(0,e.jsx)("h2",{id:"staff-title",children:"Staff users"}),(0,e.jsx)(R,{problem:l}),r?(0,e.jsx)("p",{role:"status",children:r}):null,(0,e.jsxs)("table",{children:[(0,e.jsx)("thead",{children:(0,e.jsxs)("tr",{children:[(0,e.jsx)("th",{scope:"col",children:"Name"}),(0,e.jsx)("th",{scope:"col",children:"Email"}),(0,e.jsx)("th",{scope:"col",children:"Role"}),(0,e.jsx)("th",{scope:"col",children:"Active"}),(0,e.jsx)("th",{scope:"col",children:"Slack user id"})]})}),(0,e.jsx)("tbody",{children:a.map(n=>(0,e.jsxs)("tr",{children:[(0,e.jsx)("td",{children:n.name}),(0,e.jsx)("td",{children:n.email}),(0,e.jsxs)("td",{children:[(0,e.jsxs)("label",{className:"sr-only",htmlFor:`role-${n.id}`,children:["Role of ",n.name]}),(0,e.jsx)("select",{id:`role-${n.id}`,value:n.role,onChange:u=>A({variables:{id:n.id,role:u.target.value,active:null},onCompleted:y=>i(`${n.name} is now ${u.target.value.toLowerCase()}.`)(y.updateStaffUser),onError:f}),children:j.map(u=>(0,e.jsx)("option",{children:u},u))})]}),(0,e.jsx)("td",{children:(0,e.jsx)(T,{label:n.active?"Deactivate":"Reactivate",danger:n.active,question:`${n.active?"Deactivate":"Reactivate"} ${n.name}?`,onConfirm:()=>A({variables:{id:n.id,role:null,active:!n.active},onCompleted:u=>i(`${n.name} ${n.active?"deactivated":"reactivated"}.`)(u.updateStaffUser),onError:f})})}),(0,e.jsx)("td",{children:(0,e.jsx)(le,{user:n,save:u=>b({variables:{id:n.id,slackUserId:u||null},onCompleted:y=>i(`Slack link of ${n.name} saved.`)(y.linkSlackUser),onError:f})})})]},n.id))})]}),(0,e.jsxs)("form",{onSubmit:p,"aria-labelledby":"newuser-title",children:[(0,e.jsx)("h3",{id:"newuser-title",children:"Invite a staff member"}),(0,e.jsx)(I,{label:"Email",name:"email",type:"email",value:d,onChange:g,problem:l,required:!0}),(0,e.jsx)(I,{label:"Name",name:"staffName",value:k,onChange:U,problem:l,required:!0}),(0,e.jsx)(F,{label:"Role",name:"staffRole",value:K,options:j,onChange:v}),(0,e.jsx)("button",{type:"submit",disabled:E,children:"Create staff user"})]})]})}function le({user:a,save:t}){let[l,s]=(0,c.useState)(a.slackUserId??"");return(0,e.jsxs)("span",{className:"confirm",children:[(0,e.jsxs)("label",{className:"sr-only",htmlFor:`slack-${a.id}`,children:["Slack user id of ",a.name]}),(0,e.jsx)("input",{id:`slack-${a.id}`,size:12,value:l,onChange:r=>s(r.target.value),placeholder:"U0123ABCD"}),(0,e.jsx)("button",{type:"button",onClick:()=>t(l),children:"Save"})]})}function re({keys:a,changed:t}){let[l,s]=(0,c.useState)(""),[r,o]=(0,c.useState)("INTEGRATION"),[d,g]=(0,c.useState)(!1),[k,U]=(0,c.useState)(null),[K,v]=(0,c.useState)(null),[N,E]=(0,m.useMutation)(H),[A]=(0,m.useMutation)(X),b=i=>v({code:"NETWORK",message:i.message}),f=i=>{i.preventDefault(),N({variables:{input:{name:l,role:r,test:d}},onCompleted:p=>{let n=_(p.createApiKey);v(n),!n&&p.createApiKey.__typename==="CreatedApiKey"&&(U(p.createApiKey.secret),s(""),t())},onError:b})};return(0,e.jsxs)("section",{className:"card","aria-labelledby":"keys-title",children:[(0,e.jsx)("h2",{id:"keys-title",children:"API keys"}),k?(0,e.jsxs)("div",{className:"secret",role:"status",children:[(0,e.jsx)("p",{children:"The new key, shown only this once. Store it now:"}),(0,e.jsx)("code",{id:"new-secret",children:k}),(0,e.jsx)("button",{type:"button",onClick:()=>U(null),children:"I have stored it"})]}):null,(0,e.jsxs)("table",{children:[(0,e.jsx)("thead",{children:(0,e.jsxs)("tr",{children:[(0,e.jsx)("th",{scope:"col",children:"Name"}),(0,e.jsx)("th",{scope:"col",children:"Role"}),(0,e.jsx)("th",{scope:"col",children:"Prefix"}),(0,e.jsx)("th",{scope:"col",children:"Last used"}),(0,e.jsx)("th",{scope:"col",children:"State"})]})}),(0,e.jsx)("tbody",{children:a.map(i=>(0,e.jsxs)("tr",{children:[(0,e.jsxs)("td",{children:[i.name,i.test?" (test)":""]}),(0,e.jsx)("td",{children:i.role.toLowerCase()}),(0,e.jsx)("td",{children:(0,e.jsx)("code",{children:i.prefix})}),(0,e.jsx)("td",{children:L(i.lastUsedAt)}),(0,e.jsx)("td",{children:i.revokedAt?`revoked ${L(i.revokedAt)}`:(0,e.jsx)(T,{label:"Revoke",danger:!0,question:`Revoke ${i.name}?`,onConfirm:()=>A({variables:{id:i.id},onCompleted:p=>{let n=_(p.revokeApiKey);v(n),n||t()},onError:b})})})]},i.id))})]}),(0,e.jsxs)("form",{onSubmit:f,"aria-labelledby":"newkey-title",children:[(0,e.jsx)("h3",{id:"newkey-title",children:"New API key"}),(0,e.jsx)(R,{problem:K}),(0,e.jsx)(I,{label:"Key name",name:"name",value:l,onChange:s,problem:K,required:!0}),(0,e.jsx)(F,{label:"Role",name:"role",value:r,options:ae,onChange:o}),(0,e.jsxs)("div",{className:"field check",children:[(0,e.jsx)("input",{id:"f-test",type:"checkbox",checked:d,onChange:i=>g(i.target.checked)}),(0,e.jsx)("label",{htmlFor:"f-test",children:"Test key (test-mode data only)"})]}),(0,e.jsx)("button",{type:"submit",className:"primary",disabled:E,children:"Create key"})]})]})}export{Se as Settings};
