"""Vouch server: the GraphQL API, link tracking and the domain beneath them."""
