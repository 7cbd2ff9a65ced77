"""Numbers as people read them (issue 18, item 2): every expected text below is a hand
computation of the rule in netmix/_format.py's module notes."""

from __future__ import annotations

import numpy as np
import pytest

from netmix import InputError, InputTypeError
from netmix._format import (
    format_duration,
    format_frame,
    format_interval,
    format_number,
    format_pvalue,
    format_share,
    format_value,
    frame_text,
    natural_key,
    pvalue_phrase,
    sort_groups,
)


@pytest.mark.parametrize(("value", "text"), [
    (0, "0"), (7, "7"), (12345, "12,345"), (np.int64(-9876543), "-9,876,543"),
    (2.0, "2"), (1e15, "1,000,000,000,000,000"),  # integer-valued floats shown whole
    (0.61234, "0.612"), (-0.61234, "-0.612"), (12.345, "12.3"), (1234.56, "1,235"),
    (0.000123456, "0.000123"), (0.5, "0.5"), (0.9996, "1"),
    (1e-7, "< 0.000001"), (-2.5e-9, "> -0.000001"),  # below 1e-6: no run of zeros
    (float("nan"), "nan"), (float("inf"), "inf"), (-np.inf, "-inf"), (np.float32(0.25), "0.25"),
])
def test_format_number(value, text):
    assert format_number(value) == text


def test_format_number_never_writes_e_notation():
    for x in np.concatenate([10.0 ** np.arange(-6, 20), -(10.0 ** np.arange(-6, 20)) * 1.234]):
        assert "e" not in format_number(x), x


def test_format_number_keeps_zeros_when_asked():
    assert format_number(0.5, strip=False) == "0.500"  # 3 significant digits
    assert format_interval(0.5, 0.7, strip=False) == "0.500 to 0.700"


@pytest.mark.parametrize(("p", "text"), [
    (0.0, "< 0.001"), (1e-300, "< 0.001"), (0.000999, "< 0.001"), (0.001, "0.001"),
    (0.0234, "0.023"), (0.0994, "0.099"), (0.0996, "0.10"), (0.1, "0.10"), (0.4712, "0.47"),
    (1.0, "1.00"),
    (float("nan"), "nan"),
])
def test_format_pvalue(p, text):
    assert format_pvalue(p) == text


@pytest.mark.parametrize(("p", "m", "text"), [
    (1 / 1000, 999, "≤ 0.001"),   # one-sided, b = 0: the floor 1/(m + 1)
    (2 / 1000, 999, "≤ 0.002"),   # two-sided, b = 0: the floor 2/(m + 1)
    (3 / 1000, 999, "0.003"),     # above the floor: the value
    (2 / 100, 99, "≤ 0.020"),
    (2 / 10000, 9999, "< 0.001"),  # below 0.001 anyway
    (0.5, 999, "0.50"),
])
def test_format_pvalue_at_the_monte_carlo_floor(p, m, text):
    assert format_pvalue(p, n_resamples=m) == text


def test_pvalue_phrase():
    assert pvalue_phrase(0.0234) == "p = 0.023"
    assert pvalue_phrase(0.0) == "p < 0.001"
    assert pvalue_phrase(0.002, n_resamples=999) == "p ≤ 0.002"


@pytest.mark.parametrize("bad", [1.5, -0.1, 95])
def test_a_pvalue_out_of_range_is_refused(bad):
    with pytest.raises(InputError, match="pvalue must be between 0 and 1"):
        format_pvalue(bad)


@pytest.mark.parametrize("bad", ["0.05", None, True, [0.1]])
def test_a_pvalue_must_be_a_number(bad):
    with pytest.raises(InputTypeError, match="pvalue must be a real number"):
        format_pvalue(bad)


@pytest.mark.parametrize(("seconds", "text"), [
    (435 * 3600 + 12 * 60, "435 h 12 min"), (200, "3 min 20 s"), (45, "45 s"),
    (60, "1 min"), (3600, "1 h"), (3599.6, "1 h"),  # rounds to the second, then carries
    (59.6, "1 min"), (3600 * 1234 + 60, "1,234 h 1 min"), (0.25, "0.25 s"), (0, "0 s"),
    (-200, "-3 min 20 s"), (float("nan"), "nan"),
])
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize(("share", "text"), [
    (0.2346, "23.5 %"), (0, "0 %"), (1, "100 %"), (0.00001, "< 0.1 %"),
    (0.99999, "> 99.9 %"), (0.5, "50.0 %"), (float("nan"), "nan"),
])
def test_format_share(share, text):
    assert format_share(share) == text


def test_format_value_reads_the_field_name():
    assert format_value(1e-5, "pvalue") == "< 0.001"
    assert format_value(1e-5, "model_pvalue") == "< 0.001"
    assert format_value(3e-4, "p_greater") == "< 0.001"
    assert format_value(12345678901234567890, "seed") == "12345678901234567890"  # exact
    assert format_value(0.25, "share_exact") == "25.0 %"
    assert format_value(None, "weight") == "none"
    assert format_value(True, "directed") == "True"


def test_format_frame_and_frame_text():
    import pandas as pd

    frame = pd.DataFrame({"ratio": [0.61234, 1.5], "pvalue": [1e-6, 0.2],
                          "n": [12345, 2]}, index=["a", "<b>"])
    text = format_frame(frame)
    assert text.loc["a"].tolist() == ["0.612", "< 0.001", "12,345"]
    assert text.loc["<b>"].tolist() == ["1.50", "0.20", "2"]
    long = pd.DataFrame(np.arange(300.0).reshape(20, 15) / 7)
    shown = frame_text(long, max_rows=5, width=60)
    lines = shown.splitlines()
    assert len(lines) == 7 and max(map(len, lines)) <= 60
    assert lines[-1].startswith("(15 more rows,") and "more columns" in lines[-1]


def test_natural_group_order():
    # SocioPatterns' class names (high school 2013, primary school 2009)
    assert sort_groups(["PSI*", "2BIO3", "MP*2", "MP", "2BIO1", "MP*1", "PC*", "PC"]) == [
        "2BIO1", "2BIO3", "MP", "MP*1", "MP*2", "PC", "PC*", "PSI*"]
    assert sort_groups(["5B", "1A", "10A", "1B", "2A", "Teachers"]) == [
        "1A", "1B", "2A", "5B", "10A", "Teachers"]
    assert sort_groups(["b", None, 10, "a", 2, float("nan")])[:4] == [2, 10, "a", "b"]
    assert natural_key("x2") < natural_key("x10")
