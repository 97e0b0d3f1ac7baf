from datetime import date

import pytest

from gongkai.findings.models import Finding, FindingStatus
from gongkai.findings.services import FindingDraft, replace_findings
from gongkai.orgs.models import Unit

pytestmark = pytest.mark.django_db


def test_rerun_is_idempotent_keeps_status_and_drops_what_is_no_longer_found(registry):
    a, b = Unit.objects.get(name="卫健委"), Unit.objects.get(name="人社局")
    scope = {
        "source": "standards:x",
        "period_start": date(2023, 1, 1),
        "period_end": date(2023, 12, 31),
        "unit_ids": [a.pk, b.pk],
    }
    drafts = [FindingDraft(a.pk, "k1", "问题一"), FindingDraft(b.pk, "k1", "问题二")]
    replace_findings(**scope, drafts=drafts)
    Finding.objects.filter(unit=a).update(status=FindingStatus.RECTIFYING)
    replace_findings(**scope, drafts=drafts)
    assert Finding.objects.count() == 2
    assert Finding.history.filter(unit=a).count() == 1  # an unchanged re-run writes nothing
    changed = [FindingDraft(a.pk, "k1", "问题一（更新）"), drafts[1]]
    replace_findings(**scope, drafts=changed)
    assert Finding.objects.get(unit=a).status == FindingStatus.RECTIFYING
    assert Finding.objects.get(unit=a).message == "问题一（更新）"
    replace_findings(**scope, drafts=changed[:1])
    assert list(Finding.objects.values_list("unit__name", flat=True)) == ["卫健委"]
    assert Finding.history.filter(unit=a).count() == 2  # the change is in the audit trail
