"""Write data/guide-sentences.json: the guide's fingerprint for the own-words check.

usage: python tools/guide_fingerprint.py [GUIDE_TXT]   (default ../shared/source/guide.txt)

The guide's text stays out of the repository; the check (knowledge_base/own_words.py,
run by tests/test_own_words.py) needs only each sentence's words, hashed. Run this
again only if the guide's text file changes (a test compares the two when the
guide is on the machine).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge_base.own_words import DIGEST_BYTES, FINGERPRINT_FILE, GUIDE_MIN_WORDS, fingerprint  # noqa: E402


def fingerprint_json(guide_text: str) -> str:
    data = {
        "about": (
            "The sentences of the guide (Co-production in mental health: not just another guide, Skills for Care "
            f"with NDTi, 2018) of {GUIDE_MIN_WORDS}+ words, each as its words hashed one by one "
            f"(BLAKE2b, {DIGEST_BYTES} bytes, of the lower-case word), for the own-words check in "
            "knowledge_base/own_words.py. Written by tools/guide_fingerprint.py; do not edit by hand."
        ),
        "guide_sha256": hashlib.sha256(guide_text.encode("utf-8")).hexdigest(),
        "sentences": [" ".join(s) for s in fingerprint(guide_text)],
    }
    return json.dumps(data, indent=1) + "\n"


def main(argv: list[str]) -> int:
    guide = Path(argv[0]) if argv else ROOT.parent / "shared" / "source" / "guide.txt"
    if not guide.is_file():
        print(f"{guide}: not found; give the path of the guide's text file", file=sys.stderr)
        return 2
    out = ROOT / FINGERPRINT_FILE
    out.write_text(fingerprint_json(guide.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{out.relative_to(ROOT)}: {len(json.loads(out.read_text())['sentences'])} guide sentences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
