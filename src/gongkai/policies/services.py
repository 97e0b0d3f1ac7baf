"""Writes: register entries, interpretation links and forms, status changes, and the Findings."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from gongkai.adapters.urls import normalize_url
from gongkai.errors import UserError
from gongkai.findings.services import FindingDraft, replace_findings
from gongkai.orgs.models import Unit
from gongkai.policies import checks as core
from gongkai.policies import selectors
from gongkai.policies.forms import detect_forms
from gongkai.policies.importer import propose_document
from gongkai.policies.models import STATUSES, Interpretation, PolicyDocument
from gongkai.policies.numbers import numbers_in_text
from gongkai.policies.rules import ELEMENTS, FORMS
from gongkai.sitecheck.selectors import crawled_articles

INTERPRETATION_SOURCE = "policies:interpretations"
DECISION_SOURCE = "policies:decisions"


def _drafts(problems: list[core.Problem]) -> list[FindingDraft]:
    return [FindingDraft(p.unit_id, p.kind, p.message, p.how_to_fix, p.evidence) for p in problems]


@transaction.atomic
def record_interpretation_findings(*, year: int, calendar: core.Calendar) -> int:
    """The year's interpretation checks as Findings (idempotent; rectification status is kept)."""
    problems = [
        p for _row, result in selectors.checks_of_year(year, calendar) for p in result.problems
    ]
    for unit_id, count in core.single_form_units(selectors.interpretations_of_year(year)).items():
        problems.append(
            core.Problem(
                unit_id,
                "single_form",
                year,
                f"{year}年发布的 {count} 篇政策解读均为文字解读，形式单一",
                "运用图表图解、音频视频、动漫H5等形式开展解读，邀请专家学者、单位负责人解读",
                {"year": year, "interpretations": count},
            )
        )
    return replace_findings(
        source=INTERPRETATION_SOURCE,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        unit_ids=list(Unit.objects.values_list("id", flat=True)),
        drafts=_drafts(problems),
    )


@transaction.atomic
def record_decision_findings(*, year: int, calendar: core.Calendar, today: date) -> int:
    decisions, consultations = selectors.decisions_of_year(year)
    problems = core.check_decisions(
        decisions, consultations, selectors.rule_set(year), calendar, today
    )
    return replace_findings(
        source=DECISION_SOURCE,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        unit_ids=list(Unit.objects.values_list("id", flat=True)),
        drafts=_drafts(problems),
    )


@transaction.atomic
def confirm_interpretation(*, interpretation: Interpretation, document: PolicyDocument) -> None:
    """The office confirms which document an interpretation explains."""
    interpretation.document = document
    interpretation.proposed_document = None
    interpretation.save()


@transaction.atomic
def set_forms(*, interpretation: Interpretation, forms: list[str]) -> None:
    unknown = [f for f in forms if f not in FORMS]
    if unknown:
        raise UserError(f"未知的解读形式：{'、'.join(unknown)}（可选：{'、'.join(FORMS)}）")
    interpretation.forms = [f for f in FORMS if f in forms]
    interpretation.forms_edited = True
    interpretation.save()


@transaction.atomic
def review_elements(
    *, interpretation: Interpretation, present: list[str] | None
) -> dict[str, bool]:
    """The office's reading of the nine elements, each present or absent; None: back to detection.

    The reading replaces the detection for this interpretation (a person has read the text);
    the history keeps who reviewed and when.
    """
    unknown = [e for e in present or [] if e not in ELEMENTS]
    if unknown:
        raise UserError(f"未知的解读要素：{'、'.join(unknown)}（可选：{'、'.join(ELEMENTS)}）")
    interpretation.elements_reviewed = (
        {} if present is None else {e: e in present for e in ELEMENTS}
    )
    interpretation.save()
    return interpretation.elements_reviewed


@transaction.atomic
def detect_page_forms(*, interpretation: Interpretation, html: str) -> list[str]:
    """Forms read from the interpretation's page, unless a person has set them."""
    if not interpretation.forms_edited:
        year = interpretation.published_on.year if interpretation.published_on else None
        interpretation.forms = detect_forms(html, selectors.rule_set(year))
        interpretation.save()
    return interpretation.forms


@transaction.atomic
def change_status(
    *,
    document: PolicyDocument,
    status: str,
    on: date,
    changed_by: PolicyDocument | None = None,
) -> PolicyDocument:
    """有效 → 修改/废止/失效, with the date and the document that changed it (kept in history)."""
    if status not in STATUSES:
        raise UserError(f"状态应为 {'、'.join(STATUSES)} 之一")
    document.status, document.status_on, document.changed_by = status, on, changed_by
    document.save()
    return document


@dataclass
class CrawlIntake:
    """What `import_crawled` did: new register entries and crawled pages matched to existing ones."""

    documents_new: int = 0
    documents_matched: int = 0
    interpretations_new: int = 0
    interpretations_matched: int = 0

    def summary(self) -> str:
        return (
            f"抓取的政策文件：新登记 {self.documents_new} 件，与登记簿合并 {self.documents_matched} 件；"
            f"政策解读：新登记 {self.interpretations_new} 篇，与已有记录合并 "
            f"{self.interpretations_matched} 篇"
        )


def _own_number(title: str, body: str) -> str:
    """The document's own 文号: the first one in its title or the opening lines of its text."""
    found = numbers_in_text(f"{title}\n{body[:300]}")
    return found[0] if found else ""


def _by_url(model) -> dict[str, int]:
    return {
        normalize_url(url): pk for pk, url in model.objects.exclude(url="").values_list("pk", "url")
    }


def _crawled_document(article: dict, urls: dict[str, int], intake: CrawlIntake) -> None:
    number = _own_number(article["title"], article["body_text"])
    existing = None
    if article["url"] in urls:
        existing = PolicyDocument.objects.get(pk=urls[article["url"]])
    elif number:
        existing = PolicyDocument.objects.filter(number=number).first()
    if existing is None:
        existing = PolicyDocument.objects.filter(
            unit_id=article["unit_id"], title=article["title"]
        ).first()
    if existing is not None:
        # The register stays the authority on kind, units and dates; the page adds what it shows.
        existing.url = existing.url or article["url"]
        existing.text = existing.text or article["body_text"]
        existing.links = article["links"]
        existing.published_on = existing.published_on or article["published"]
        existing.save()
        intake.documents_matched += 1
        return
    PolicyDocument.objects.create(
        key=number or f"{article['unit_id']}|{article['title']}|{article['published']}",
        kind="其他政策性文件",  # the office sets the kind when it reviews crawled entries
        title=article["title"][:300],
        number=number,
        number_as_written=number,
        unit_id=article["unit_id"],
        published_on=article["published"],
        url=article["url"],
        text=article["body_text"],
        links=article["links"],
        source="crawl",
    )
    intake.documents_new += 1


def _crawled_interpretation(article: dict, urls: dict[str, int], intake: CrawlIntake) -> None:
    rules = selectors.rule_set(article["published"].year)
    forms = detect_forms(article["html"] or f"<h1>{article['title']}</h1>", rules)
    existing = Interpretation.objects.filter(pk=urls.get(article["url"])).first()
    if existing is None:
        existing = Interpretation.objects.filter(
            unit_id=article["unit_id"], title=article["title"], published_on=article["published"]
        ).first()
    if existing is not None:
        existing.url = existing.url or article["url"]
        existing.text = existing.text or article["body_text"]
        existing.links = article["links"]
        if not existing.forms_edited:
            existing.forms = forms
        existing.save()
        intake.interpretations_matched += 1
        return
    Interpretation.objects.create(
        key=article["url"],
        unit_id=article["unit_id"],
        title=article["title"][:300],
        published_on=article["published"],
        url=article["url"],
        text=article["body_text"],
        links=article["links"],
        forms=forms,
        proposed_document=propose_document(article["title"], article["body_text"]),
    )
    intake.interpretations_new += 1


@transaction.atomic
def import_crawled(*, year: int | None = None) -> CrawlIntake:
    """Policy documents and interpretations the site monitor found become register entries
    (source 抓取), merged with what an import already registered: by address, 文号 or title."""
    rules = selectors.rule_set(year)
    intake = CrawlIntake()
    documents = crawled_articles(rules.crawl_document_columns)
    interpretations = {a["url"] for a in crawled_articles(rules.crawl_interpretation_columns)}
    urls = _by_url(PolicyDocument)
    for article in documents:
        if article["url"] not in interpretations and _in_year(article, year):
            _crawled_document(article, urls, intake)
    urls = _by_url(Interpretation)
    for article in crawled_articles(rules.crawl_interpretation_columns):
        if _in_year(article, year):
            _crawled_interpretation(article, urls, intake)
    return intake


def _in_year(article: dict, year: int | None) -> bool:
    return year is None or article["published"].year == year
