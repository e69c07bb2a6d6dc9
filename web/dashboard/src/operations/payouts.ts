import { graphql } from "./graphql";

/** Approved cash rewards as a PayPal or Wise batch file (the file's text comes back). */
export const ExportPayoutFile = graphql`
  mutation payoutsExportMutation($provider: PayoutProvider!, $currency: String) {
    exportPayoutFile(provider: $provider, currency: $currency) {
      __typename
      ... on PayoutFile { filename content count more totals { formatted } }
      ... on UserError { code message field }
    }
  }
`;

/** The provider's result file: each paid line marks its reward paid, once. */
export const ImportPayoutResults = graphql`
  mutation payoutsImportMutation($provider: PayoutProvider!, $file: String!) {
    importPayoutResults(provider: $provider, file: $file) {
      __typename
      ... on PayoutImport { fulfilled already skipped problems { line message } }
      ... on UserError { code message field }
    }
  }
`;
