"""Synthetic case studies for `make bench`, as varied as real ones.

Copies of the seven real case studies with new titles flatter every gzipped
figure: gzip finds the repeats. Here each synthetic case keeps the structure
of a real one (the same fields, list lengths, settings, organisation types
and guide sections) and a real number of tags per facet drawn from the real
taxonomies, but every piece of prose is new text of the same length from a
word-level Markov chain trained on the real case text. The chain keeps real
vocabulary and word order over short runs, so the text compresses like real
prose without repeating whole sentences across cases.

`gzip_ratio` lets the benchmark and its unit test show that the synthetic
files compress like the real ones. `copies_of_real` is the old method, kept
only to show how much it flatters the figures; the benchmark labels it.
"""

from __future__ import annotations

import functools
import gzip
import random
from collections import defaultdict
from pathlib import Path

import yaml

from knowledge_base.registry import TAXONOMIES

# Fields whose values are codes from a closed list, not prose: kept as they are.
STRUCTURAL_KEYS = {
    "setting",
    "type",
    "guide_sections",
    "last_reviewed",
    "next_review",
    "id",
    "url",
    "source",
    "top_tips_label",
}
FACETS = TAXONOMIES  # the taxonomies' case-study fields (knowledge_base/registry.py)
# The chain's two settings: ORDER, how many words of context choose the
# next word (3 copies whole sentences), and JUMP, how often the next word is
# any word of the real text instead. More context or fewer jumps and the
# chain reuses the same runs in every case, compressing better than real
# cases, which each bring words of their own. The real text changes as cases
# are edited, so `calibrate` picks the pair whose output compresses most
# like it.
ORDERS = (1, 2)
JUMPS = tuple(step / 40 for step in range(13))  # 0 to 0.3


class MarkovText:
    """Word-level Markov chain over a body of prose."""

    def __init__(self, texts: list[str], rng: random.Random, order: int, jump: float):
        self.rng, self.order, self.jump = rng, order, jump
        self.words = [word for text in texts for word in text.split()]
        self.next_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for i in range(len(self.words) - order):
            self.next_words[tuple(self.words[i : i + order])].append(self.words[i + order])

    def _restart(self) -> list[str]:
        start = self.rng.randrange(len(self.words) - self.order)
        return list(self.words[start : start + self.order])

    def text(self, length: int) -> str:
        """About `length` characters of chain text (at least one word)."""
        out = self._restart()
        size = sum(len(word) + 1 for word in out)
        while size < length:
            options = self.next_words.get(tuple(out[-self.order :]))
            if options and self.rng.random() >= self.jump:
                word = self.rng.choice(options)
            else:
                word = self.rng.choice(self.words)
            out.append(word)
            size += len(word) + 1
        text = " ".join(out)
        while len(text) > max(length, 1) and " " in text:
            text = text.rsplit(" ", 1)[0]
        return text


def _prose(value) -> list[str]:
    """Every prose string inside a case study."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _prose(item)]
    if isinstance(value, dict):
        return [text for key, item in value.items() if key not in STRUCTURAL_KEYS for text in _prose(item)]
    return []


def _rewrite(value, chain: MarkovText):
    """The same structure with new prose of the same length, line by line so
    that Markdown lists and paragraphs keep their shape."""
    if isinstance(value, str):
        lines = []
        for line in value.split("\n"):
            body = line.lstrip("- ")
            prefix = line[: len(line) - len(body)]
            lines.append(prefix + chain.text(len(body)) if body.strip() else line)
        return "\n".join(lines)
    if isinstance(value, list):
        return [_rewrite(item, chain) for item in value]
    if isinstance(value, dict):
        return {key: item if key in STRUCTURAL_KEYS else _rewrite(item, chain) for key, item in value.items()}
    return value


def _term_ids(project: Path) -> dict[str, list[str]]:
    ids = {}
    for facet in FACETS:
        taxonomy = yaml.safe_load((project / "data" / f"{facet}.yml").read_text())
        terms = taxonomy["terms"] if isinstance(taxonomy, dict) else taxonomy
        ids[facet] = [term["id"] for term in terms]
    return ids


def _real_paths(project: Path) -> list[Path]:
    """The guide's own case studies (data/guide.yml): the real text the
    synthetic cases are made from and compared with, whatever contributed
    case studies the repository also holds."""
    names = yaml.safe_load((project / "data/guide.yml").read_text())["case_studies"]
    return [project / "case_studies" / f"{name}.yml" for name in sorted(names)]


def real_cases(project: Path) -> list[dict]:
    return [yaml.safe_load(path.read_text()) for path in _real_paths(project)]


def synthetic_cases(project: Path, count: int, seed: int = 1, chain: tuple[int, float] | None = None) -> list[dict]:
    """`count` realistic case studies built from the project's real ones;
    `chain` is (order, jump), calibrated unless given."""
    order, jump = chain or calibrate(project)
    rng = random.Random(seed)
    templates = real_cases(project)
    chain = MarkovText([text for case in templates for text in _prose(case)], rng, order, jump)
    term_ids = _term_ids(project)
    cases, titles = [], set()
    for number in range(count):
        template = templates[number % len(templates)]
        case = _rewrite(template, chain)
        for facet in FACETS:
            if facet in template:
                chosen = rng.sample(term_ids[facet], min(len(template[facet]), len(term_ids[facet])))
                case[facet] = [{"id": term, "how": tag["how"]} for term, tag in zip(chosen, case[facet], strict=False)]
        # Titles must differ however they are capitalised or spaced.
        while case["title"].strip().casefold() in titles:
            case["title"] = case["title"].strip() + f" ({number + 1})"
        titles.add(case["title"].strip().casefold())
        cases.append(case)
    return cases


def copies_of_real(project: Path, count: int) -> list[dict]:
    """The old method (flatters gzip): real cases with numbered titles."""
    templates = real_cases(project)
    return [
        dict(templates[n % len(templates)], title=f"{templates[n % len(templates)]['title']} (copy {n + 1})")
        for n in range(count)
    ]


def as_yaml(case: dict) -> str:
    return yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=80)


def write_cases(project: Path, cases: list[dict]) -> None:
    """Replace the project's case studies with `cases`."""
    folder = project / "case_studies"
    for path in folder.glob("*.yml"):
        path.unlink()
    for number, case in enumerate(cases, 1):
        (folder / f"synthetic-{number:04d}.yml").write_text(as_yaml(as_contributed(case)))


def as_contributed(case: dict) -> dict:
    """Only the guide's own seven may say `source: guide`: every synthetic
    case is a contributed one, as new cases will be."""
    case = {key: value for key, value in case.items() if key != "guide_sections"}
    case.update(
        source="contributed",
        contributed_by="A synthetic organisation",
        contributed_on="2026-11-20",
        sources=[{"title": "A synthetic report", "url": "https://example.org/report"}],
    )
    return case


def _gzipped(text: str) -> int:
    return len(gzip.compress(text.encode(), 9))


def gzip_ratio(texts: list[str]) -> float:
    """Gzipped size over raw size of the texts as one stream, as a server
    compresses a search index or a long page: repeats across texts count."""
    data = "\n".join(texts)
    return _gzipped(data) / len(data.encode())


def added_gzip_ratio(texts: list[str]) -> float:
    """What one more case adds to a gzipped stream that already holds the
    others, over its raw size (averaged, leaving each out in turn). This is
    what grows a search index; copies and repetitive text make it small."""
    ratios = []
    for i, text in enumerate(texts):
        others = "\n".join(texts[:i] + texts[i + 1 :])
        ratios.append((_gzipped(others + "\n" + text) - _gzipped(others)) / len(text.encode()))
    return sum(ratios) / len(ratios)


def _real_texts(project: Path) -> list[str]:
    return [path.read_text() for path in _real_paths(project)]


def _ratios(real: list[str], made: list[str]) -> dict[str, float]:
    return {
        "real": gzip_ratio(real),
        "synthetic": gzip_ratio(made),
        "real_added": added_gzip_ratio(real),
        "synthetic_added": added_gzip_ratio(made),
    }


def _error(ratios: dict[str, float]) -> float:
    return max(abs(ratios["synthetic"] / ratios["real"] - 1), abs(ratios["synthetic_added"] / ratios["real_added"] - 1))


@functools.lru_cache
def calibrate(project: Path) -> tuple[int, float]:
    """The (order, jump) whose cases compress most like the real files."""
    real = _real_texts(project)
    count = 2 * len(real)

    def error(chain):
        made = [as_yaml(case) for case in synthetic_cases(project, count, chain=chain)][len(real) :]
        return _error(_ratios(real, made))

    return min(((order, jump) for order in ORDERS for jump in JUMPS), key=error)


def compare_with_real(
    project: Path, count: int = 100, copies: bool = False, chain: tuple[int, float] | None = None
) -> dict[str, float]:
    """Gzip ratios of the real case files and of as many synthetic ones taken
    from the middle of a set of `count` (the same amount of text)."""
    real = _real_texts(project)
    made = [
        as_yaml(case)
        for case in (copies_of_real(project, count) if copies else synthetic_cases(project, count, chain=chain))
    ]
    middle = count // 2
    return _ratios(real, made[middle : middle + len(real)])
