from django.http import HttpRequest

from .permissions import is_editor


def roles(request: HttpRequest) -> dict[str, bool]:
    """Templates hide write controls from those who cannot use them."""
    return {"can_edit": is_editor(request.user)}
