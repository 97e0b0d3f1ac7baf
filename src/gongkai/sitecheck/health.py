"""Site-health rules: stale and blank columns, the 普查 veto counts, homepage, links, marks.

Pure: plain dataclasses describing what the crawler saw, a `RuleSet` loaded from the bundled
(versioned, editable) YAML, `today` passed in. Each rule returns `Issue`s; the app turns them into
Findings with their evidence.
"""

import calendar
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

BUNDLED_RULES = Path(__file__).parent / "bundled" / "rules-2019.yaml"

VETO, MAJOR, MINOR = "veto", "major", "minor"


@dataclass(frozen=True)
class UpdateRule:
    name: str
    label: str
    max_days: int | None = None
    max_months: int | None = None

    def deadline(self, today: date) -> date | None:
        """The earliest latest-item date that still counts as updated; None: no update rule."""
        if self.max_days is not None:
            return today - timedelta(days=self.max_days)
        if self.max_months is not None:
            return months_before(today, self.max_months)
        return None

    @property
    def limit_text(self) -> str:
        if self.max_days is not None:
            return " 2 周" if self.max_days == 14 else f" {self.max_days} 天"
        return f" {self.max_months} 个月" if self.max_months is not None else ""


@dataclass(frozen=True)
class RuleSet:
    version: str
    update_rules: dict[str, UpdateRule]
    long_stale_months: int
    homepage_max_days: int
    veto_stale: int
    veto_long_stale: int
    veto_blank: int
    timeout_seconds: float
    max_failure_share: float
    dead_link_failures: int
    messages: dict[str, str]
    how_to_fix: dict[str, str]


def load_rules(path: Path = BUNDLED_RULES) -> RuleSet:
    """The health rules of `path`, read once per version of the file (every page view and sweep
    judges with them)."""
    return _rules_of(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _rules_of(path: Path, _modified: int) -> RuleSet:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return RuleSet(
        version=str(data["version"]),
        update_rules={
            name: UpdateRule(name, spec["label"], spec.get("max_days"), spec.get("max_months"))
            for name, spec in data["update_rules"].items()
        },
        long_stale_months=int(data["long_stale_months"]),
        homepage_max_days=int(data["homepage_max_days"]),
        veto_stale=int(data["veto"]["stale_columns"]),
        veto_long_stale=int(data["veto"]["long_stale_columns"]),
        veto_blank=int(data["veto"]["blank_columns"]),
        timeout_seconds=float(data["availability"]["timeout_seconds"]),
        max_failure_share=float(data["availability"]["max_failure_share"]),
        dead_link_failures=int(data["dead_link_consecutive_failures"]),
        messages=dict(data["messages"]),
        how_to_fix=dict(data["how_to_fix"]),
    )


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Issue:
    rule: str  # dotted, becomes the Finding kind under `sitecheck.`
    severity: str
    unit_id: int | None
    message: str
    how_to_fix: str
    url: str = ""
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ColumnState:
    column_id: int
    unit_id: int | None
    name: str
    url: str
    update_rule: str  # a key of RuleSet.update_rules
    latest: date | None  # the newest item's date; None with no items
    items: int


def column_issues(columns: Iterable[ColumnState], rules: RuleSet, today: date) -> list[Issue]:
    """Per column: blank, stale (over its rule), long stale; then the 普查 veto counts."""
    issues: list[Issue] = []
    stale = long_stale = blank = 0
    long_deadline = months_before(today, rules.long_stale_months)
    fix = rules.how_to_fix
    for column in columns:
        evidence = {
            "url": column.url,
            "column": column.name,
            "latest": column.latest and column.latest.isoformat(),
        }
        if column.items == 0:
            blank += 1
            issues.append(
                Issue(
                    "column.blank",
                    MAJOR,
                    column.unit_id,
                    rules.messages["column_blank"].format(name=column.name),
                    fix["column_blank"],
                    column.url,
                    evidence,
                )
            )
            continue
        rule = rules.update_rules.get(column.update_rule)
        deadline = rule.deadline(today) if rule else None
        latest_text = column.latest.isoformat() if column.latest else "（无日期）"
        if column.latest is None or column.latest < long_deadline:
            long_stale += 1
            issues.append(
                Issue(
                    "column.long_stale",
                    MAJOR,
                    column.unit_id,
                    rules.messages["column_long_stale"].format(
                        name=column.name, latest=latest_text, months=rules.long_stale_months
                    ),
                    fix["column_long_stale"],
                    column.url,
                    evidence,
                )
            )
        if deadline is not None and (column.latest is None or column.latest < deadline):
            stale += 1
            issues.append(
                Issue(
                    "column.stale",
                    MAJOR,
                    column.unit_id,
                    rules.messages["column_stale"].format(
                        name=column.name, latest=latest_text, limit=rule.limit_text
                    ),
                    fix["column_stale"],
                    column.url,
                    evidence,
                )
            )
    for rule_name, count, limit, message in (
        ("veto.stale_columns", stale, rules.veto_stale, "veto_stale"),
        ("veto.long_stale_columns", long_stale, rules.veto_long_stale, "veto_long_stale"),
        ("veto.blank_columns", blank, rules.veto_blank, "veto_blank"),
    ):
        if count >= limit:
            issues.append(
                Issue(
                    rule_name,
                    VETO,
                    None,
                    rules.messages[message].format(count=count, limit=limit),
                    fix["veto"],
                    evidence={"count": count, "limit": limit},
                )
            )
    return issues


@dataclass(frozen=True)
class HomepageState:
    url: str
    newest_item: date | None  # the newest dated item linked from the homepage
    unchanged_since: date | None  # first check at which the current content hash was seen
    site_id_code: str
    icp: str
    conac: bool


def homepage_issues(home: HomepageState, rules: RuleSet, today: date) -> list[Issue]:
    issues: list[Issue] = []
    deadline = today - timedelta(days=rules.homepage_max_days)
    fix = rules.how_to_fix
    evidence = {"url": home.url}
    if home.newest_item is None or home.newest_item < deadline:
        latest = home.newest_item.isoformat() if home.newest_item else "（无日期）"
        issues.append(
            Issue(
                "homepage.not_updated",
                VETO,
                None,
                rules.messages["homepage_stale"].format(latest=latest),
                fix["homepage"],
                home.url,
                evidence | {"newest_item": home.newest_item and home.newest_item.isoformat()},
            )
        )
    elif home.unchanged_since is not None and home.unchanged_since < deadline:
        issues.append(
            Issue(
                "homepage.unchanged",
                VETO,
                None,
                rules.messages["homepage_unchanged"].format(since=home.unchanged_since),
                fix["homepage"],
                home.url,
                evidence | {"unchanged_since": home.unchanged_since.isoformat()},
            )
        )
    for missing, rule, message in (
        (not home.site_id_code, "homepage.missing_site_id", "missing_site_id"),
        (not home.icp, "homepage.missing_icp", "missing_icp"),
        (not home.conac, "homepage.missing_conac", "missing_conac"),
    ):
        if missing:
            issues.append(
                Issue(rule, MINOR, None, rules.messages[message], fix["marks"], home.url, evidence)
            )
    return issues


@dataclass(frozen=True)
class LinkState:
    url: str
    page_url: str  # where the link was found
    unit_id: int | None
    attachment: bool
    status: str  # the latest outcome: '404', 'timeout', 'dns'…
    consecutive_failures: int
    first_failed: date | None
    last_failed: date | None


def link_issues(links: Iterable[LinkState], rules: RuleSet) -> list[Issue]:
    """Dead links and attachments: only after the configured number of consecutive failures."""
    issues = []
    for link in links:
        if link.consecutive_failures < rules.dead_link_failures:
            continue
        key = "dead_attachment" if link.attachment else "dead_link"
        issues.append(
            Issue(
                "attachment.dead" if link.attachment else "link.dead",
                MAJOR,
                link.unit_id,
                rules.messages[key].format(
                    url=link.url,
                    status=link.status,
                    failures=link.consecutive_failures,
                    page=link.page_url,
                ),
                rules.how_to_fix["dead_link"],
                link.url,
                {
                    "url": link.url,
                    "page": link.page_url,
                    "status": link.status,
                    "first_seen": link.first_failed and link.first_failed.isoformat(),
                    "last_seen": link.last_failed and link.last_failed.isoformat(),
                },
            )
        )
    return issues


@dataclass(frozen=True)
class SoftNotFoundProbe:
    url: str  # a random path that does not exist
    status: int | None
    refresh_to: str | None  # meta-refresh target, if any
    parent_url: str


def is_soft_404(probe: SoftNotFoundProbe) -> bool:
    """A made-up path answered with 200, or with a meta-refresh to its parent, is a soft 404."""
    return probe.status == 200


def soft_404_issues(probes: Iterable[SoftNotFoundProbe], rules: RuleSet) -> list[Issue]:
    return [
        Issue(
            "site.soft_404",
            MINOR,
            None,
            rules.messages["soft_404"].format(url=probe.url),
            rules.how_to_fix["soft_404"],
            probe.url,
            {"url": probe.url, "status": probe.status, "refresh_to": probe.refresh_to},
        )
        for probe in probes
        if is_soft_404(probe)
    ]


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    seconds: float | None


def availability_issues(
    url: str, probes: list[ProbeResult], rules: RuleSet, minimum_probes: int = 20
) -> list[Issue]:
    """Unreachable: at least 5 % of probes not loaded within 15 s (with enough probes to judge)."""
    if len(probes) < minimum_probes:
        return []
    failed = sum(
        1
        for probe in probes
        if not probe.ok or probe.seconds is None or probe.seconds > rules.timeout_seconds
    )
    share = failed / len(probes)
    if share < rules.max_failure_share:
        return []
    return [
        Issue(
            "site.unreachable",
            VETO,
            None,
            rules.messages["unreachable"].format(
                count=len(probes),
                failed=failed,
                seconds=int(rules.timeout_seconds),
                share=f"{share:.1%}",
            ),
            rules.how_to_fix["unreachable"],
            url,
            {"url": url, "probes": len(probes), "failed": failed},
        )
    ]


Resolver = Callable[[str], list[str]]  # host → IPv6 addresses (AAAA)
Connector = Callable[[str], bool]  # IPv6 address → reachable


def transport_issues(
    url: str, host: str, rules: RuleSet, *, resolve_aaaa: Resolver, connect: Connector
) -> list[Issue]:
    """HTTPS in use; IPv6: an AAAA record and at least one address that answers."""
    issues = []
    if not url.startswith("https://"):
        issues.append(
            Issue(
                "site.no_https",
                MINOR,
                None,
                rules.messages["no_https"],
                rules.how_to_fix["https"],
                url,
                {"url": url},
            )
        )
    addresses = resolve_aaaa(host)
    detail = ""
    if not addresses:
        detail = "没有 AAAA 记录"
    elif not any(connect(address) for address in addresses):
        detail = f"IPv6 地址 {', '.join(addresses)} 无法连接"
    if detail:
        issues.append(
            Issue(
                "site.no_ipv6",
                MINOR,
                None,
                rules.messages["no_ipv6"].format(detail=detail),
                rules.how_to_fix["ipv6"],
                url,
                {"url": url, "host": host, "addresses": addresses},
            )
        )
    return issues
