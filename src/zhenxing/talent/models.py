"""The youth skills talent database (§六.3)."""
