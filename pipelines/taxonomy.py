"""Topics and audiences from the hub taxonomy (``data/taxonomy.toml``), found in German text.

The taxonomy is data: labels and the words that name them. Matching reads text in lower case
with hyphens as spaces and lets any ending follow a term, which covers German inflection and
compounds that start with the term ("Datenschutzes", "Digitalisierungsstrategie") without a
stemmer; see the header of taxonomy.toml for the rules. One compiled pattern per vocabulary keeps
matching fast (a single pass over the text).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

_SEPARATORS = re.compile(r"[-‐‑–/_]+|\s+")


def fold(text: str) -> str:
    """Lower case, hyphens and slashes as single spaces: how texts and terms are compared."""
    return _SEPARATORS.sub(" ", text.lower())


@dataclass(frozen=True)
class Vocabulary:
    """One list of labels (topics or audiences) and a pattern that finds them."""

    labels: tuple[str, ...]
    term_label: Mapping[str, str]
    pattern: re.Pattern[str]

    def find(self, text: str) -> list[str]:
        """Labels named in the text, in taxonomy order."""
        if not text:
            return []
        found = {self.term_label[m.group(0)] for m in self.pattern.finditer(fold(text))}
        return [label for label in self.labels if label in found]

    def label_for(self, name: str) -> str | None:
        """A label given by name, case-insensitively (``"kmu"`` → ``"KMU"``)."""
        wanted = name.strip().lower()
        return next((label for label in self.labels if label.lower() == wanted), None)


def _vocabulary(entries: Mapping[str, Mapping[str, object]]) -> Vocabulary:
    labels: list[str] = []
    term_label: dict[str, str] = {}
    prefix_terms: list[str] = []
    whole_terms: list[str] = []
    infix_terms: list[str] = []
    for entry in entries.values():
        label = str(entry["label"])
        labels.append(label)
        raw_terms = entry.get("terms", [])
        terms = [str(t) for t in raw_terms] if isinstance(raw_terms, list) else []
        for raw in [label, *terms]:
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
        return "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))

    parts = []
    if whole_terms:
        parts.append(rf"(?<!\w)(?:{alternation(whole_terms)})(?!\w)")
    if prefix_terms:
        parts.append(rf"(?<!\w)(?:{alternation(prefix_terms)})")
    if infix_terms:
        parts.append(rf"(?:{alternation(infix_terms)})")
    return Vocabulary(tuple(labels), term_label, re.compile("|".join(parts) or r"(?!x)x"))


@cache
def taxonomy() -> dict[str, Vocabulary]:
    """``{"topics": …, "audiences": …}``, loaded once per process."""
    text = resources.files("pipelines").joinpath("data/taxonomy.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {name: _vocabulary(data.get(name, {})) for name in ("topics", "audiences")}


def map_categories(
    vocabulary: Vocabulary, categories: Iterable[str], mapping: Mapping[str, object]
) -> list[str]:
    """Partner categories → labels: the source's ``mapping`` first, then the taxonomy terms.

    A mapping value may be one label or a list of labels; an empty list drops the category.
    """
    folded = {fold(k).strip(): v for k, v in mapping.items()}
    found: list[str] = []
    for category in categories:
        target = folded.get(fold(category).strip())
        if target is None:
            labels = vocabulary.find(category)
        else:
            names = target if isinstance(target, list) else [target]
            labels = [lab for n in names if (lab := vocabulary.label_for(str(n))) is not None]
        found.extend(lab for lab in labels if lab not in found)
    return found
