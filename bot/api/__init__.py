"""The bot's only door to Vouch: the GraphQL API."""
