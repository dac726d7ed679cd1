"""File formats the platform reads and writes: pure Python, no Django, no database."""
