"""Events listeners."""
