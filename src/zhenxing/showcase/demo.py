"""Demo of the showcase (filled in by the showcase work)."""


def create_demo_showcase(edition) -> str:
    return ""
