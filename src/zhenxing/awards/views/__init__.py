"""Awards pages: the overview, an event's awards, certificate kinds, the national finals, layouts,
certificates and batches (office); public verification."""
