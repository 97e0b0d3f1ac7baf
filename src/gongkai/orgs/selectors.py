"""Reads from the registry, and the one permission choke point for units."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from gongkai.orgs.models import Account, Region, Role, Unit, UnitAlias
from gongkai.orgs.names import NameIndex

ALL_UNIT_ROLES = {Role.OFFICE, Role.LEADER, Role.EVALUATOR}


def account_for(user: AbstractBaseUser | AnonymousUser) -> Account | None:
    if not user.is_authenticated:
        return None
    return Account.objects.select_related("unit").filter(user=user).first()


def units_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Unit]:
    """Every unit this login may see: all for the office, leaders and evaluators; else its own."""
    units = Unit.objects.select_related("group")
    if not user.is_authenticated:
        return units.none()
    if user.is_superuser:
        return units.all()
    account = account_for(user)
    if account is None:
        return units.none()
    if account.role in ALL_UNIT_ROLES:
        return units.all()
    if account.unit_id is None:
        return units.none()
    return units.filter(pk=account.unit_id)


def get_unit_for_user(user: AbstractBaseUser | AnonymousUser, unit_id: int) -> Unit:
    """A unit the user may see, or 404 (outsiders do not learn that it exists)."""
    unit = units_for_user(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404("单位不存在或无权查看")
    return unit


def can_manage_imports(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Only the office imports data for the whole county."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    account = account_for(user)
    return account is not None and account.role == Role.OFFICE


def unit_name_index() -> NameIndex:
    """Names, full names and aliases of all units, for importers and CLI arguments."""
    names: dict[str, int] = {}
    for unit_id, name, full_name in Unit.objects.values_list("id", "name", "full_name"):
        names[name] = unit_id
        if full_name:
            names[full_name] = unit_id
    for unit_id, alias in UnitAlias.objects.values_list("unit_id", "alias"):
        names[alias] = unit_id
    regions = tuple(Region.objects.values_list("name", flat=True))
    return NameIndex(names, region_names=regions)
