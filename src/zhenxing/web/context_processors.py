"""What every page's header needs to know about the signed-in user."""

from zhenxing.orgs.access import uses_api


def api_access(request):
    """`uses_api`: whether the header offers API tokens (asked only when a page shows it)."""
    user = getattr(request, "user", None)
    return {"uses_api": lambda: user is not None and uses_api(user)}
