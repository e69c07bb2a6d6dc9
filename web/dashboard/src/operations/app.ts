import { graphql } from "./graphql";

/** Who is signed in, and what they may do (the UI hides what the server would refuse). */
export const AppViewerQuery = graphql`
  query appViewerQuery {
    me { user { id name email role } role permissions }
  }
`;

export const AppLogin = graphql`
  mutation appLoginMutation($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      __typename
      ... on SignedIn { expiresAt user { id name } }
      ... on UserError { code message field retryAfter }
    }
  }
`;

export const AppLogout = graphql`
  mutation appLogoutMutation {
    logout {
      __typename
      ... on UserError { code message field }
    }
  }
`;

export const AppChangePassword = graphql`
  mutation appChangePasswordMutation($current: String!, $next: String!) {
    changePassword(currentPassword: $current, newPassword: $next) {
      __typename
      ... on SessionsEnded { count }
      ... on UserError { code message field }
    }
  }
`;
