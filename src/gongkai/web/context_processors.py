from gongkai.orgs.selectors import can_manage_imports


def permissions(request):
    return {"can_import": can_manage_imports(request.user)}
