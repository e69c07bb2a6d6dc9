"""The advocate's hosted pages: join, sign-in and portal. Static shells and scripts; the
browser talks to /graphql like any other client."""
