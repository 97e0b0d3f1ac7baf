from datetime import date

import pytest

from gongkai.proofread.checkers.defaults import bundled_lexicon, sample_roster
from gongkai.proofread.checkers.engine import Context
from gongkai.proofread.checkers.gazetteer import load_gazetteer
from gongkai.proofread.checkers.places import Jurisdiction
from gongkai.proofread.checkers.typos import load_typo_model


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="session")
def xinxiang(gazetteer):
    (code,) = gazetteer.find("新乡县")
    return Jurisdiction(code)


@pytest.fixture(scope="session")
def typo_model():
    return load_typo_model()


@pytest.fixture(scope="session")
def full_context(gazetteer, xinxiang, typo_model):
    return Context(
        today=date(2024, 9, 1),
        gazetteer=gazetteer,
        home=xinxiang,
        roster=sample_roster(),
        lexicon=bundled_lexicon(),
        typo_model=typo_model,
    )
