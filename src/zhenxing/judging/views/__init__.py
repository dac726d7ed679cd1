"""Finals pages, one module per job. Judges, clerks, the chief judge and supervisors see contest
numbers only."""
