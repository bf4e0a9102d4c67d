"""Generate a synthetic corpus of realistic case studies, installed as a plugin folder.

Each case study is about the size of the real sites (organisations, aims, initiatives,
outcomes, challenges, a discrepancy and about ten sources; ~8 KB of JSON). The text is
synthetic and says so: the corpus exists only to measure casebook, never as data.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

WORDS = [
    *("care", "team", "mental", "health", "primary", "community", "hospital", "social"),
    *("voluntary", "crisis", "service", "partnership", "integrated", "pathway", "support"),
    *("people", "local", "access", "model", "network", "practice", "wellbeing", "outcome"),
    *("plan", "review", "evaluation", "commissioning", "provider", "patients", "carers"),
]
PROGRAMMES = ["pacs", "mcp", "urgent-emergency-care", "enhanced-health-in-care-homes"]
SETTINGS = ["primary-care", "community-health", "acute-hospital", "emergency-care",
            "mental-health-services", "social-care", "care-homes", "voluntary-sector"]  # fmt: skip
AREAS = ["kings-fund-2017/complex-needs", "kings-fund-2017/long-term-care",
         "kings-fund-2017/urgent-care", "kings-fund-2017/whole-population"]  # fmt: skip
STATUSES = ["planned", "implemented", "evaluated"]

PLUGIN = '''"""Benchmark plugin: the synthetic corpus in this folder."""
import pathlib
import pluggy

hookimpl = pluggy.HookimplMarker("casebook")
HERE = pathlib.Path(__file__).parent


@hookimpl
def casebook_case_studies():
    return sorted((HERE / "corpus").glob("*.json"))
'''


def sentence(rng: random.Random, n: int = 14) -> str:
    """Return a synthetic sentence of *n* words, marked as synthetic."""
    words = [rng.choice(WORDS) for _ in range(n)]
    return "Synthetic benchmark text: " + " ".join(words) + "."


def case_study(index: int, rng: random.Random) -> dict[str, Any]:
    """Return one synthetic case study as JSON data."""
    sources = [
        {
            "id": f"source-{n}",
            "title": sentence(rng, 6),
            "kind": rng.choice(["report", "news", "web-page", "blog"]),
            "publisher": sentence(rng, 3),
            "date": f"{rng.randint(2014, 2018)}-{rng.randint(1, 12):02d}",
            "url": f"https://example.org/bench/{index}/{n}",
        }
        for n in range(10)
    ]

    def cites() -> list[str]:
        return sorted({f"source-{rng.randrange(10)}" for _ in range(rng.randint(1, 3))})

    initiatives = [
        {
            "id": f"initiative-{n}",
            "title": sentence(rng, 4),
            "description": sentence(rng, 30),
            "settings": sorted(set(rng.sample(SETTINGS, 2))),
            "areas": sorted(set(rng.sample(AREAS, 2))),
            "status": STATUSES[n % 3],
            "origin": "vanguard",
            "cites": cites(),
        }
        for n in range(6)
    ]
    outcomes = [
        {
            "id": f"outcome-{n}",
            "measure": sentence(rng, 8),
            "value": round(rng.uniform(1, 50), 1),
            "unit": "%",
            "direction": "decrease",
            "period": "2016/17",
            "initiative": f"initiative-{2 + 3 * (n % 2)}",
            "basis": "measured",
            "confidence": "medium",
            "cites": cites(),
        }
        for n in range(3)
    ]
    return {
        "schema_version": "1.0",
        "id": f"bench-site-{index:05d}",
        "name": f"Benchmark site {index}",
        "programme": {"type": PROGRAMMES[index % 4], "selected": "2015-03", "cites": cites()},
        "place": {"name": sentence(rng, 2), "region": sentence(rng, 2), "cites": cites()},
        "population": {"count": rng.randint(50_000, 900_000), "as_of": "2015", "cites": cites()},
        "organisations": [
            {
                "name": sentence(rng, 4),
                "role": "lead" if n == 0 else "partner",
                "sector": rng.choice(["nhs-provider", "local-authority", "voluntary"]),
                "description": sentence(rng, 12),
                "cites": cites(),
            }
            for n in range(6)
        ],
        "summary": {"text": sentence(rng, 40), "cites": cites()},
        "aims": [{"text": sentence(rng), "cites": cites()} for _ in range(3)],
        "initiatives": initiatives,
        "outcomes": outcomes,
        "challenges": [{"text": sentence(rng), "cites": cites()} for _ in range(2)],
        "discrepancies": [
            {
                "subject": sentence(rng, 5),
                "claims": [
                    {"value": "2014-03", "cites": ["source-1"]},
                    {"value": "2014-04", "cites": ["source-2"]},
                ],
            }
        ],
        "last_reviewed": "2026-11-23",
        "sources": sources,
    }


def write_corpus(folder: Path, count: int, seed: int = 2017) -> list[Path]:
    """Write *count* case studies and the plugin module into *folder*; return the data files."""
    rng = random.Random(seed)
    data = folder / "corpus"
    data.mkdir(parents=True, exist_ok=True)
    (folder / "bench_corpus.py").write_text(PLUGIN, "utf-8")
    paths = []
    for index in range(count):
        path = data / f"bench-site-{index:05d}.json"
        path.write_text(json.dumps(case_study(index, rng), indent=1), "utf-8")
        paths.append(path)
    return paths
