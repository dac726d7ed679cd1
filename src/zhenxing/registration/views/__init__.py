"""Registration pages, one module per job: delegations and entries, review, documents,
arrangements, exports, imports."""
