"""The benchmark's synthetic case studies are valid and compress like real ones."""

from __future__ import annotations

import pytest

from tests.helpers import ROOT, validate
from tools import synthetic

# The benchmark's generator and its checks take about a minute together:
# make test only.
pytestmark = pytest.mark.slow

WITHIN = 0.10  # the issue asks for gzip ratios within 10% of the real files'


def close(a: float, b: float) -> bool:
    return abs(a - b) <= WITHIN * b


@pytest.fixture(scope="session")
def ratios():
    return synthetic.compare_with_real(ROOT, count=100)


def test_synthetic_text_compresses_like_the_real_files(ratios):
    assert close(ratios["synthetic"], ratios["real"]), ratios


def test_each_synthetic_case_adds_as_much_gzipped_text_as_a_real_one(ratios):
    assert close(ratios["synthetic_added"], ratios["real_added"]), ratios


def test_the_ratio_check_catches_copies(ratios):
    # Seven files, three of them copies of others with new titles.
    made = [synthetic.as_yaml(case) for case in synthetic.copies_of_real(ROOT, 10)]
    assert not close(synthetic.added_gzip_ratio(made[:4] + made[7:10]), ratios["real_added"])


def test_the_ratio_check_catches_a_chain_that_copies_long_runs(ratios):
    # The margin is slim: on 2 December 2026, after the wording review, such a
    # chain added 10.3% less gzipped text per case than a real one (10% is the
    # limit). This was a strict xfail at 7% before; if wording changes bring
    # it back inside 10%, mark it so again with the new figure.
    # Eight words of context and no jumps: whole sentences come back.
    copied = synthetic.compare_with_real(ROOT, count=100, chain=(8, 0.0))
    assert not close(copied["synthetic_added"], ratios["real_added"])


def test_synthetic_cases_keep_real_structure_and_tags():
    real = synthetic.real_cases(ROOT)
    made = synthetic.synthetic_cases(ROOT, 14)
    for template, case in zip(real * 2, made, strict=False):
        assert list(case) == list(template)
        assert case["setting"] == template["setting"]
        for facet in synthetic.FACETS:
            assert len(case.get(facet, [])) == len(template.get(facet, []))
        assert case["summary"] != template["summary"]
        assert case["sections"]["outcomes"] != template["sections"]["outcomes"]
    assert len({case["title"] for case in made}) == len(made)


def test_synthetic_cases_pass_validation(project):
    synthetic.write_cases(project, synthetic.synthetic_cases(project, 30))
    result = validate(project)
    assert result.returncode == 0, result.stdout + result.stderr
