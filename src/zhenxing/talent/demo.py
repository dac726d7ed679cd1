"""Demo of the talent database (filled in by the talent work)."""


def create_demo_talent(edition) -> str:
    return ""
