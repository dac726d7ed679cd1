"""Operating the platform: backup and restore (run from the command line, `zhenxing backup`)."""
