"""Views listeners."""
