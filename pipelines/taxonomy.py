"""Topics and audiences from the hub taxonomy (``data/taxonomy.toml``), found in German text.

The taxonomy is data: labels, their aliases and the words that name them. Matching reads text in
lower case with hyphens as spaces and lets any ending follow a term, which covers German
inflection and compounds that start with the term ("Datenschutzes", "Digitalisierungsstrategie")
without a stemmer; see the header of taxonomy.toml for the rules. One compiled pattern per
vocabulary keeps matching fast (a single pass over the text).

Operators extend the shipped vocabulary with ``$REGIOHUB_HOME/taxonomy.toml`` in the same format:
an entry with a new key adds a label, an entry with a shipped key adds terms, aliases, ``not``
words and kinds to it (and may rename its label). The file is re-read when it changes.
"""

from __future__ import annotations

import os
import re
import time
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

from hub.errors import ConfigError

_SEPARATORS = re.compile(r"[-‐‑–/_]+|\s+")
#: the operator's own additions, next to the catalogue
OPERATOR_FILE = "taxonomy.toml"
_LIST_KEYS = ("aliases", "terms", "not", "kinds")


@lru_cache(maxsize=256)
def fold(text: str) -> str:
    """Lower case, hyphens and slashes as single spaces: how texts and terms are compared.

    Cached: the steps fold one listing's title and text for audiences and topics again."""
    return _SEPARATORS.sub(" ", text.lower())


@dataclass(frozen=True)
class Vocabulary:
    """One list of labels (topics or audiences) and a pattern that finds them."""

    labels: tuple[str, ...]
    term_label: Mapping[str, str]
    pattern: re.Pattern[str]
    #: words that start like a term but are no evidence for it ("führungskräfte" for Führung)
    exceptions: re.Pattern[str] | None = None
    #: label or alias (lower case) → label, for ``topic_map`` targets and old labels
    aliases: Mapping[str, str] = field(default_factory=dict)
    #: listing kind → labels every listing of that kind carries
    kind_labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def counts(self, text: str) -> dict[str, int]:
        """How often each label is named in the text (exception words do not count)."""
        return self.scan(text)[0]

    def scan(self, text: str, lead: str = "") -> tuple[dict[str, int], set[str]]:
        """Label counts in ``text``, and the labels named in its beginning ``lead``: one pass."""
        if not text:
            return {}, set()
        folded = fold(text)
        lead_end = len(fold(lead)) if lead else 0
        blocked: list[tuple[int, int]] = []
        if self.exceptions is not None:
            blocked = [m.span() for m in self.exceptions.finditer(folded)]
        found: dict[str, int] = {}
        early: set[str] = set()
        for m in self.pattern.finditer(folded):
            if blocked and any(a <= m.start() < b for a, b in blocked):
                continue
            label = self.term_label[m.group(0)]
            found[label] = found.get(label, 0) + 1
            if m.start() < lead_end:
                early.add(label)
        return found, early

    def find(self, text: str) -> list[str]:
        """Labels named in the text, in taxonomy order."""
        found = self.counts(text)
        return [label for label in self.labels if label in found]

    def label_for(self, name: str) -> str | None:
        """A label given by name or alias, case-insensitively (``"kmu"`` → ``"KMU"``)."""
        return self.aliases.get(name.strip().lower())


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _vocabulary(entries: Mapping[str, Mapping[str, Any]]) -> Vocabulary:
    labels: list[str] = []
    term_label: dict[str, str] = {}
    aliases: dict[str, str] = {}
    kind_labels: dict[str, list[str]] = {}
    prefix_terms: list[str] = []
    whole_terms: list[str] = []
    infix_terms: list[str] = []
    not_terms: list[str] = []
    for entry in entries.values():
        label = str(entry["label"])
        labels.append(label)
        aliases[label.lower()] = label
        for alias in _strings(entry.get("aliases")):
            aliases.setdefault(alias.strip().lower(), label)
        for kind in _strings(entry.get("kinds")):
            kind_labels.setdefault(kind, []).append(label)
        not_terms += [fold(t).strip() for t in _strings(entry.get("not"))]
        for raw in [label, *_strings(entry.get("terms"))]:
            infix = raw.startswith("*")
            term = fold(raw.lstrip("*")).strip()
            term_label.setdefault(term, label)
            if infix:
                infix_terms.append(term)
            elif len(term) <= 3:
                whole_terms.append(term)
            else:
                prefix_terms.append(term)

    def alternation(terms: Iterable[str]) -> str:
        return _trie(sorted(set(terms)))

    parts = []
    if whole_terms:
        parts.append(rf"(?<!\w)(?:{alternation(whole_terms)})(?!\w)")
    if prefix_terms:
        parts.append(rf"(?<!\w)(?:{alternation(prefix_terms)})")
    if infix_terms:
        parts.append(rf"(?:{alternation(infix_terms)})")
    exceptions = re.compile(rf"(?<!\w)(?:{alternation(not_terms)})") if not_terms else None
    return Vocabulary(
        tuple(labels),
        term_label,
        re.compile("|".join(parts) or r"(?!x)x"),
        exceptions,
        aliases,
        {kind: tuple(found) for kind, found in kind_labels.items()},
    )


def _trie(terms: list[str]) -> str:
    """One regex alternation of the terms as a character trie, longest match first.

    Python's ``re`` tries alternatives one by one; a trie lets it branch on each character,
    which keeps matching hundreds of terms fast on every position of a text.
    """
    root: dict[str, Any] = {}
    for term in terms:
        node = root
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(root)


def _merge(shipped: dict[str, Any], extra: dict[str, Any], where: Path) -> dict[str, Any]:
    """The shipped vocabulary with the operator's entries added (lists are extended)."""
    merged = {name: {k: dict(v) for k, v in shipped.get(name, {}).items()} for name in shipped}
    for name in ("topics", "audiences"):
        section = extra.get(name, {})
        if not isinstance(section, dict):
            raise ConfigError(f"{where}: [{name}] muss eine Tabelle von Einträgen sein.")
        target = merged.setdefault(name, {})
        for key, entry in section.items():
            if not isinstance(entry, dict):
                raise ConfigError(
                    f"{where}: [{name}.{key}] muss eine Tabelle sein (label, terms …)."
                )
            current = target.setdefault(key, {})
            if "label" not in current and "label" not in entry:
                raise ConfigError(f"{where}: der neue Eintrag [{name}.{key}] braucht ein label.")
            for k, v in entry.items():
                if k in _LIST_KEYS:
                    if not isinstance(v, list):
                        raise ConfigError(
                            f"{where}: [{name}.{key}] {k} muss eine Liste von Wörtern sein."
                        )
                    current[k] = [*_strings(current.get(k)), *_strings(v)]
                else:
                    current[k] = v
    return merged


def operator_file() -> Path:
    """Where an operator's own topics and audiences live: next to the catalogue."""
    return _operator_file(os.environ.get("REGIOHUB_HOME", ".regiohub"))


@cache
def _operator_file(home: str) -> Path:
    return Path(home).expanduser() / OPERATOR_FILE


_loaded: dict[tuple[str, float], dict[str, Vocabulary]] = {}


def _shipped() -> dict[str, Any]:
    text = resources.files("pipelines").joinpath("data/taxonomy.toml").read_text("utf-8")
    return tomllib.loads(text)


_checked: list[Any] = [None, 0.0, None]  # path, when it was last looked at, its stamp
#: how often (seconds) the operator file is looked at again: the pipeline asks per record
RECHECK_SECONDS = 1.0


def _stamp(path: Path) -> tuple[str, float]:
    now = time.monotonic()
    if _checked[0] == path and now - _checked[1] < RECHECK_SECONDS:
        return cast(tuple[str, float], _checked[2])
    try:
        stamp = (str(path), os.stat(path).st_mtime)
    except OSError:
        stamp = ("", 0.0)
    _checked[:] = [path, now, stamp]
    return stamp


def taxonomy() -> dict[str, Vocabulary]:
    """``{"topics": …, "audiences": …}``; built once per operator file version."""
    path = operator_file()
    stamp = _stamp(path)
    found = _loaded.get(stamp)
    if found is None:
        data = _shipped()
        if stamp[0]:
            try:
                extra = tomllib.loads(path.read_text("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(
                    f"{path} ist kein gültiges TOML ({exc}); korrigieren Sie diese Stelle."
                ) from None
            data = _merge(data, extra, path)
        found = {name: _vocabulary(data.get(name, {})) for name in ("topics", "audiences")}
        _loaded.clear()
        _loaded[stamp] = found
    return found


def map_categories(
    vocabulary: Vocabulary, categories: Iterable[str], mapping: Mapping[str, object]
) -> list[str]:
    """Partner categories → labels: the source's ``mapping`` first, then the taxonomy terms.

    A mapping value may be one label (or alias) or a list of them; an empty list drops the
    category. A category that names a label or alias itself ("Cloud", "Arbeit 4.0") is that label.
    """
    folded = {fold(k).strip(): v for k, v in mapping.items()}
    found: list[str] = []
    for category in categories:
        target = folded.get(fold(category).strip())
        if target is None:
            named = vocabulary.label_for(category)
            labels = [named] if named else vocabulary.find(category)
        else:
            names = target if isinstance(target, list) else [target]
            labels = [lab for n in names if (lab := vocabulary.label_for(str(n))) is not None]
        found.extend(lab for lab in labels if lab not in found)
    return found
