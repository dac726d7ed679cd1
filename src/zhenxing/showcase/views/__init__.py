"""The showcase\x27s pages."""
