"""Actions listeners."""
