"""sources.toml and settings: bad config gets one clear sentence naming file and place."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.config import Settings, load_sources, parse_sources
from hub.errors import ConfigError, UnknownSourceError

GOOD = """
[[source]]
id = "zz-feed"
type = "feed"
kind = "event"
[source.partner]
name = "Zukunftszentrum"
url = "https://zz.example/"
[source.options]
url = "https://feeds.zz.example:8443/feed.xml"
"""


def test_a_valid_file_gives_sources_with_their_hosts() -> None:
    sources = parse_sources(GOOD, Path("sources.toml"))
    (source,) = sources.sources
    assert source.partner.name == "Zukunftszentrum"
    # only hosts named in the options are reachable; the partner homepage is not fetched
    assert source.hosts() == {"feeds.zz.example:8443"}


def test_invalid_toml_names_file_and_line() -> None:
    with pytest.raises(ConfigError, match=r"sources.toml ist kein gültiges TOML: .*line 3"):
        parse_sources('[[source]]\nid = "x"\ntype = \n', Path("sources.toml"))


def test_unknown_kind_lists_the_allowed_ones() -> None:
    with pytest.raises(ConfigError, match=r"id 'zz-feed'.*Feld 'kind'.*course, funding"):
        parse_sources(GOOD.replace('kind = "event"', 'kind = "party"'), Path("s.toml"))


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ConfigError, match="kommt doppelt vor"):
        parse_sources(GOOD + GOOD, Path("s.toml"))


def test_bad_source_id_is_explained() -> None:
    with pytest.raises(ConfigError, match="Kleinbuchstaben, Ziffern und Bindestriche"):
        parse_sources(GOOD.replace('id = "zz-feed"', 'id = "ZZ Feed"'), Path("s.toml"))


def test_unknown_source_id_names_the_known_ones() -> None:
    sources = parse_sources(GOOD, Path("s.toml"))
    with pytest.raises(UnknownSourceError, match=r"Unbekannte Quellen-ID 'nope'.*zz-feed"):
        sources.select(["nope"])


def test_missing_file_says_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="REGIOHUB_SOURCES"):
        load_sources(tmp_path / "missing.toml")


def test_settings_default_to_a_home_folder_and_tantivy(tmp_path: Path) -> None:
    settings = Settings.from_env({"REGIOHUB_HOME": str(tmp_path)})
    assert settings.sources_file == tmp_path / "sources.toml"
    assert settings.index_url == f"tantivy://{tmp_path / 'index'}"


def test_field_problems_are_german_sentences_naming_the_field() -> None:
    typo = GOOD.replace('kind = "event"', 'kind = "event"\nenabeld = true')
    with pytest.raises(ConfigError, match=r"Feld 'enabeld' korrigieren: ist hier nicht erlaubt"):
        parse_sources(typo, Path("s.toml"))
    no_type = "\n".join(line for line in GOOD.splitlines() if not line.startswith("type"))
    with pytest.raises(ConfigError, match=r"Feld 'type' korrigieren: fehlt\.$"):
        parse_sources(no_type, Path("s.toml"))
