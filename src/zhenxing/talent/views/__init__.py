"""The talent database pages."""
