import{b as v,c as C,e as W,f as A,g as T,h as K,j as N,n as I,p as S}from"./chunk-7LAD5YVV.js";var b=v(C()),f=v(W());var $=(function(){var e={defaultValue:20,kind:"LocalArgument",name:"count"},o={defaultValue:null,kind:"LocalArgument",name:"cursor"},i={defaultValue:null,kind:"LocalArgument",name:"endpointId"},d={alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},t={alias:null,args:null,concreteType:"WebhookEventTypeInfo",kind:"LinkedField",name:"webhookEventTypes",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"name",storageKey:null},d],storageKey:null},r={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},p={alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},c={alias:null,args:[{kind:"Literal",name:"first",value:100}],concreteType:"WebhookEndpointConnection",kind:"LinkedField",name:"webhookEndpoints",plural:!1,selections:[{alias:null,args:null,concreteType:"WebhookEndpointEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"WebhookEndpoint",kind:"LinkedField",name:"node",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"url",storageKey:null},d,{alias:null,args:null,kind:"ScalarField",name:"eventTypes",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"includeTest",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"enabled",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"disabledReason",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"consecutiveFailures",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"secretRotationEndsAt",storageKey:null},p],storageKey:null}],storageKey:null}],storageKey:"webhookEndpoints(first:100)"},y={kind:"Variable",name:"endpointId",variableName:"endpointId"},m=[{kind:"Variable",name:"after",variableName:"cursor"},y,{kind:"Variable",name:"first",variableName:"count"}];return{fragment:{argumentDefinitions:[e,o,i],kind:"Fragment",metadata:null,name:"webhooksQuery",selections:[t,c,{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"},y],kind:"FragmentSpread",name:"webhooksDeliveries_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[i,e,o],kind:"Operation",name:"webhooksQuery",selections:[t,c,{alias:null,args:m,concreteType:"WebhookDeliveryConnection",kind:"LinkedField",name:"webhookDeliveries",plural:!1,selections:[{alias:null,args:null,concreteType:"WebhookDeliveryEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"WebhookDelivery",kind:"LinkedField",name:"node",plural:!1,selections:[r,{alias:null,args:null,kind:"ScalarField",name:"endpointId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"replay",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventType",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"lastError",storageKey:null},p,{alias:null,args:null,kind:"ScalarField",name:"deliveredAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"nextAttemptAt",storageKey:null},{alias:null,args:null,concreteType:"WebhookAttempt",kind:"LinkedField",name:"attempts",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"statusCode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"latencyMs",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"ok",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"error",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"attemptedAt",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:m,filters:["endpointId"],handle:"connection",key:"webhooksDeliveries__webhookDeliveries",kind:"LinkedHandle",name:"webhookDeliveries"}]},params:{cacheID:"d85b1ad76a3bf9780aedf32eb7e717ef",id:null,metadata:{},name:"webhooksQuery",operationKind:"query",text:`query webhooksQuery(
  $endpointId: ID
  $count: Int = 20
  $cursor: String
) {
  webhookEventTypes {
    name
    description
  }
  webhookEndpoints(first: 100) {
    edges {
      node {
        id
        url
        description
        eventTypes
        includeTest
        enabled
        disabledReason
        consecutiveFailures
        secretRotationEndsAt
        createdAt
      }
    }
  }
  ...webhooksDeliveries_query_1WzrB5
}

fragment webhooksDeliveries_query_1WzrB5 on Query {
  webhookDeliveries(endpointId: $endpointId, first: $count, after: $cursor) {
    edges {
      node {
        id
        endpointId
        status
        replay
        eventId
        eventType
        lastError
        createdAt
        deliveredAt
        nextAttemptAt
        attempts {
          statusCode
          latencyMs
          ok
          error
          attemptedAt
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
`}}})();$.hash="fb9874255b584321370be970a88c10e6";var M=$;var L=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"},{defaultValue:null,kind:"LocalArgument",name:"endpointId"}],o={kind:"Variable",name:"endpointId",variableName:"endpointId"},i=[{kind:"Variable",name:"after",variableName:"cursor"},o,{kind:"Variable",name:"first",variableName:"count"}];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksDeliveriesPaginationQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"},o],kind:"FragmentSpread",name:"webhooksDeliveries_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksDeliveriesPaginationQuery",selections:[{alias:null,args:i,concreteType:"WebhookDeliveryConnection",kind:"LinkedField",name:"webhookDeliveries",plural:!1,selections:[{alias:null,args:null,concreteType:"WebhookDeliveryEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"WebhookDelivery",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"endpointId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"replay",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventType",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"lastError",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"deliveredAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"nextAttemptAt",storageKey:null},{alias:null,args:null,concreteType:"WebhookAttempt",kind:"LinkedField",name:"attempts",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"statusCode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"latencyMs",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"ok",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"error",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"attemptedAt",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:i,filters:["endpointId"],handle:"connection",key:"webhooksDeliveries__webhookDeliveries",kind:"LinkedHandle",name:"webhookDeliveries"}]},params:{cacheID:"268f97cb491e484ac52060d19baac0ed",id:null,metadata:{},name:"webhooksDeliveriesPaginationQuery",operationKind:"query",text:`query webhooksDeliveriesPaginationQuery(
  $count: Int
  $cursor: String
  $endpointId: ID
) {
  ...webhooksDeliveries_query_1WzrB5
}

fragment webhooksDeliveries_query_1WzrB5 on Query {
  webhookDeliveries(endpointId: $endpointId, first: $count, after: $cursor) {
    edges {
      node {
        id
        endpointId
        status
        replay
        eventId
        eventType
        lastError
        createdAt
        deliveredAt
        nextAttemptAt
        attempts {
          statusCode
          latencyMs
          ok
          error
          attemptedAt
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
`}}})();L.hash="00e4a8568ebf25b653bb25ec886bf328";var x=L;var U=(function(){var e=["webhookDeliveries"];return{argumentDefinitions:[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"},{defaultValue:null,kind:"LocalArgument",name:"endpointId"}],kind:"Fragment",metadata:{connection:[{count:"count",cursor:"cursor",direction:"forward",path:e}],refetch:{connection:{forward:{count:"count",cursor:"cursor"},backward:null,path:e},fragmentPathInResult:[],operation:x}},name:"webhooksDeliveries_query",selections:[{alias:"webhookDeliveries",args:[{kind:"Variable",name:"endpointId",variableName:"endpointId"}],concreteType:"WebhookDeliveryConnection",kind:"LinkedField",name:"__webhooksDeliveries__webhookDeliveries_connection",plural:!1,selections:[{alias:null,args:null,concreteType:"WebhookDeliveryEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"WebhookDelivery",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"endpointId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"replay",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventType",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"lastError",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"deliveredAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"nextAttemptAt",storageKey:null},{alias:null,args:null,concreteType:"WebhookAttempt",kind:"LinkedField",name:"attempts",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"statusCode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"latencyMs",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"ok",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"error",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"attemptedAt",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null}],type:"Query",abstractKey:null}})();U.hash="00e4a8568ebf25b653bb25ec886bf328";var q=U;var V=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"input"}],o=[{alias:null,args:[{kind:"Variable",name:"input",variableName:"input"}],concreteType:null,kind:"LinkedField",name:"createWebhookEndpoint",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"secret",storageKey:null},{alias:null,args:null,concreteType:"WebhookEndpoint",kind:"LinkedField",name:"endpoint",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"url",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"enabled",storageKey:null}],storageKey:null}],type:"WebhookEndpointWithSecret",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksCreateMutation",selections:o,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksCreateMutation",selections:o},params:{cacheID:"aff6051499d73d20a28c3edfe1c5bc3c",id:null,metadata:{},name:"webhooksCreateMutation",operationKind:"mutation",text:`mutation webhooksCreateMutation(
  $input: CreateWebhookEndpointInput!
) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on WebhookEndpointWithSecret {
      secret
      endpoint {
        id
        url
        enabled
      }
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();V.hash="286fd9f2b1635fbd04c9cd3f0513134d";var O=V;var P=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"input"}],o=[{kind:"Variable",name:"input",variableName:"input"}],i={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},d={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},t={kind:"InlineFragment",selections:[d,{alias:null,args:null,kind:"ScalarField",name:"url",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventTypes",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"includeTest",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"enabled",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"disabledReason",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"consecutiveFailures",storageKey:null}],type:"WebhookEndpoint",abstractKey:null},r={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksUpdateMutation",selections:[{alias:null,args:o,concreteType:null,kind:"LinkedField",name:"updateWebhookEndpoint",plural:!1,selections:[i,t,r],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksUpdateMutation",selections:[{alias:null,args:o,concreteType:null,kind:"LinkedField",name:"updateWebhookEndpoint",plural:!1,selections:[i,t,r,{kind:"InlineFragment",selections:[d],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"b5abc3de3d51347c3e9eff47b5acc77e",id:null,metadata:{},name:"webhooksUpdateMutation",operationKind:"mutation",text:`mutation webhooksUpdateMutation(
  $input: UpdateWebhookEndpointInput!
) {
  updateWebhookEndpoint(input: $input) {
    __typename
    ... on WebhookEndpoint {
      id
      url
      description
      eventTypes
      includeTest
      enabled
      disabledReason
      consecutiveFailures
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
`}}})();P.hash="6332349db96053b49f917233e9deb993";var Q=P;var B=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"}],o=[{alias:null,args:[{kind:"Variable",name:"id",variableName:"id"}],concreteType:null,kind:"LinkedField",name:"deleteWebhookEndpoint",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksDeleteMutation",selections:o,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksDeleteMutation",selections:o},params:{cacheID:"d0ab67c3a34645881c3fb1407222e64f",id:null,metadata:{},name:"webhooksDeleteMutation",operationKind:"mutation",text:`mutation webhooksDeleteMutation(
  $id: ID!
) {
  deleteWebhookEndpoint(id: $id) {
    __typename
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();B.hash="8e72c9b036755976d25e1e1f8b249f55";var H=B;var X=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"}],o=[{alias:null,args:[{kind:"Variable",name:"id",variableName:"id"}],concreteType:null,kind:"LinkedField",name:"rotateWebhookSecret",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"secret",storageKey:null},{alias:null,args:null,concreteType:"WebhookEndpoint",kind:"LinkedField",name:"endpoint",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"secretRotationEndsAt",storageKey:null}],storageKey:null}],type:"WebhookEndpointWithSecret",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksRotateMutation",selections:o,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksRotateMutation",selections:o},params:{cacheID:"6223f2325890873d3b6b3cec3f59264b",id:null,metadata:{},name:"webhooksRotateMutation",operationKind:"mutation",text:`mutation webhooksRotateMutation(
  $id: ID!
) {
  rotateWebhookSecret(id: $id) {
    __typename
    ... on WebhookEndpointWithSecret {
      secret
      endpoint {
        id
        secretRotationEndsAt
      }
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();X.hash="3e8d68a2465e89e0e04d5f661ba92cbb";var Y=X;var z=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"}],o=[{alias:null,args:[{kind:"Variable",name:"id",variableName:"id"}],concreteType:null,kind:"LinkedField",name:"sendTestWebhook",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"eventId",storageKey:null}],type:"WebhookTestSent",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksTestMutation",selections:o,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksTestMutation",selections:o},params:{cacheID:"7d6b529f2838b2b7e3b5900a03b5fefb",id:null,metadata:{},name:"webhooksTestMutation",operationKind:"mutation",text:`mutation webhooksTestMutation(
  $id: ID!
) {
  sendTestWebhook(id: $id) {
    __typename
    ... on WebhookTestSent {
      eventId
    }
    ... on UserError {
      code
      message
      field
    }
  }
}
`}}})();z.hash="33d34948986755c6e653ba5881c6f88a";var G=z;var J=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"}],o=[{kind:"Variable",name:"id",variableName:"id"}],i={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},d={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},t={kind:"InlineFragment",selections:[d,{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"replay",storageKey:null}],type:"WebhookDelivery",abstractKey:null},r={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksReplayMutation",selections:[{alias:null,args:o,concreteType:null,kind:"LinkedField",name:"replayWebhookDelivery",plural:!1,selections:[i,t,r],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksReplayMutation",selections:[{alias:null,args:o,concreteType:null,kind:"LinkedField",name:"replayWebhookDelivery",plural:!1,selections:[i,t,r,{kind:"InlineFragment",selections:[d],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"b0ee40105537d45bf183cf232d4fe2f9",id:null,metadata:{},name:"webhooksReplayMutation",operationKind:"mutation",text:`mutation webhooksReplayMutation(
  $id: ID!
) {
  replayWebhookDelivery(id: $id) {
    __typename
    ... on WebhookDelivery {
      id
      status
      replay
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
`}}})();J.hash="cd2dd93420c0ded658f0f0de24def1a2";var Z=J;var j=M,ee=q,ne=O,ae=Q,le=H,te=Y,oe=G,re=Z;var R=v(C()),w=v(W());var l=v(A());function ie(e){let{data:o,hasNext:i,loadNext:d,isLoadingNext:t}=(0,w.usePaginationFragment)(ee,e.query),[r]=(0,w.useMutation)(re),[p,c]=(0,R.useState)(null),[y,m]=(0,R.useState)(null),g=new Map(e.endpoints.map(a=>[a.id,a.url])),D=o.webhookDeliveries.edges.map(a=>a.node);return(0,l.jsxs)("section",{className:"card","aria-labelledby":"deliveries-title",children:[(0,l.jsx)("h2",{id:"deliveries-title",children:"Recent deliveries"}),(0,l.jsxs)("div",{className:"toolbar",children:[(0,l.jsxs)("div",{className:"field",children:[(0,l.jsx)("label",{htmlFor:"f-endpointId",children:"Endpoint"}),(0,l.jsxs)("select",{id:"f-endpointId",value:e.endpointId,onChange:a=>e.setEndpointId(a.target.value),children:[(0,l.jsx)("option",{value:"",children:"All endpoints"}),e.endpoints.map(a=>(0,l.jsx)("option",{value:a.id,children:a.url},a.id))]})]}),(0,l.jsx)("button",{type:"button",onClick:e.refresh,children:"Refresh deliveries"})]}),(0,l.jsx)(T,{problem:p}),y?(0,l.jsx)("p",{role:"status",children:y}):null,D.length===0?(0,l.jsx)("p",{children:"No deliveries."}):null,(0,l.jsxs)("table",{children:[(0,l.jsx)("thead",{children:(0,l.jsxs)("tr",{children:[(0,l.jsx)("th",{scope:"col",children:"Created"}),(0,l.jsx)("th",{scope:"col",children:"Event"}),(0,l.jsx)("th",{scope:"col",children:"Endpoint"}),(0,l.jsx)("th",{scope:"col",children:"Status"}),(0,l.jsx)("th",{scope:"col",children:"Attempts"}),(0,l.jsx)("th",{scope:"col",children:(0,l.jsx)("span",{className:"sr-only",children:"Actions"})})]})}),(0,l.jsx)("tbody",{children:D.map(a=>{let E=a.attempts[a.attempts.length-1];return(0,l.jsxs)("tr",{"data-delivery":a.id,"data-status":a.status,children:[(0,l.jsx)("td",{children:I(a.createdAt)}),(0,l.jsxs)("td",{children:[a.eventType,a.replay?` (replay ${a.replay})`:"",(0,l.jsx)("br",{}),(0,l.jsx)("small",{children:a.eventId})]}),(0,l.jsx)("td",{children:g.get(a.endpointId)??a.endpointId}),(0,l.jsxs)("td",{children:[a.status,a.status==="delivered"?` ${I(a.deliveredAt)}`:"",a.lastError?(0,l.jsxs)(l.Fragment,{children:[(0,l.jsx)("br",{}),(0,l.jsx)("small",{children:a.lastError})]}):null,a.status==="failed"?(0,l.jsxs)(l.Fragment,{children:[(0,l.jsx)("br",{}),(0,l.jsx)("small",{children:a.nextAttemptAt?`retrying ${I(a.nextAttemptAt)}`:"gave up after its last attempt"})]}):null]}),(0,l.jsxs)("td",{children:[a.attempts.length,E?` \xB7 last: ${E.statusCode??"no answer"}${E.ok?" ok":""}, ${E.latencyMs} ms`:""]}),(0,l.jsx)("td",{children:a.status==="failed"||a.status==="delivered"?(0,l.jsx)("button",{type:"button","aria-label":`Replay ${a.eventType} ${a.eventId}${a.replay?` (replay ${a.replay})`:""}`,onClick:()=>r({variables:{id:a.id},onCompleted:F=>{let k=S(F.replayWebhookDelivery);c(k),m(k?null:`Replaying ${a.eventType} (${a.eventId}).`),k||e.refresh()},onError:F=>c({code:"NETWORK",message:F.message})}),children:"Replay"}):null})]},a.id)})})]}),i?(0,l.jsx)("button",{type:"button",disabled:t,onClick:()=>d(20),children:"More deliveries"}):null]})}var n=v(A());function Le(){let[e,o]=(0,b.useState)(0),[i,d]=(0,b.useState)(""),[t,r]=(0,b.useState)(null),p=(0,f.useLazyLoadQuery)(j,{endpointId:i||null},{fetchPolicy:"store-and-network",fetchKey:e}),c=()=>o(g=>g+1),y=p.webhookEndpoints.edges.map(g=>g.node),m=p.webhookEventTypes;return(0,n.jsxs)(n.Fragment,{children:[(0,n.jsx)("h1",{children:"Webhooks"}),t?(0,n.jsxs)("div",{className:"secret",role:"status",children:[(0,n.jsxs)("p",{children:["The signing secret of ",t.url,", shown only this once:"]}),(0,n.jsx)("code",{id:"webhook-secret",children:t.secret}),t.overlapUntil?(0,n.jsxs)("p",{children:["The previous secret also signs every request (a second signature) until ",I(t.overlapUntil),": switch your receiver before then."]}):null,(0,n.jsx)("button",{type:"button",onClick:()=>r(null),children:"I have stored it"})]}):null,y.length===0?(0,n.jsx)("p",{children:"No webhook endpoints yet."}):null,y.map(g=>(0,n.jsx)(de,{endpoint:g,types:m,changed:c,showSecret:r},g.id)),(0,n.jsx)(ue,{types:m,changed:c,showSecret:r}),(0,n.jsx)(ie,{query:p,endpoints:y,endpointId:i,setEndpointId:d,refresh:c})]})}function se({prefix:e,types:o,value:i,onChange:d}){return(0,n.jsxs)("fieldset",{className:"events",children:[(0,n.jsx)("legend",{children:"Events (none ticked: every type)"}),o.map(({name:t,description:r})=>(0,n.jsxs)("span",{className:"field check",children:[(0,n.jsx)("input",{id:`${e}-${t}`,type:"checkbox",title:r,checked:i.includes(t),onChange:p=>d(p.target.checked?[...i,t]:i.filter(c=>c!==t))}),(0,n.jsx)("label",{htmlFor:`${e}-${t}`,title:r,children:t})]},t))]})}function de({endpoint:e,types:o,changed:i,showSecret:d}){let[t,r]=(0,b.useState)({url:e.url,description:e.description,eventTypes:[...e.eventTypes],includeTest:e.includeTest,enabled:e.enabled}),[p,c]=(0,b.useState)(null),[y,m]=(0,b.useState)(null),[g,D]=(0,f.useMutation)(ae),[a]=(0,f.useMutation)(te),[E]=(0,f.useMutation)(oe),[F]=(0,f.useMutation)(le),k=s=>c({code:"NETWORK",message:s.message}),h=s=>u=>{let _=S(u);c(_&&_.field?{..._,field:`${_.field}-${e.id}`}:_),m(_?null:s),_||i()};return(0,n.jsxs)("form",{className:"card",onSubmit:s=>{s.preventDefault(),g({variables:{input:{id:e.id,...t}},onCompleted:u=>h(`Saved ${t.url}.`)(u.updateWebhookEndpoint),onError:k})},"aria-label":`Endpoint ${e.url}`,"data-endpoint":e.id,children:[(0,n.jsxs)("h2",{children:[e.url," ",(0,n.jsxs)("small",{children:[e.enabled?"enabled":`disabled${e.disabledReason?`: ${e.disabledReason}`:""}`,e.consecutiveFailures?` \xB7 ${e.consecutiveFailures} failures in a row`:""]})]}),e.secretRotationEndsAt&&new Date(e.secretRotationEndsAt)>new Date?(0,n.jsxs)("p",{children:["The previous secret also signs until ",I(e.secretRotationEndsAt),"."]}):null,(0,n.jsx)(T,{problem:p}),(0,n.jsxs)("div",{className:"grid2",children:[(0,n.jsxs)("div",{children:[(0,n.jsx)(K,{label:"URL",name:`url-${e.id}`,type:"url",value:t.url,onChange:s=>r(u=>({...u,url:s})),problem:p,required:!0}),(0,n.jsx)(K,{label:"Description",name:`description-${e.id}`,value:t.description,onChange:s=>r(u=>({...u,description:s})),problem:p}),(0,n.jsxs)("div",{className:"field check",children:[(0,n.jsx)("input",{id:`enabled-${e.id}`,type:"checkbox",checked:t.enabled,onChange:s=>r(u=>({...u,enabled:s.target.checked}))}),(0,n.jsx)("label",{htmlFor:`enabled-${e.id}`,children:"Enabled"})]}),(0,n.jsxs)("div",{className:"field check",children:[(0,n.jsx)("input",{id:`test-${e.id}`,type:"checkbox",checked:t.includeTest,onChange:s=>r(u=>({...u,includeTest:s.target.checked}))}),(0,n.jsx)("label",{htmlFor:`test-${e.id}`,children:"Also test-mode campaigns' events"})]})]}),(0,n.jsx)(se,{prefix:`ev-${e.id}`,types:o,value:t.eventTypes,onChange:s=>r(u=>({...u,eventTypes:s}))})]}),(0,n.jsxs)("div",{className:"actions",children:[(0,n.jsx)("button",{type:"submit",className:"primary",disabled:D,children:"Save endpoint"}),(0,n.jsx)("button",{type:"button",onClick:()=>E({variables:{id:e.id},onCompleted:s=>h(`Test event queued (${s.sendTestWebhook.__typename==="WebhookTestSent"?s.sendTestWebhook.eventId:""}); its delivery shows below.`)(s.sendTestWebhook),onError:k}),children:"Send test event"}),(0,n.jsx)(N,{label:"Rotate secret",question:`Rotate the signing secret of ${e.url}?`,onConfirm:()=>a({variables:{id:e.id},onCompleted:s=>{let u=s.rotateWebhookSecret;h("Secret rotated.")(u),u.__typename==="WebhookEndpointWithSecret"&&d({url:e.url,secret:u.secret,overlapUntil:u.endpoint.secretRotationEndsAt??null})},onError:k})}),(0,n.jsx)(N,{label:"Delete",danger:!0,question:`Delete the endpoint ${e.url}?`,onConfirm:()=>F({variables:{id:e.id},onCompleted:s=>h("Deleted.")(s.deleteWebhookEndpoint),onError:k})})]}),y?(0,n.jsx)("p",{role:"status",children:y}):null]})}function ue({types:e,changed:o,showSecret:i}){let[d,t]=(0,b.useState)("https://"),[r,p]=(0,b.useState)(""),[c,y]=(0,b.useState)([]),[m,g]=(0,b.useState)(null),[D,a]=(0,f.useMutation)(ne);return(0,n.jsxs)("form",{className:"card",onSubmit:F=>{F.preventDefault(),D({variables:{input:{url:d,description:r,eventTypes:c}},onCompleted:k=>{let h=k.createWebhookEndpoint;g(S(h)),h.__typename==="WebhookEndpointWithSecret"&&(i({url:h.endpoint.url,secret:h.secret,overlapUntil:null}),t("https://"),p(""),y([]),o())},onError:k=>g({code:"NETWORK",message:k.message})})},"aria-labelledby":"newhook-title",children:[(0,n.jsx)("h2",{id:"newhook-title",children:"New endpoint"}),(0,n.jsx)(T,{problem:m}),(0,n.jsx)(K,{label:"URL",name:"url",type:"url",value:d,onChange:t,problem:m,required:!0}),(0,n.jsx)(K,{label:"Description",name:"description",value:r,onChange:p,problem:m}),(0,n.jsx)(se,{prefix:"ev-new",types:e,value:c,onChange:y}),(0,n.jsx)("button",{type:"submit",disabled:a,children:"Add endpoint"})]})}export{Le as Webhooks};
