"""The excellent organization award's pages: records, the self-evaluation form."""
