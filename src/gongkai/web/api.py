"""The read API (/api/): what the pages show, for the provincial platform and other systems.

Read-only (GET); a token per account (`gongkai api-token USER`) or the browser session; every list
goes through the same choke points as the pages (`units_for_user`, `applications_for_user`,
`results_for_user`), so a unit's token sees its own unit only. The OpenAPI schema is generated
from this code at /api/schema/; DRF's browsable pages are the documentation.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from gongkai.assessment.models import AssessmentRun
from gongkai.assessment.selectors import results_for_user
from gongkai.errors import UserError
from gongkai.findings.models import Finding
from gongkai.foi.masking import mask_id_number, mask_name
from gongkai.foi.selectors import applications_for_user
from gongkai.orgs.models import Unit
from gongkai.orgs.selectors import units_for_user
from gongkai.periods import Period
from gongkai.standards.selectors import statistics_rows_json
from gongkai.standards.services import statistics_page


class UnitSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.name", default="")

    class Meta:
        model = Unit
        fields = ["id", "name", "full_name", "kind", "group", "active_from", "active_to"]


class FindingSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Finding
        fields = [
            "id",
            "unit",
            "unit_id",
            "period_start",
            "period_end",
            "kind",
            "message",
            "how_to_fix",
            "status",
            "status_label",
            "deadline",
            "rectified_on",
        ]


class ApplicationSerializer(serializers.Serializer):
    """Applications with the applicant masked, as a public document would print them."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    unit = serializers.CharField(source="unit.name")
    received_on = serializers.DateField()
    channel = serializers.CharField()
    applicant_type = serializers.CharField()
    applicant = serializers.SerializerMethodField()
    request_text = serializers.SerializerMethodField()

    def get_applicant(self, application) -> str:
        return mask_name(application.applicant_name)

    def get_request_text(self, application) -> str:
        return mask_id_number(application.request_text)


class RunSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentRun
        fields = [
            "id",
            "scheme",
            "title",
            "year",
            "quarter",
            "period_start",
            "period_end",
            "digest",
        ]


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer

    def get_queryset(self):
        return units_for_user(self.request.user).order_by("group__order", "order")


class FindingViewSet(viewsets.ReadOnlyModelViewSet):
    """Findings of the units this account may see; filters: year, unit (id), status, kind (prefix)."""

    serializer_class = FindingSerializer

    def get_queryset(self):
        findings = Finding.objects.select_related("unit").filter(
            unit__in=units_for_user(self.request.user)
        )
        params = self.request.query_params
        if year := params.get("year"):
            findings = findings.filter(period_start__year=_int(year, "year"))
        if unit := params.get("unit"):
            findings = findings.filter(unit_id=_int(unit, "unit"))
        if status := params.get("status"):
            findings = findings.filter(status=status)
        if kind := params.get("kind"):
            findings = findings.filter(kind__startswith=kind)
        return findings.order_by("period_start", "unit_id", "kind", "id")


class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ApplicationSerializer

    def get_queryset(self):
        return (
            applications_for_user(self.request.user)
            .select_related("unit")
            .order_by("-received_on", "reference")
        )


class RunViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RunSerializer
    queryset = AssessmentRun.objects.order_by("-created_at")

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        """A run and the results this account may see (a unit sees its own row)."""
        run = get_object_or_404(AssessmentRun, pk=pk)
        results = [
            {
                "unit": r.unit_name,
                "unit_id": r.unit_id,
                "group": r.group,
                "rank": r.rank,
                "score": str(r.score),
                "grade": r.grade,
                "vetoed": r.vetoed,
            }
            for r in results_for_user(request.user, run)
        ]
        return Response({**RunSerializer(run).data, "results": results})


def _int(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValidationError({name: f"{name} 应为整数"}) from None


STATISTICS_PAGE_SIZE = 100
STATISTICS_MAX_PAGE_SIZE = 1000


@extend_schema(
    parameters=[
        OpenApiParameter("year", int, required=True),
        OpenApiParameter("quarter", int, description="1–4"),
        OpenApiParameter("month", int, description="1–12"),
        OpenApiParameter("page", int, description="页码，从 1 起"),
        OpenApiParameter(
            "page_size",
            int,
            description=f"每页行数，默认 {STATISTICS_PAGE_SIZE}，最多 {STATISTICS_MAX_PAGE_SIZE}",
        ),
    ],
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
def statistics(request):
    """The statistics table of a period, as `gongkai stats --format json` prints it, a page of
    rows at a time (numbered as in the whole table)."""
    params = request.query_params
    if "year" not in params:
        raise ValidationError({"year": "需要 year"})
    year = _int(params["year"], "year")
    size = _int(params.get("page_size", str(STATISTICS_PAGE_SIZE)), "page_size")
    if not 1 <= size <= STATISTICS_MAX_PAGE_SIZE:
        raise ValidationError({"page_size": f"page_size 应为 1–{STATISTICS_MAX_PAGE_SIZE}"})
    number = _int(params.get("page", "1"), "page")
    if number < 1:
        raise ValidationError({"page": "page 应从 1 起"})
    visible = set(units_for_user(request.user).values_list("id", flat=True))
    try:
        if "quarter" in params:
            period, kind = Period.quarter(year, _int(params["quarter"], "quarter")), "quarter"
        elif "month" in params:
            period, kind = Period.month(year, _int(params["month"], "month")), "month"
        else:
            period, kind = Period.year(year), "year"
        stats = statistics_page(
            period=period, period_kind=kind, shown=visible, page=number, per_page=size
        )
    except UserError as exc:
        raise ValidationError({"detail": str(exc)}) from None
    page = stats.page
    return Response(
        {
            "period": period.label,
            "standard": stats.standard.name,
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
            "previous": (
                _page_link(request, page.previous_page_number()) if page.has_previous() else None
            ),
            "rows": statistics_rows_json(stats),
        }
    )


def _page_link(request, number: int) -> str:
    params = request.query_params.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


router = DefaultRouter()
router.register("units", UnitViewSet, basename="api-unit")
router.register("findings", FindingViewSet, basename="api-finding")
router.register("applications", ApplicationViewSet, basename="api-application")
router.register("runs", RunViewSet, basename="api-run")
