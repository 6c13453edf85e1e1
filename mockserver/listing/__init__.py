"""List semantics read from the spec: filters, search, ordering and pagination, each as the real framework does it."""
