#!/usr/bin/env python3
"""Generate the fictional demo partner sites and feeds for regiohub.

Run ``python demo/generate.py``. It rewrites everything under ``demo/sites/`` and
``demo/expected.json`` from the hand-written content in ``demo/content_*.py`` (one module per
partner), rendered by ``demo/pages_*.py`` after ``demo/checks.py`` has checked every listing.
Standard library only, deterministic output (no randomness, no current date). The literal
``{{BASE}}`` in .xml/.html/.txt files is replaced by the demo server with the real base URL,
e.g. ``http://127.0.0.1:8765``.

All partners, people, firms and addresses are fictional. Content written for regiohub,
licensed EUPL-1.2 like the project.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: ``python demo/generate.py``
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo.checks import check_broken, check_listing
from demo.content_common import TODAY
from demo.content_erzgebirge import ERZ_INTERN, ERZ_KURSE, ERZ_PAGES
from demo.content_ruhr import RUHR_ATOM, RUHR_PRAXIS
from demo.content_sachsen import ZZ_FEED, ZZ_WEB, ZZ_WEB_PAGES
from demo.markup import ROBOTS, atom_id, root_index, strip_malicious
from demo.pages_erzgebirge import (
    ERZ_CSS,
    ERZ_ROOT,
    erz_anbieter,
    erz_detail,
    erz_home,
    erz_impressum,
    erz_list,
)
from demo.pages_ruhr import (
    RUHR_CSS,
    RUHR_ROOT,
    ruhr_atom,
    ruhr_home,
    ruhr_impressum,
    ruhr_offer_index,
    ruhr_offer_page,
    ruhr_praxis_detail,
    ruhr_praxis_list,
)
from demo.pages_sachsen import (
    ZZ_CSS,
    ZZ_ROOT,
    zz_event_index,
    zz_event_page,
    zz_home,
    zz_impressum,
    zz_rss,
    zz_web_detail,
    zz_web_list,
)

HERE = Path(__file__).resolve().parent
SITES = HERE / "sites"
EXPECTED = HERE / "expected.json"


def write(rel: str, text: str) -> None:
    path = SITES / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text, encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------------------
# Checks and expected.json
# --------------------------------------------------------------------------------------


def listing_entry(source_id: str, key: str, it: dict, url_path: str) -> dict:
    first, last = check_listing(it, f"{source_id}:{key}")
    entry = {"key": key, "title": it["title"], "kind": it["kind"], "url_path": url_path}
    if it["kind"] == "funding":
        entry["deadline"] = it["frist"]
        entry["funding"] = it["foerderung"]
    elif it["kind"] != "good_practice":
        entry["date"] = it["termin"]
        entry["price"] = it["kosten"]
        entry["mode"] = it["format"]
    if it.get("unread_date"):
        entry["flag"] = "date"  # a listing whose date stays empty, with a hint for the partner
    entry["date_first"] = first.isoformat() if first else None
    entry["date_last"] = last.isoformat() if last else None
    entry["place"] = it["ort"]
    entry["audience"] = it["zielgruppe"]
    entry["topics"] = it["topics"]
    return entry


def build_expected() -> dict:
    sources: dict[str, dict] = {}

    def add(
        source_id: str, type_: str, fmt: str, entry_url: str, rows: list[tuple[str, dict, str]]
    ):
        listings, broken = [], []
        for key, it, url_path in rows:
            if it["broken"]:
                check_broken(it)
                broken.append({"key": key, "url_path": url_path, **it["broken"]})
            else:
                listings.append(listing_entry(source_id, key, it, url_path))
        kinds: dict[str, int] = {}
        for e in listings:
            kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
        ds = [e["title"] for e in listings if re.search(r"datenschutz", e["title"], re.I)]
        ds_word = [e["title"] for e in listings if re.search(r"\bDatenschutz\b", e["title"])]
        assert ds == ds_word, "keep 'Datenschutz' a separate word in titles"
        valid_rows = [(key, it) for key, it, _ in rows if not it["broken"]]
        anywhere = [
            key
            for key, it in valid_rows
            if re.search(r"datenschutz", it["title"] + " " + strip_malicious(it["desc"]), re.I)
        ]
        sources[source_id] = {
            "type": type_,
            "format": fmt,
            "entry_url_path": entry_url,
            "valid": len(listings),
            "broken": len(broken),
            "kinds": kinds,
            "broken_records": broken,
            "datenschutz_titles": ds,
            "datenschutz_anywhere_keys": anywhere,
            "listings": listings,
        }

    add(
        "zz-sachsen-feed",
        "feed",
        "rss2",
        f"{ZZ_ROOT}/feed.xml",
        [(it["key"], it, f"{ZZ_ROOT}/veranstaltungen/{it['slug']}.html") for it in ZZ_FEED],
    )
    add(
        "zz-sachsen-web",
        "html",
        "html",
        f"{ZZ_ROOT}/angebote/index.html",
        [
            (f"{ZZ_ROOT}/angebote/{it['slug']}.html", it, f"{ZZ_ROOT}/angebote/{it['slug']}.html")
            for it in ZZ_WEB
        ],
    )
    add(
        "ruhr-hub-atom",
        "feed",
        "atom",
        f"{RUHR_ROOT}/atom.xml",
        [(atom_id(it["slug"]), it, f"{RUHR_ROOT}/angebote/{it['slug']}.html") for it in RUHR_ATOM],
    )
    add(
        "erzgebirge-kurse",
        "html",
        "html",
        f"{ERZ_ROOT}/kurse/index.html",
        [
            (f"{ERZ_ROOT}/kurse/{it['slug']}.html", it, f"{ERZ_ROOT}/kurse/{it['slug']}.html")
            for it in ERZ_KURSE
        ],
    )
    add(
        "ruhr-hub-praxis",
        "html",
        "html",
        f"{RUHR_ROOT}/praxisbeispiele/index.html",
        [
            (
                f"{RUHR_ROOT}/praxisbeispiele/{it['slug']}.html",
                it,
                f"{RUHR_ROOT}/praxisbeispiele/{it['slug']}.html",
            )
            for it in RUHR_PRAXIS
        ],
    )

    totals = {"valid": 0, "broken": 0, "kinds": {}}
    for s in sources.values():
        totals["valid"] += s["valid"]
        totals["broken"] += s["broken"]
        for k, n in s["kinds"].items():
            totals["kinds"][k] = totals["kinds"].get(k, 0) + n
    totals["kinds"] = dict(sorted(totals["kinds"].items()))
    assert totals["valid"] - totals["kinds"].get("good_practice", 0) >= 64
    assert all(totals["kinds"][k] >= 8 for k in ("course", "funding", "advice", "event"))

    mal = [it for it in ZZ_FEED if it.get("malicious")]
    assert len(mal) == 1
    all_ds = [t for s in sources.values() for t in s["datenschutz_titles"]]
    for sid in ("zz-sachsen-feed", "ruhr-hub-atom", "erzgebirge-kurse"):
        assert sources[sid]["datenschutz_titles"], sid

    return {
        "_about": (
            "Facts about the fictional demo partners in demo/sites/, generated by "
            "demo/generate.py. Keys: feeds use the guid/id, HTML sources the detail URL "
            "path (append it to the server's base URL). 'date_first'/'date_last' are the "
            "first and last calendar day the date string names (for funding: the "
            "deadline; null for 'laufend'). 'datenschutz_titles': titles containing the "
            "word Datenschutz; 'datenschutz_anywhere_keys': valid listings whose title or "
            "description contains the letters 'datenschutz' (any case, also inside "
            "compounds such as 'datenschutzkonform')."
        ),
        "reference_date": TODAY.isoformat(),
        "base_placeholder": "{{BASE}}",
        "totals": totals,
        "datenschutz_titles": all_ds,
        "malicious_html": [
            {
                "source": "zz-sachsen-feed",
                "key": mal[0]["key"],
                "title": mal[0]["title"],
                "contains": ["<script>alert(1)</script>", 'onclick="alert(1)"'],
                "must_not_contain_after_sanitising": ["<script", "onclick"],
            }
        ],
        "robots_disallowed": [
            {
                "source": "erzgebirge-kurse",
                "url_path": f"{ERZ_ROOT}/intern/geheim.html",
                "linked_from": f"{ERZ_ROOT}/kurse/index.html",
                "title": ERZ_INTERN["title"],
                "robots_rule": "Disallow: /erzgebirge/intern/",
            }
        ],
        "html_crawl": {
            "zz-sachsen-web": {
                "list_pages": [
                    f"{ZZ_ROOT}/angebote/index.html",
                    f"{ZZ_ROOT}/angebote/seite-2.html",
                ],
                "detail_links": len(ZZ_WEB),
            },
            "erzgebirge-kurse": {
                "list_pages": [
                    f"{ERZ_ROOT}/kurse/index.html",
                    f"{ERZ_ROOT}/kurse/seite-2.html",
                    f"{ERZ_ROOT}/kurse/seite-3.html",
                ],
                "detail_links": len(ERZ_KURSE) + 1,
                "detail_links_note": "valid + broken pages + 1 robots-disallowed link",
            },
            "ruhr-hub-praxis": {
                "list_pages": [f"{RUHR_ROOT}/praxisbeispiele/index.html"],
                "detail_links": len(RUHR_PRAXIS),
            },
        },
        "sources": sources,
    }


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def main() -> None:
    expected = build_expected()  # validates all data first

    if SITES.exists():
        shutil.rmtree(SITES)
    SITES.mkdir(parents=True)

    write("robots.txt", ROBOTS)
    write("index.html", root_index())

    # Zukunftszentrum Sachsen
    write("zukunftszentrum-sachsen/feed.xml", zz_rss())
    write("zukunftszentrum-sachsen/index.html", zz_home())
    write("zukunftszentrum-sachsen/impressum.html", zz_impressum())
    write("zukunftszentrum-sachsen/css/zz.css", ZZ_CSS)
    valid_feed = [it for it in ZZ_FEED if not it["broken"]]
    write("zukunftszentrum-sachsen/veranstaltungen/index.html", zz_event_index(valid_feed))
    for it in valid_feed:
        write(f"zukunftszentrum-sachsen/veranstaltungen/{it['slug']}.html", zz_event_page(it))
    for n, page in enumerate(ZZ_WEB_PAGES, start=1):
        name = "index.html" if n == 1 else f"seite-{n}.html"
        write(f"zukunftszentrum-sachsen/angebote/{name}", zz_web_list(n, page, len(ZZ_WEB_PAGES)))
    for it in ZZ_WEB:
        write(f"zukunftszentrum-sachsen/angebote/{it['slug']}.html", zz_web_detail(it))

    # Zukunfts-HUB Ruhr
    write("ruhr-hub/atom.xml", ruhr_atom())
    write("ruhr-hub/index.html", ruhr_home())
    write("ruhr-hub/impressum.html", ruhr_impressum())
    write("ruhr-hub/assets/hub.css", RUHR_CSS)
    write("ruhr-hub/angebote/index.html", ruhr_offer_index())
    for it in RUHR_ATOM:
        if not it["broken"]:
            write(f"ruhr-hub/angebote/{it['slug']}.html", ruhr_offer_page(it))
    write("ruhr-hub/praxisbeispiele/index.html", ruhr_praxis_list())
    for it in RUHR_PRAXIS:
        write(f"ruhr-hub/praxisbeispiele/{it['slug']}.html", ruhr_praxis_detail(it))

    # Weiterbildungsportal Erzgebirge
    write("erzgebirge/index.html", erz_home())
    write("erzgebirge/impressum.html", erz_impressum())
    write("erzgebirge/anbieter.html", erz_anbieter())
    write("erzgebirge/stil/portal.css", ERZ_CSS)
    total = len(ERZ_KURSE)
    for n, page in enumerate(ERZ_PAGES, start=1):
        name = "index.html" if n == 1 else f"seite-{n}.html"
        write(f"erzgebirge/kurse/{name}", erz_list(n, page, len(ERZ_PAGES), total))
    for it in ERZ_KURSE:
        write(f"erzgebirge/kurse/{it['slug']}.html", erz_detail(it))
    write("erzgebirge/intern/geheim.html", erz_detail(ERZ_INTERN))

    EXPECTED.write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n"
    )
    files = sorted(p for p in SITES.rglob("*") if p.is_file())
    print(
        f"wrote {len(files)} files under {SITES.relative_to(HERE.parent)}/ and "
        f"{EXPECTED.relative_to(HERE.parent)}"
    )
    for sid, s in expected["sources"].items():
        print(f"  {sid:18} valid {s['valid']:2}  broken {s['broken']}  {s['kinds']}")
    print(f"  total valid {expected['totals']['valid']}, broken {expected['totals']['broken']}")


if __name__ == "__main__":
    main()
