"""Vouch's Slack bot: a client of the GraphQL API, never of the database."""
