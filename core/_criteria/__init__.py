"""Criteria sets: model, loading, cross-reference checks, registry."""
