"""For trainers: discussion questions and an activity on every case study,
shown with a permalink, validated like the rest, and the /trainers/ page."""

from __future__ import annotations

import pytest

from tests.test_site import CATALOGUE, page
from tests.test_validation import edit, line_of, problems

CASE = "case_studies/sheffield-flourish.yml"


@pytest.mark.parametrize("case", CATALOGUE.case_studies, ids=lambda c: c.slug)
def test_every_case_study_has_questions_and_shows_them(built_site, case):
    trainers = case.data.get("for_trainers")
    # Every guide case has them; for a contributed one they are optional.
    if not trainers and not case.from_guide:
        pytest.skip(f"{case.slug} is contributed without for_trainers")
    assert trainers, f"{case.slug} has no for_trainers"
    assert 3 <= len(trainers["questions"]) <= 5
    site, _ = built_site
    soup = page(site, f"case-studies/{case.slug}")
    heading = soup.find(id="for-trainers")
    assert heading and heading.find("a", class_="headerlink")
    shown = [" ".join(li.get_text().split()) for li in soup.select("ol.kb-questions > li")]
    assert shown == [" ".join(q.split()) for q in trainers["questions"]]
    if "activity" in trainers:
        assert soup.find(id="activity").find("a", class_="headerlink")
        assert soup.select_one(".kb-activity-title").get_text() == trainers["activity"]["title"]


def test_the_trainers_page_links_to_every_case_studys_questions(built_site):
    site, _ = built_site
    soup = page(site, "trainers")
    links = [a["href"] for a in soup.select("article .kb-case-list a")]
    with_questions = [case for case in CATALOGUE.case_studies if case.data.get("for_trainers")]
    assert links == [f"../case-studies/{case.slug}/#for-trainers" for case in with_questions]
    assert {case.slug for case in CATALOGUE.guide_case_studies} <= {case.slug for case in with_questions}
    for heading in ["questions", "linking", "printing", "offline", "filter-and-compare", "session", "outline"]:
        assert soup.find(id=heading), heading
    home_nav = page(site, "").select_one("nav.md-nav--primary")
    assert " ".join(home_nav.find("a", href="trainers/").get_text().split()) == "For trainers"


def test_a_case_study_without_questions_is_still_valid(project):
    path = project / CASE
    text = path.read_text()
    path.write_text(text[: text.index("for_trainers:")])
    from tests.helpers import validate

    assert validate(project).returncode == 0


def test_too_few_questions_are_reported(project):
    text = (project / CASE).read_text()
    questions = text[text.index("  questions:\n") : text.index("  activity:\n")].splitlines()
    edit(project, CASE, "\n".join(questions[2:]) + "\n", "")
    line = line_of(project, CASE, "  questions:")
    assert problems(project) == [f"{CASE}:{line}: for_trainers.questions: must list at least 3 items"]


def test_too_many_questions_are_reported(project):
    extra = "    - One more question?\n" * 2
    edit(project, CASE, "  activity:\n", extra + "  activity:\n")
    line = line_of(project, CASE, "  questions:")
    assert problems(project) == [f"{CASE}:{line}: for_trainers.questions: lists 6 items; the most allowed is 5"]


def test_misspelt_and_missing_trainer_fields_name_the_fix(project):
    edit(project, CASE, "    text: |\n      In small groups", "    txt: |\n      In small groups")
    found = problems(project)
    assert (
        f"{CASE}:{line_of(project, CASE, '    txt: |')}: for_trainers.activity.txt: unknown field; "
        "did you mean 'text'?" in found
    )
    assert any("for_trainers.activity.text: this required field is missing" in p for p in found)


def test_every_card_on_the_case_studies_page_has_its_own_anchor(built_site):
    """Trainers can paste a link to one card in the list."""
    site, _ = built_site
    cards = page(site, "case-studies").select("article.kb-card")
    assert [card["id"] for card in cards] == [case.slug for case in CATALOGUE.case_studies]
    assert [card.select_one("a.headerlink")["href"] for card in cards] == [
        f"#{case.slug}" for case in CATALOGUE.case_studies
    ]
