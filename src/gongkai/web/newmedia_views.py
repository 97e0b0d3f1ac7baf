"""政务新媒体 pages: the accounts at a glance and one account's weekly posts."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai.errors import UserError
from gongkai.newmedia import selectors
from gongkai.newmedia.models import NewMediaAccount
from gongkai.newmedia.services import ACCOUNT_FIELDS, save_account
from gongkai.periods import Period
from gongkai.web.charts import svg_bars
from gongkai.web.permissions import is_office, require_office

CHART_HEIGHT = 120
BAR_WIDTH = 10
BAR_GAP = 3


def _int(text: str | None, default: int | None) -> int | None:
    try:
        return int(text) if text else default
    except ValueError:
        return default


def _period(request: HttpRequest) -> Period:
    latest = selectors.latest_post_day() or timezone.localdate()
    today = timezone.localdate()
    reference = min(latest, today)
    year = _int(request.GET.get("year"), reference.year)
    quarter = _int(request.GET.get("quarter"), (reference.month - 1) // 3 + 1)
    try:
        return Period.quarter(year, quarter) if quarter else Period.year(year)
    except UserError:
        return Period.quarter(reference.year, (reference.month - 1) // 3 + 1)


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    visible = set(selectors.accounts_for_user(request.user).values_list("pk", flat=True))
    report = selectors.check_period(period=period, today=timezone.localdate())
    rows = [c for c in report.accounts if c.account_id in visible]
    counts = {
        status: sum(1 for c in rows if c.result.status == status)
        for status in selectors.STATUS_LABELS
    }
    return render(
        request,
        "web/newmedia_accounts.html",
        {
            "period": period,
            "year": period.start.year,
            "quarter": (period.start.month - 1) // 3 + 1 if period.days < 100 else "",
            "rows": [
                {
                    "check": c,
                    "status": c.result.status,
                    "status_label": selectors.STATUS_LABELS[c.result.status],
                }
                for c in rows
            ],
            "counts": [(selectors.STATUS_LABELS[s], n) for s, n in counts.items()],
            "not_registered": sum(1 for c in rows if not c.registered),
            "check_date": report.check_date,
        },
    )


def weekly_chart(series: list, required: int) -> dict:
    """Bars of an inline SVG: one a week, red where the week has fewer than `required` posts."""
    chart = svg_bars(series, height=CHART_HEIGHT, bar_width=BAR_WIDTH, gap=BAR_GAP, floor=required)
    for bar in chart["bars"]:
        bar |= {"posts": bar["value"], "monday": bar["key"], "short": bar["value"] < required}
    return chart | {
        "line_y": CHART_HEIGHT - round(CHART_HEIGHT * required / chart["top"]),
        "required": required,
    }


@login_required
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    account = selectors.get_account_for_user(request.user, account_id)
    period = _period(request)
    report = selectors.check_period(period=period, today=timezone.localdate())
    check = next((c for c in report.accounts if c.account_id == account.pk), None)
    series = selectors.weekly_series(account, period.start, period.end)
    return render(
        request,
        "web/newmedia_account.html",
        {
            "account": account,
            "period": period,
            "year": period.start.year,
            "quarter": (period.start.month - 1) // 3 + 1 if period.days < 100 else "",
            "check": check,
            "status_label": selectors.STATUS_LABELS[check.result.status] if check else "",
            "chart": weekly_chart(series, report.rules.posts_per_week),
            "posts": selectors.recent_posts(account),
        },
    )


class AccountForm(forms.ModelForm):
    class Meta:
        model = NewMediaAccount
        fields = list(ACCOUNT_FIELDS)
        widgets = {
            name: forms.DateInput(attrs={"type": "date"})
            for name in ("registered_on", "opened_on", "closed_on")
        }


@login_required
def account_edit(request: HttpRequest, account_id: int | None = None) -> HttpResponse:
    """The office registers a new account or corrects one (备案, opening, closing, owner)."""
    require_office(request.user)
    account = get_object_or_404(NewMediaAccount, pk=account_id) if account_id else NewMediaAccount()
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_account(account=account, actor=request.user, **form.cleaned_data)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存：{saved.name}")
            return redirect("newmedia_account", account_id=saved.pk)
    history = account.history.order_by("-history_date")[:20] if account.pk else []
    return render(
        request,
        "web/newmedia_edit.html",
        {"form": form, "account": account, "history": history, "can_edit": is_office(request.user)},
    )
