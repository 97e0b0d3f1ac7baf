from django.utils.functional import SimpleLazyObject

from gongkai.orgs.selectors import can_manage_imports, units_writable_by


def permissions(request):
    """What the navigation and pages may offer: no write control for a read-only login."""
    user = request.user
    return {
        "can_import": SimpleLazyObject(lambda: can_manage_imports(user)),
        "is_office": SimpleLazyObject(lambda: can_manage_imports(user)),
        "can_write_any": SimpleLazyObject(lambda: units_writable_by(user).exists()),
    }
