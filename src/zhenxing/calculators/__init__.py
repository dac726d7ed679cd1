"""The command-line calculators of docs/calculators.md (contracts.md): file in, JSON out."""
