"""servex: service-excellence compliance checker."""
