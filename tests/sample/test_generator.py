from collections import Counter

from gongkai.orgs.registry import read_registry
from gongkai.sample.generator import SAMPLE_DIR, generate, load_targets


def items():
    return list(generate(read_registry(SAMPLE_DIR / "registry.yaml")))


def test_deterministic():
    first, second = items(), items()
    assert first == second


def test_titles_and_links_look_real_and_are_unique_per_unit_and_day():
    generated = items()
    assert len({(i.unit, i.title, i.published_on) for i in generated}) == len(generated)
    assert len({i.url for i in generated}) == len(generated)
    assert all(f"/t{i.published_on:%Y%m%d}_" in i.url for i in generated)
    assert len({i.title for i in generated}) > 0.75 * len(
        generated
    )  # repeated titles are realistic (例会, 预算公开)
    assert not any(i.title.startswith("item") for i in generated)


def test_monthly_counts_follow_the_targets():
    targets = load_targets()[2023]["units"]
    news = Counter(
        (i.unit, i.published_on.month)
        for i in items()
        if i.published_on.year == 2023 and "动态" in i.column
    )
    for unit, (total, empty, _) in targets.items():
        assert sum(news[(unit, m)] for m in range(1, 13)) == total
        assert [m for m in range(1, 13) if news[(unit, m)] == 0] == empty
