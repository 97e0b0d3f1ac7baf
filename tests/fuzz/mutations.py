"""Hypothesis strategies shared by the fuzz tests: valid documents changed in one or a few places.

Random bytes rarely get past a parser's first line; a valid file with one wrong value, a missing or
unknown key, or a value of the wrong shape reaches every check behind it.
"""

import copy
import math
from datetime import date

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Bounded time: each module runs its cases in a few seconds at most.
FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "甲\x00镇",
        "长" * 300,
        "{bogus}",
        "{{",
        "{% if %}",
        "nan",
        "2023-13-01",
        "-1",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.just(math.nan),
    st.text(max_size=30),
    NASTY_TEXT,
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


def _apply(data, path, action, value):
    if not path:
        return value if action == "replace" else data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif action == "add" and isinstance(parent[last], dict):
        parent[last]["unexpected_key"] = value
    return data


@st.composite
def mutated(draw, base, max_changes: int = 3):
    """`base` (a JSON/YAML-like structure) with 1..max_changes random changes."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=max_changes))):
        paths = list(_paths(data))
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        data = _apply(data, path, action, draw(VALUES))
    return data
