from django import template

register = template.Library()


@register.filter
def who(user) -> str:
    """A user as pages name them: the name with the user name (two judges may share a name, and
    the demo's do), or the user name alone."""
    if user is None or not getattr(user, "username", ""):
        return ""
    name = user.get_full_name()
    return f"{name}（{user.username}）" if name else user.username
