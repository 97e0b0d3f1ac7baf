"""Reads from the registry, and the one permission choke point for units."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.orgs.models import Account, Region, Role, Unit, UnitAlias
from gongkai.orgs.names import NameIndex

ALL_UNIT_ROLES = {Role.OFFICE, Role.LEADER, Role.EVALUATOR}


def account_for(user: AbstractBaseUser | AnonymousUser) -> Account | None:
    if not user.is_authenticated:
        return None
    return Account.objects.select_related("unit").filter(user=user).first()


def sees_every_unit(user: AbstractBaseUser | AnonymousUser) -> bool:
    """The office, leaders, evaluators and superusers see every unit (and records of none)."""
    if not user.is_authenticated:
        return False
    account = account_for(user)
    return user.is_superuser or (account is not None and account.role in ALL_UNIT_ROLES)


def units_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Unit]:
    """Every unit this login may see: all for the office, leaders and evaluators; else its own."""
    units = Unit.objects.select_related("group")
    if sees_every_unit(user):
        return units.all()
    account = account_for(user)
    if account is None or account.unit_id is None:
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


def is_office(user: AbstractBaseUser | AnonymousUser) -> bool:
    """The supervising office (or a superuser): reads and writes everything."""
    return can_manage_imports(user)


def units_writable_by(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Unit]:
    """Units whose records this login may change: all for the office, its own for a unit
    clerk, none for the read-only roles (leader, evaluator)."""
    units = Unit.objects.all()
    if is_office(user):
        return units
    account = account_for(user)
    if account is None or account.role != Role.UNIT or account.unit_id is None:
        return units.none()
    return units.filter(pk=account.unit_id)


def can_write_unit(user: AbstractBaseUser | AnonymousUser, unit_id: int | None) -> bool:
    if is_office(user):
        return True
    if unit_id is None:
        return False
    return units_writable_by(user).filter(pk=unit_id).exists()


def check_unit_write(actor, unit_id: int | None) -> None:
    """Services call this with the acting web user (None for the CLI and internal jobs), so
    that a write cannot slip past a view that forgot its choke point."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    if not can_write_unit(actor, unit_id):
        raise PermissionDenied("只读账号或其他单位的账号不能修改此记录")


def check_office(actor) -> None:
    """Services that only the office may call (CLI and internal jobs pass None)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    if not is_office(actor):
        raise PermissionDenied("只有政务公开办可以进行此操作")
