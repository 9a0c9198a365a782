"""The grading engine: pure functions from requirement outcomes to findings, levels and readiness."""
