import{b as f,c as R,e as C,f as T,g as D,h as K,j as w,n as F,p as S}from"./chunk-WZEV5IBD.js";var b=f(R()),v=f(C());var W=(function(){var e={defaultValue:20,kind:"LocalArgument",name:"count"},t={defaultValue:null,kind:"LocalArgument",name:"cursor"},i={defaultValue:null,kind:"LocalArgument",name:"endpointId"},o={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},s={alias:null,args:[{kind:"Literal",name:"first",value:100}],concreteType:"WebhookEndpointConnection",kind:"LinkedField",name:"webhookEndpoints",plural:!1,selections:[{alias:null,args:null,concreteType:"WebhookEndpointEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"WebhookEndpoint",kind:"LinkedField",name:"node",plural:!1,selections:[o,{alias:null,args:null,kind:"ScalarField",name:"url",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventTypes",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"includeTest",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"enabled",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"disabledReason",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"consecutiveFailures",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"secretRotationEndsAt",storageKey:null},r],storageKey:null}],storageKey:null}],storageKey:"webhookEndpoints(first:100)"},p={kind:"Variable",name:"endpointId",variableName:"endpointId"},c=[{kind:"Variable",name:"after",variableName:"cursor"},p,{kind:"Variable",name:"first",variableName:"count"}];return{fragment:{argumentDefinitions:[e,t,i],kind:"Fragment",metadata:null,name:"webhooksQuery",selections:[s,{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"},p],kind:"FragmentSpread",name:"webhooksDeliveries_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:[i,e,t],kind:"Operation",name:"webhooksQuery",selections:[s,{alias:null,args:c,concreteType:"WebhookDeliveryConnection",kind:"LinkedField",name:"webhookDeliveries",plural:!1,selections:[{alias:null,args:null,concreteType:"WebhookDeliveryEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"WebhookDelivery",kind:"LinkedField",name:"node",plural:!1,selections:[o,{alias:null,args:null,kind:"ScalarField",name:"endpointId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"replay",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventType",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"lastError",storageKey:null},r,{alias:null,args:null,kind:"ScalarField",name:"deliveredAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"nextAttemptAt",storageKey:null},{alias:null,args:null,concreteType:"WebhookAttempt",kind:"LinkedField",name:"attempts",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"statusCode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"latencyMs",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"ok",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"error",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"attemptedAt",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:c,filters:["endpointId"],handle:"connection",key:"webhooksDeliveries__webhookDeliveries",kind:"LinkedHandle",name:"webhookDeliveries"}]},params:{cacheID:"83983af1c7daec1284f42c2eac97fadb",id:null,metadata:{},name:"webhooksQuery",operationKind:"query",text:`query webhooksQuery(
  $endpointId: ID
  $count: Int = 20
  $cursor: String
) {
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
`}}})();W.hash="7a675a37c424764afddc2d2cc7e3f416";var M=W;var $=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"},{defaultValue:null,kind:"LocalArgument",name:"endpointId"}],t={kind:"Variable",name:"endpointId",variableName:"endpointId"},i=[{kind:"Variable",name:"after",variableName:"cursor"},t,{kind:"Variable",name:"first",variableName:"count"}];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksDeliveriesPaginationQuery",selections:[{args:[{kind:"Variable",name:"count",variableName:"count"},{kind:"Variable",name:"cursor",variableName:"cursor"},t],kind:"FragmentSpread",name:"webhooksDeliveries_query"}],type:"Query",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksDeliveriesPaginationQuery",selections:[{alias:null,args:i,concreteType:"WebhookDeliveryConnection",kind:"LinkedField",name:"webhookDeliveries",plural:!1,selections:[{alias:null,args:null,concreteType:"WebhookDeliveryEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"WebhookDelivery",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"endpointId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"replay",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventType",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"lastError",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"deliveredAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"nextAttemptAt",storageKey:null},{alias:null,args:null,concreteType:"WebhookAttempt",kind:"LinkedField",name:"attempts",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"statusCode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"latencyMs",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"ok",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"error",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"attemptedAt",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null},{alias:null,args:i,filters:["endpointId"],handle:"connection",key:"webhooksDeliveries__webhookDeliveries",kind:"LinkedHandle",name:"webhookDeliveries"}]},params:{cacheID:"268f97cb491e484ac52060d19baac0ed",id:null,metadata:{},name:"webhooksDeliveriesPaginationQuery",operationKind:"query",text:`query webhooksDeliveriesPaginationQuery(
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
`}}})();$.hash="00e4a8568ebf25b653bb25ec886bf328";var L=$;var x=(function(){var e=["webhookDeliveries"];return{argumentDefinitions:[{defaultValue:null,kind:"LocalArgument",name:"count"},{defaultValue:null,kind:"LocalArgument",name:"cursor"},{defaultValue:null,kind:"LocalArgument",name:"endpointId"}],kind:"Fragment",metadata:{connection:[{count:"count",cursor:"cursor",direction:"forward",path:e}],refetch:{connection:{forward:{count:"count",cursor:"cursor"},backward:null,path:e},fragmentPathInResult:[],operation:L}},name:"webhooksDeliveries_query",selections:[{alias:"webhookDeliveries",args:[{kind:"Variable",name:"endpointId",variableName:"endpointId"}],concreteType:"WebhookDeliveryConnection",kind:"LinkedField",name:"__webhooksDeliveries__webhookDeliveries_connection",plural:!1,selections:[{alias:null,args:null,concreteType:"WebhookDeliveryEdge",kind:"LinkedField",name:"edges",plural:!0,selections:[{alias:null,args:null,concreteType:"WebhookDelivery",kind:"LinkedField",name:"node",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"endpointId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"replay",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventId",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventType",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"lastError",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"createdAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"deliveredAt",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"nextAttemptAt",storageKey:null},{alias:null,args:null,concreteType:"WebhookAttempt",kind:"LinkedField",name:"attempts",plural:!0,selections:[{alias:null,args:null,kind:"ScalarField",name:"statusCode",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"latencyMs",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"ok",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"error",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"attemptedAt",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null}],storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"cursor",storageKey:null}],storageKey:null},{alias:null,args:null,concreteType:"PageInfo",kind:"LinkedField",name:"pageInfo",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"endCursor",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"hasNextPage",storageKey:null}],storageKey:null}],storageKey:null}],type:"Query",abstractKey:null}})();x.hash="00e4a8568ebf25b653bb25ec886bf328";var U=x;var q=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"input"}],t=[{alias:null,args:[{kind:"Variable",name:"input",variableName:"input"}],concreteType:null,kind:"LinkedField",name:"createWebhookEndpoint",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"secret",storageKey:null},{alias:null,args:null,concreteType:"WebhookEndpoint",kind:"LinkedField",name:"endpoint",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"url",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"enabled",storageKey:null}],storageKey:null}],type:"WebhookEndpointWithSecret",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksCreateMutation",selections:t,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksCreateMutation",selections:t},params:{cacheID:"aff6051499d73d20a28c3edfe1c5bc3c",id:null,metadata:{},name:"webhooksCreateMutation",operationKind:"mutation",text:`mutation webhooksCreateMutation(
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
`}}})();q.hash="286fd9f2b1635fbd04c9cd3f0513134d";var V=q;var O=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"input"}],t=[{kind:"Variable",name:"input",variableName:"input"}],i={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},o={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={kind:"InlineFragment",selections:[o,{alias:null,args:null,kind:"ScalarField",name:"url",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"description",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"eventTypes",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"includeTest",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"enabled",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"disabledReason",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"consecutiveFailures",storageKey:null}],type:"WebhookEndpoint",abstractKey:null},s={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksUpdateMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"updateWebhookEndpoint",plural:!1,selections:[i,r,s],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksUpdateMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"updateWebhookEndpoint",plural:!1,selections:[i,r,s,{kind:"InlineFragment",selections:[o],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"b5abc3de3d51347c3e9eff47b5acc77e",id:null,metadata:{},name:"webhooksUpdateMutation",operationKind:"mutation",text:`mutation webhooksUpdateMutation(
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
`}}})();O.hash="6332349db96053b49f917233e9deb993";var P=O;var Q=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"}],t=[{kind:"Variable",name:"id",variableName:"id"}],i={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},o={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksDeleteMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"deleteWebhookEndpoint",plural:!1,selections:[i,o],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksDeleteMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"deleteWebhookEndpoint",plural:!1,selections:[i,o,{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null}],type:"WebhookEndpointDeleted",abstractKey:null}],storageKey:null}]},params:{cacheID:"46903eb1c86d3e65e709434b1379b189",id:null,metadata:{},name:"webhooksDeleteMutation",operationKind:"mutation",text:`mutation webhooksDeleteMutation(
  $id: ID!
) {
  deleteWebhookEndpoint(id: $id) {
    __typename
    ... on UserError {
      code
      message
      field
    }
    ... on WebhookEndpointDeleted {
      id
    }
  }
}
`}}})();Q.hash="8e72c9b036755976d25e1e1f8b249f55";var B=Q;var H=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"}],t=[{alias:null,args:[{kind:"Variable",name:"id",variableName:"id"}],concreteType:null,kind:"LinkedField",name:"rotateWebhookSecret",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"secret",storageKey:null},{alias:null,args:null,concreteType:"WebhookEndpoint",kind:"LinkedField",name:"endpoint",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"secretRotationEndsAt",storageKey:null}],storageKey:null}],type:"WebhookEndpointWithSecret",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksRotateMutation",selections:t,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksRotateMutation",selections:t},params:{cacheID:"6223f2325890873d3b6b3cec3f59264b",id:null,metadata:{},name:"webhooksRotateMutation",operationKind:"mutation",text:`mutation webhooksRotateMutation(
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
`}}})();H.hash="3e8d68a2465e89e0e04d5f661ba92cbb";var Y=H;var X=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"}],t=[{alias:null,args:[{kind:"Variable",name:"id",variableName:"id"}],concreteType:null,kind:"LinkedField",name:"sendTestWebhook",plural:!1,selections:[{alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"eventId",storageKey:null}],type:"WebhookTestSent",abstractKey:null},{kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null}],storageKey:null}];return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksTestMutation",selections:t,type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksTestMutation",selections:t},params:{cacheID:"7d6b529f2838b2b7e3b5900a03b5fefb",id:null,metadata:{},name:"webhooksTestMutation",operationKind:"mutation",text:`mutation webhooksTestMutation(
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
`}}})();X.hash="33d34948986755c6e653ba5881c6f88a";var z=X;var j=(function(){var e=[{defaultValue:null,kind:"LocalArgument",name:"id"}],t=[{kind:"Variable",name:"id",variableName:"id"}],i={alias:null,args:null,kind:"ScalarField",name:"__typename",storageKey:null},o={alias:null,args:null,kind:"ScalarField",name:"id",storageKey:null},r={kind:"InlineFragment",selections:[o,{alias:null,args:null,kind:"ScalarField",name:"status",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"replay",storageKey:null}],type:"WebhookDelivery",abstractKey:null},s={kind:"InlineFragment",selections:[{alias:null,args:null,kind:"ScalarField",name:"code",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"message",storageKey:null},{alias:null,args:null,kind:"ScalarField",name:"field",storageKey:null}],type:"UserError",abstractKey:null};return{fragment:{argumentDefinitions:e,kind:"Fragment",metadata:null,name:"webhooksReplayMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"replayWebhookDelivery",plural:!1,selections:[i,r,s],storageKey:null}],type:"Mutation",abstractKey:null},kind:"Request",operation:{argumentDefinitions:e,kind:"Operation",name:"webhooksReplayMutation",selections:[{alias:null,args:t,concreteType:null,kind:"LinkedField",name:"replayWebhookDelivery",plural:!1,selections:[i,r,s,{kind:"InlineFragment",selections:[o],type:"Node",abstractKey:"__isNode"}],storageKey:null}]},params:{cacheID:"b0ee40105537d45bf183cf232d4fe2f9",id:null,metadata:{},name:"webhooksReplayMutation",operationKind:"mutation",text:`mutation webhooksReplayMutation(
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
`}}})();j.hash="cd2dd93420c0ded658f0f0de24def1a2";var G=j;var J=M,Z=U,ee=V,ne=P,ae=B,le=Y,te=z,oe=G;var N=f(R()),A=f(C());var a=f(T());function re(e){let{data:t,hasNext:i,loadNext:o,isLoadingNext:r}=(0,A.usePaginationFragment)(Z,e.query),[s]=(0,A.useMutation)(oe),[p,c]=(0,N.useState)(null),[g,y]=(0,N.useState)(null),I=new Map(e.endpoints.map(l=>[l.id,l.url])),_=t.webhookDeliveries.edges.map(l=>l.node);return(0,a.jsxs)("section",{className:"card","aria-labelledby":"deliveries-title",children:[(0,a.jsx)("h2",{id:"deliveries-title",children:"Recent deliveries"}),(0,a.jsxs)("div",{className:"toolbar",children:[(0,a.jsxs)("div",{className:"field",children:[(0,a.jsx)("label",{htmlFor:"f-endpointId",children:"Endpoint"}),(0,a.jsxs)("select",{id:"f-endpointId",value:e.endpointId,onChange:l=>e.setEndpointId(l.target.value),children:[(0,a.jsx)("option",{value:"",children:"All endpoints"}),e.endpoints.map(l=>(0,a.jsx)("option",{value:l.id,children:l.url},l.id))]})]}),(0,a.jsx)("button",{type:"button",onClick:e.refresh,children:"Refresh deliveries"})]}),(0,a.jsx)(D,{problem:p}),g?(0,a.jsx)("p",{role:"status",children:g}):null,_.length===0?(0,a.jsx)("p",{children:"No deliveries."}):null,(0,a.jsxs)("table",{children:[(0,a.jsx)("thead",{children:(0,a.jsxs)("tr",{children:[(0,a.jsx)("th",{scope:"col",children:"Created"}),(0,a.jsx)("th",{scope:"col",children:"Event"}),(0,a.jsx)("th",{scope:"col",children:"Endpoint"}),(0,a.jsx)("th",{scope:"col",children:"Status"}),(0,a.jsx)("th",{scope:"col",children:"Attempts"}),(0,a.jsx)("th",{scope:"col",children:(0,a.jsx)("span",{className:"sr-only",children:"Actions"})})]})}),(0,a.jsx)("tbody",{children:_.map(l=>{let h=l.attempts[l.attempts.length-1];return(0,a.jsxs)("tr",{"data-delivery":l.id,"data-status":l.status,children:[(0,a.jsx)("td",{children:F(l.createdAt)}),(0,a.jsxs)("td",{children:[l.eventType,l.replay?` (replay ${l.replay})`:"",(0,a.jsx)("br",{}),(0,a.jsx)("small",{children:l.eventId})]}),(0,a.jsx)("td",{children:I.get(l.endpointId)??l.endpointId}),(0,a.jsxs)("td",{children:[l.status,l.status==="delivered"?` ${F(l.deliveredAt)}`:"",l.lastError?(0,a.jsxs)(a.Fragment,{children:[(0,a.jsx)("br",{}),(0,a.jsx)("small",{children:l.lastError})]}):null,l.status==="failed"?(0,a.jsxs)(a.Fragment,{children:[(0,a.jsx)("br",{}),(0,a.jsx)("small",{children:l.nextAttemptAt?`retrying ${F(l.nextAttemptAt)}`:"gave up after its last attempt"})]}):null]}),(0,a.jsxs)("td",{children:[l.attempts.length,h?` \xB7 last: ${h.statusCode??"no answer"}${h.ok?" ok":""}, ${h.latencyMs} ms`:""]}),(0,a.jsx)("td",{children:l.status==="failed"||l.status==="delivered"?(0,a.jsx)("button",{type:"button","aria-label":`Replay ${l.eventType} ${l.eventId}${l.replay?` (replay ${l.replay})`:""}`,onClick:()=>s({variables:{id:l.id},onCompleted:k=>{let m=S(k.replayWebhookDelivery);c(m),y(m?null:`Replaying ${l.eventType} (${l.eventId}).`),m||e.refresh()},onError:k=>c({code:"NETWORK",message:k.message})}),children:"Replay"}):null})]},l.id)})})]}),i?(0,a.jsx)("button",{type:"button",disabled:r,onClick:()=>o(20),children:"More deliveries"}):null]})}var n=f(T()),se=["referral.created","referral.converted","referral.rejected","conversion.recorded","conversion.refunded","reward.created","reward.approved","reward.rejected","reward.fulfilled","reward.voided","milestone.reached","campaign.status_changed"];function Le(){let[e,t]=(0,b.useState)(0),[i,o]=(0,b.useState)(""),[r,s]=(0,b.useState)(null),p=(0,v.useLazyLoadQuery)(J,{endpointId:i||null},{fetchPolicy:"store-and-network",fetchKey:e}),c=()=>t(y=>y+1),g=p.webhookEndpoints.edges.map(y=>y.node);return(0,n.jsxs)(n.Fragment,{children:[(0,n.jsx)("h1",{children:"Webhooks"}),r?(0,n.jsxs)("div",{className:"secret",role:"status",children:[(0,n.jsxs)("p",{children:["The signing secret of ",r.url,", shown only this once:"]}),(0,n.jsx)("code",{id:"webhook-secret",children:r.secret}),r.overlapUntil?(0,n.jsxs)("p",{children:["The previous secret also signs every request (a second signature) until ",F(r.overlapUntil),": switch your receiver before then."]}):null,(0,n.jsx)("button",{type:"button",onClick:()=>s(null),children:"I have stored it"})]}):null,g.length===0?(0,n.jsx)("p",{children:"No webhook endpoints yet."}):null,g.map(y=>(0,n.jsx)(de,{endpoint:y,changed:c,showSecret:s},y.id)),(0,n.jsx)(ue,{changed:c,showSecret:s}),(0,n.jsx)(re,{query:p,endpoints:g,endpointId:i,setEndpointId:o,refresh:c})]})}function ie({prefix:e,value:t,onChange:i}){return(0,n.jsxs)("fieldset",{className:"events",children:[(0,n.jsx)("legend",{children:"Events (none ticked: every type)"}),se.map(o=>(0,n.jsxs)("span",{className:"field check",children:[(0,n.jsx)("input",{id:`${e}-${o}`,type:"checkbox",checked:t.includes(o),onChange:r=>i(r.target.checked?[...t,o]:t.filter(s=>s!==o))}),(0,n.jsx)("label",{htmlFor:`${e}-${o}`,children:o})]},o))]})}function de({endpoint:e,changed:t,showSecret:i}){let[o,r]=(0,b.useState)({url:e.url,description:e.description,eventTypes:[...e.eventTypes],includeTest:e.includeTest,enabled:e.enabled}),[s,p]=(0,b.useState)(null),[c,g]=(0,b.useState)(null),[y,I]=(0,v.useMutation)(ne),[_]=(0,v.useMutation)(le),[l]=(0,v.useMutation)(te),[h]=(0,v.useMutation)(ae),k=d=>p({code:"NETWORK",message:d.message}),m=d=>u=>{let E=S(u);p(E&&E.field?{...E,field:`${E.field}-${e.id}`}:E),g(E?null:d),E||t()};return(0,n.jsxs)("form",{className:"card",onSubmit:d=>{d.preventDefault(),y({variables:{input:{id:e.id,...o}},onCompleted:u=>m(`Saved ${o.url}.`)(u.updateWebhookEndpoint),onError:k})},"aria-label":`Endpoint ${e.url}`,"data-endpoint":e.id,children:[(0,n.jsxs)("h2",{children:[e.url," ",(0,n.jsxs)("small",{children:[e.enabled?"enabled":`disabled${e.disabledReason?`: ${e.disabledReason}`:""}`,e.consecutiveFailures?` \xB7 ${e.consecutiveFailures} failures in a row`:""]})]}),e.secretRotationEndsAt&&new Date(e.secretRotationEndsAt)>new Date?(0,n.jsxs)("p",{children:["The previous secret also signs until ",F(e.secretRotationEndsAt),"."]}):null,(0,n.jsx)(D,{problem:s}),(0,n.jsxs)("div",{className:"grid2",children:[(0,n.jsxs)("div",{children:[(0,n.jsx)(K,{label:"URL",name:`url-${e.id}`,type:"url",value:o.url,onChange:d=>r(u=>({...u,url:d})),problem:s,required:!0}),(0,n.jsx)(K,{label:"Description",name:`description-${e.id}`,value:o.description,onChange:d=>r(u=>({...u,description:d})),problem:s}),(0,n.jsxs)("div",{className:"field check",children:[(0,n.jsx)("input",{id:`enabled-${e.id}`,type:"checkbox",checked:o.enabled,onChange:d=>r(u=>({...u,enabled:d.target.checked}))}),(0,n.jsx)("label",{htmlFor:`enabled-${e.id}`,children:"Enabled"})]}),(0,n.jsxs)("div",{className:"field check",children:[(0,n.jsx)("input",{id:`test-${e.id}`,type:"checkbox",checked:o.includeTest,onChange:d=>r(u=>({...u,includeTest:d.target.checked}))}),(0,n.jsx)("label",{htmlFor:`test-${e.id}`,children:"Also test-mode campaigns' events"})]})]}),(0,n.jsx)(ie,{prefix:`ev-${e.id}`,value:o.eventTypes,onChange:d=>r(u=>({...u,eventTypes:d}))})]}),(0,n.jsxs)("div",{className:"actions",children:[(0,n.jsx)("button",{type:"submit",className:"primary",disabled:I,children:"Save endpoint"}),(0,n.jsx)("button",{type:"button",onClick:()=>l({variables:{id:e.id},onCompleted:d=>m(`Test event queued (${d.sendTestWebhook.__typename==="WebhookTestSent"?d.sendTestWebhook.eventId:""}); its delivery shows below.`)(d.sendTestWebhook),onError:k}),children:"Send test event"}),(0,n.jsx)(w,{label:"Rotate secret",question:`Rotate the signing secret of ${e.url}?`,onConfirm:()=>_({variables:{id:e.id},onCompleted:d=>{let u=d.rotateWebhookSecret;m("Secret rotated.")(u),u.__typename==="WebhookEndpointWithSecret"&&i({url:e.url,secret:u.secret,overlapUntil:u.endpoint.secretRotationEndsAt??null})},onError:k})}),(0,n.jsx)(w,{label:"Delete",danger:!0,question:`Delete the endpoint ${e.url}?`,onConfirm:()=>h({variables:{id:e.id},onCompleted:d=>m("Deleted.")(d.deleteWebhookEndpoint),onError:k})})]}),c?(0,n.jsx)("p",{role:"status",children:c}):null]})}function ue({changed:e,showSecret:t}){let[i,o]=(0,b.useState)("https://"),[r,s]=(0,b.useState)(""),[p,c]=(0,b.useState)([]),[g,y]=(0,b.useState)(null),[I,_]=(0,v.useMutation)(ee);return(0,n.jsxs)("form",{className:"card",onSubmit:h=>{h.preventDefault(),I({variables:{input:{url:i,description:r,eventTypes:p}},onCompleted:k=>{let m=k.createWebhookEndpoint;y(S(m)),m.__typename==="WebhookEndpointWithSecret"&&(t({url:m.endpoint.url,secret:m.secret,overlapUntil:null}),o("https://"),s(""),c([]),e())},onError:k=>y({code:"NETWORK",message:k.message})})},"aria-labelledby":"newhook-title",children:[(0,n.jsx)("h2",{id:"newhook-title",children:"New endpoint"}),(0,n.jsx)(D,{problem:g}),(0,n.jsx)(K,{label:"URL",name:"url",type:"url",value:i,onChange:o,problem:g,required:!0}),(0,n.jsx)(K,{label:"Description",name:"description",value:r,onChange:s,problem:g}),(0,n.jsx)(ie,{prefix:"ev-new",value:p,onChange:c}),(0,n.jsx)("button",{type:"submit",disabled:_,children:"Add endpoint"})]})}export{Le as Webhooks};
