"""The permission choke point for applications: a unit's staff see their own unit's only."""

from django.http import Http404

from gongkai.foi.models import Application
from gongkai.orgs.selectors import units_for_user


def applications_for_user(user):
    return Application.objects.filter(unit__in=units_for_user(user))


def get_application_for_user(user, application_id: int) -> Application:
    application = applications_for_user(user).filter(pk=application_id).first()
    if application is None:
        raise Http404("申请不存在或无权查看")
    return application
