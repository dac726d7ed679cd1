"""Results pages: the office's (results, re-check, corrections, appeals, publication) and the
public's."""
