"""The scoring engine: examples for each rule, and the properties it promises for every
instrument — the shipped ones and generated valid ones."""

from __future__ import annotations

import itertools
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from samvern.risk import engine
from samvern.risk.catalogue import SHIPPED_DIR, load_instrument_file, parse_instrument
from samvern.risk.definitions import NO, UNKNOWN, YES, Instrument, ItemKind, ScoringMethod
from samvern.risk.tests.builders import (
    BASE_YAML,
    instrument_data,
    reachable_scores,
    score_lattice,
)

SHIPPED = {path.stem: load_instrument_file(path) for path in sorted(SHIPPED_DIR.glob("*.yaml"))}
EXPOSED = SHIPPED["samvern-screening-exposed-1.0"]
USING_VIOLENCE = SHIPPED["samvern-screening-using-violence-1.0"]
EXPOSED_CRITICAL = SHIPPED["samvern-screening-exposed-1.1"]
USING_VIOLENCE_CRITICAL = SHIPPED["samvern-screening-using-violence-1.1"]

PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def small_instrument(**changes: object) -> Instrument:
    import yaml

    data = yaml.safe_load(BASE_YAML)
    data.update(changes)
    return parse_instrument(data)


def answer_values(instrument: Instrument, item_key: str) -> list[str | int | None]:
    item = instrument.item(item_key)
    if item.kind == ItemKind.YES_NO_UNKNOWN:
        return [YES, NO, UNKNOWN, None]
    return [*item.scale_values, UNKNOWN, None]


@st.composite
def answers_for(draw: st.DrawFn, instrument: Instrument) -> dict[str, str | int | None]:
    answers: dict[str, str | int | None] = {}
    for item in instrument.items:
        value = draw(st.sampled_from(answer_values(instrument, item.key)))
        if value is not None or draw(st.booleans()):
            answers[item.key] = value
    return answers


generated = st.builds(parse_instrument, instrument_data())
instruments = st.one_of(st.sampled_from(list(SHIPPED.values())), generated)


# --- Examples ------------------------------------------------------------------------


def test_count_yes_counts_only_yes_and_reports_unknown_and_unanswered():
    result = engine.score(
        EXPOSED, {"escalation": "yes", "threats_to_kill": "unknown", "weapon_access": "no"}
    )
    assert result.score == 1
    assert result.band_key == "standard"
    assert result.answered == 3
    assert result.unknown_items == ("threats_to_kill",)
    assert "weapon_access" not in result.unanswered_items
    assert len(result.unanswered_items) == len(EXPOSED.items) - 3


def test_weighted_sum_adds_weights_and_scale_values_times_weight():
    answers = {"death_threats": "yes", "recent_frequency": 2, "readiness_for_help": "1"}
    result = engine.score(USING_VIOLENCE, answers)
    # death threats weigh 3; frequency 2 × 1; readiness 1 × 1
    assert result.score == Decimal(6)
    assert result.band_key == "low"
    assert engine.score(USING_VIOLENCE, {**answers, "neck_pressure": "yes"}).band_key == (
        "moderate"
    )


def test_answers_are_read_case_insensitively_and_blank_means_unanswered():
    result = engine.score(EXPOSED, {"escalation": " YES ", "own_fear": ""})
    assert result.score == 1
    assert "own_fear" in result.unanswered_items


@pytest.mark.parametrize(
    ("answers", "item_key"),
    [
        ({"escalation": "maybe"}, "escalation"),
        ({"escalation": 1}, "escalation"),
        ({"recent_frequency": 4}, "recent_frequency"),
        ({"recent_frequency": "two"}, "recent_frequency"),
        ({"recent_frequency": True}, "recent_frequency"),
        ({"no_such_question": "yes"}, "no_such_question"),
    ],
)
def test_answers_the_instrument_does_not_allow_are_refused(answers, item_key):
    instrument = USING_VIOLENCE if "escalation" not in answers else EXPOSED
    with pytest.raises(engine.AnswerError) as caught:
        engine.score(instrument, answers)
    assert caught.value.item_key == item_key


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "standard"), (5, "standard"), (6, "medium"), (9, "medium"), (10, "high"), (18, "high")],
)
def test_band_limits_are_inclusive_at_both_ends(score, band):
    assert engine.band_for(EXPOSED, score).key == band


@pytest.mark.parametrize("score", [-1, 19, Decimal("5.5")])
def test_a_score_in_no_band_is_an_error(score):
    with pytest.raises(ValueError, match="lies in 0 bands"):
        engine.band_for(EXPOSED, score)


def test_the_scored_band_qualifies_when_it_reaches_the_rule():
    answers = {item.key: "yes" for item in EXPOSED.items[:10]}
    result = engine.score(EXPOSED, answers)
    assert result.band_key == "high"
    qualification = engine.qualifies_for_conference(EXPOSED, result)
    assert qualification == engine.Qualification(True, ("high_score",))
    assert bool(qualification)


def test_professional_judgement_raising_the_band_qualifies_with_its_own_reason():
    result = engine.score(EXPOSED, {"escalation": "yes"})
    assert not engine.qualifies_for_conference(EXPOSED, result).qualifies
    raised = engine.qualifies_for_conference(EXPOSED, result, override_band="high")
    assert raised.reasons == ("professional_judgement",)
    medium = engine.qualifies_for_conference(EXPOSED, result, override_band="medium")
    assert not medium.qualifies


def test_judgement_confirming_a_qualifying_scored_band_is_recorded_as_a_reason_too():
    result = engine.score(EXPOSED, {item.key: "yes" for item in EXPOSED.items})
    assert engine.qualifies_for_conference(EXPOSED, result).reasons == ("high_score",)
    qualification = engine.qualifies_for_conference(EXPOSED, result, override_band="high")
    assert qualification.reasons == ("high_score", "professional_judgement")


def test_a_repeat_referral_qualifies_whatever_the_band_when_the_rule_names_none():
    result = engine.score(EXPOSED, {})
    qualification = engine.qualifies_for_conference(EXPOSED, result, repeat_within_12_months=True)
    assert qualification.reasons == ("repeat_referral",)


def test_a_repeat_referral_rule_with_a_band_needs_that_band():
    low = engine.score(USING_VIOLENCE, {})
    moderate = engine.score(
        USING_VIOLENCE, {"death_threats": "yes", "neck_pressure": "yes", "weapon_access": "yes"}
    )
    assert moderate.band_key == "moderate"
    repeat = {"repeat_within_12_months": True}
    assert not engine.qualifies_for_conference(USING_VIOLENCE, low, **repeat).qualifies
    assert engine.qualifies_for_conference(USING_VIOLENCE, moderate, **repeat).reasons == (
        "repeat_referral",
    )


@pytest.mark.parametrize(
    ("instrument", "item_key"),
    [
        (EXPOSED_CRITICAL, "threats_to_kill"),
        (EXPOSED_CRITICAL, "neck_pressure"),
        (EXPOSED_CRITICAL, "weapon_access"),
        (USING_VIOLENCE_CRITICAL, "death_threats"),
        (USING_VIOLENCE_CRITICAL, "neck_pressure"),
        (USING_VIOLENCE_CRITICAL, "weapon_access"),
    ],
)
def test_one_critical_yes_qualifies_whatever_the_total_score(instrument, item_key):
    answers = {
        item.key: "no" if item.kind == ItemKind.YES_NO_UNKNOWN else item.scale_values[0]
        for item in instrument.items
    } | {item_key: "yes"}
    result = engine.score(instrument, answers)
    assert result.band_key == instrument.bands[0].key  # the lowest band
    assert result.critical_yes == (item_key,)
    qualification = engine.qualifies_for_conference(instrument, result)
    assert qualification == engine.Qualification(True, ("critical_item",))


def test_critical_items_answered_no_or_unknown_do_not_qualify_on_their_own():
    critical = [item.key for item in EXPOSED_CRITICAL.critical_items]
    answers = {key: "unknown" for key in critical} | {"escalation": "yes"}
    result = engine.score(EXPOSED_CRITICAL, answers)
    assert result.critical_yes == ()
    assert not engine.qualifies_for_conference(EXPOSED_CRITICAL, result).qualifies
    # The published 1.0 file has no critical items: the same yes does not qualify there.
    old = engine.score(EXPOSED, {"threats_to_kill": "yes"})
    assert old.critical_yes == ()
    assert not engine.qualifies_for_conference(EXPOSED, old).qualifies


def test_a_critical_yes_still_qualifies_when_judgement_confirms_the_lowest_band():
    result = engine.score(EXPOSED_CRITICAL, {"weapon_access": "yes"})
    qualification = engine.qualifies_for_conference(
        EXPOSED_CRITICAL, result, override_band="standard"
    )
    assert qualification.reasons == ("critical_item",)


def test_lowering_the_band_is_refused_unless_the_instrument_allows_it():
    result = engine.score(EXPOSED, {item.key: "yes" for item in EXPOSED.items})
    with pytest.raises(engine.OverrideError, match="lowering"):
        engine.qualifies_for_conference(EXPOSED, result, override_band="standard")

    lowering = small_instrument(allow_lowering=True)
    high = engine.score(lowering, {"first": "yes", "second": "yes"})
    assert high.band_key == "high"
    lowered = engine.qualifies_for_conference(lowering, high, override_band="standard")
    assert lowered == engine.Qualification(False, ())


def test_judgement_is_refused_when_the_instrument_does_not_allow_it():
    instrument = small_instrument(
        allow_override=False,
        qualification=[
            {
                "key": "score",
                "kind": "band_at_least",
                "band": "high",
                "text": {"nb": "x", "en": "x"},
            }
        ],
    )
    result = engine.score(instrument, {})
    with pytest.raises(engine.OverrideError, match="does not allow"):
        engine.effective_band(instrument, result, "high")
    with pytest.raises(engine.OverrideError, match="no band"):
        engine.effective_band(EXPOSED, engine.score(EXPOSED, {}), "extreme")


def test_the_engine_imports_nothing_from_django():
    code = (
        "import sys, samvern.risk.engine as engine\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )
    root = Path(__file__).resolve().parents[3]
    completed = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr


# --- Properties ----------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(data=st.data())
def test_adding_a_yes_never_lowers_a_count_based_score(data):
    instrument = data.draw(
        st.one_of(st.just(EXPOSED), st.builds(parse_instrument, instrument_data("count_yes")))
    )
    answers = data.draw(answers_for(instrument))
    not_yes = [item.key for item in instrument.items if answers.get(item.key) != YES]
    assume(not_yes)
    key = data.draw(st.sampled_from(not_yes))
    before = engine.score(instrument, answers)
    after = engine.score(instrument, {**answers, key: YES})
    assert after.score == before.score + 1
    assert (
        engine.band_for(instrument, after.score).rank
        >= engine.band_for(instrument, before.score).rank
    )


@PROPERTY_SETTINGS
@given(data=st.data())
def test_weighted_sums_never_fall_when_a_yes_or_a_higher_scale_value_is_added(data):
    instrument = data.draw(
        st.one_of(
            st.just(USING_VIOLENCE), st.builds(parse_instrument, instrument_data("weighted_sum"))
        )
    )
    assert all(item.weight >= 0 for item in instrument.items)
    answers = data.draw(answers_for(instrument))
    item = data.draw(st.sampled_from(instrument.items))
    before = engine.score(instrument, answers)
    if item.kind == ItemKind.YES_NO_UNKNOWN:
        raised: str | int = YES
    else:
        current = answers.get(item.key)
        floor = current if isinstance(current, int) else item.scale_min
        raised = data.draw(st.integers(floor, item.scale_max))
    after = engine.score(instrument, {**answers, item.key: raised})
    assert after.score >= before.score


@PROPERTY_SETTINGS
@given(instrument=instruments)
def test_every_possible_score_lies_in_exactly_one_band(instrument):
    lowest, highest, step = (
        instrument.scoring.min_score,
        instrument.scoring.max_score,
        instrument.scoring.step,
    )
    score = lowest
    while score <= highest:  # every multiple of the step, reachable or not
        assert sum(band.contains(score) for band in instrument.bands) == 1, score
        score += step


@PROPERTY_SETTINGS
@given(data=instrument_data())
def test_every_reachable_score_of_a_generated_instrument_has_one_band(data):
    instrument = parse_instrument(data)
    lowest, highest, step = score_lattice(data)
    assert (instrument.scoring.min_score, instrument.scoring.max_score) == (lowest, highest)
    assert instrument.scoring.step == step
    for score in reachable_scores(data):
        assert [band.contains(score) for band in instrument.bands].count(True) == 1


@PROPERTY_SETTINGS
@given(instrument=instruments, data=st.data())
def test_scoring_any_allowed_answers_gives_a_band_and_accounts_for_every_item(instrument, data):
    answers = data.draw(answers_for(instrument))
    result = engine.score(instrument, answers)
    assert instrument.scoring.min_score <= result.score <= instrument.scoring.max_score
    assert engine.band_for(instrument, result.score).key == result.band_key
    assert result.answered + len(result.unanswered_items) == len(instrument.items)
    assert set(result.unknown_items) == {k for k, v in answers.items() if v == UNKNOWN}
    if instrument.scoring.method == ScoringMethod.COUNT_YES:
        assert result.score == sum(1 for value in answers.values() if value == YES)


def _result_in(instrument: Instrument, rank: int) -> engine.ScoreResult:
    band = instrument.bands[rank]
    return engine.ScoreResult(score=band.min, band_key=band.key, answered=0, unanswered_items=())


def _qualifies(instrument: Instrument, rank: int, override: str | None, repeat: bool) -> bool:
    try:
        return engine.qualifies_for_conference(
            instrument,
            _result_in(instrument, rank),
            override_band=override,
            repeat_within_12_months=repeat,
        ).qualifies
    except engine.OverrideError:
        return False  # a judgement the instrument refuses for this band


@PROPERTY_SETTINGS
@given(instrument=instruments, data=st.data())
def test_qualification_never_falls_when_the_band_rises(instrument, data):
    ranks = range(len(instrument.bands))
    low = data.draw(st.sampled_from(ranks))
    high = data.draw(st.sampled_from([rank for rank in ranks if rank >= low]))
    repeat = data.draw(st.booleans())
    override = None
    if instrument.allow_override and data.draw(st.booleans()):
        # a judgement band valid for both: at or above the higher scored band
        override = data.draw(st.sampled_from(instrument.bands[high:])).key
    if _qualifies(instrument, low, override, repeat):
        assert _qualifies(instrument, high, override, repeat)


@PROPERTY_SETTINGS
@given(instrument=instruments, data=st.data())
def test_qualification_never_falls_when_judgement_raises_the_band_or_a_repeat_is_added(
    instrument, data
):
    rank = data.draw(st.sampled_from(range(len(instrument.bands))))
    scored = _qualifies(instrument, rank, None, False)
    assert _qualifies(instrument, rank, None, True) >= scored
    if instrument.allow_override:
        above = data.draw(st.sampled_from(instrument.bands[rank:])).key
        higher = data.draw(
            st.sampled_from(
                [b.key for b in instrument.bands if b.rank >= instrument.band(above).rank]
            )
        )
        assert _qualifies(instrument, rank, above, False) >= scored
        assert _qualifies(instrument, rank, higher, False) >= _qualifies(
            instrument, rank, above, False
        )


@PROPERTY_SETTINGS
@given(instrument=instruments, data=st.data())
def test_a_yes_to_any_critical_item_qualifies_whatever_else_is_answered(instrument, data):
    answers = data.draw(answers_for(instrument))
    result = engine.score(instrument, answers)
    critical = {item.key for item in instrument.critical_items}
    assert set(result.critical_yes) == {k for k, v in answers.items() if k in critical and v == YES}
    qualification = engine.qualifies_for_conference(instrument, result)
    if result.critical_yes:
        assert qualification.qualifies and "critical_item" in {
            instrument.rule(reason).kind for reason in qualification.reasons
        }


def _covers_exactly(
    bands: list[tuple[Decimal, Decimal]], low: Decimal, high: Decimal, step: Decimal
) -> bool:
    """Brute force, independent of the catalogue: no two bands share a value, every
    multiple of the step in [low, high] is in a band, and every band holds one."""
    ordered = sorted(bands)
    if any(b[0] <= a[1] for a, b in itertools.pairwise(ordered)):
        return False
    points = []
    value = low
    while value <= high:
        points.append(value)
        value += step
    if any(not any(a <= p <= b for a, b in bands) for p in points):
        return False
    return all(any(a <= p <= b for p in points) for a, b in bands)


@PROPERTY_SETTINGS
@given(data=instrument_data(), shifts=st.lists(st.sampled_from([-1, 0, 0, 0, 1]), max_size=8))
def test_the_catalogue_accepts_bands_exactly_when_they_cover_every_score_once(data, shifts):
    from samvern.risk.catalogue import InstrumentError

    lowest, highest, step = score_lattice(data)
    limits = []
    for index, band in enumerate(data["bands"]):
        shift_min = shifts[2 * index] if 2 * index < len(shifts) else 0
        shift_max = shifts[2 * index + 1] if 2 * index + 1 < len(shifts) else 0
        low = Decimal(repr(band["min"])) + shift_min * step
        high = Decimal(repr(band["max"])) + shift_max * step
        assume(low <= high)
        band["min"] = float(low) if low % 1 else int(low)
        band["max"] = float(high) if high % 1 else int(high)
        limits.append((low, high))
    expected_valid = _covers_exactly(limits, lowest, highest, step)
    try:
        parse_instrument(data)
    except InstrumentError as error:
        assert not expected_valid, [str(problem) for problem in error.problems]
    else:
        assert expected_valid
