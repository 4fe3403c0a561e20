"""What a search did with the words it was given: relaxed, corrected, understood (API models)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class RelaxedOut(BaseModel):
    """Too little matched every word, so listings with some of them follow (marked ``partial``)."""

    all_words: int = Field(description="Treffer mit allen Wörtern / hits with every word")
    found: list[str] = Field(
        description="Wörter, die in Ergebnissen vorkommen / words found",
        examples=[["Weiterbildung"]],
    )
    missing: list[str] = Field(
        description="Wörter ohne Treffer / words no listing holds", examples=[["Quatschwort"]]
    )
    message: str = Field(
        examples=["Keine Treffer für alle Wörter; Ergebnisse für „Weiterbildung“ in Cottbus"]
    )


class DidYouMeanOut(BaseModel):
    """Words that were matched with a typo, and the search as the catalogue spells it."""

    corrections: dict[str, str] = Field(examples=[{"Datenschuts": "Datenschutz"}])
    q: str = Field(description="korrigierte Suche / corrected query", examples=["Datenschutz"])
    message: str = Field(examples=["Meinten Sie „Datenschutz“?"])


class UnderstoodOut(BaseModel):
    """A word taken as a filter or boost (a place, kind, format, price or audience)."""

    word: str = Field(examples=["kostenlose"])
    field: str = Field(
        description="kind, mode, free, audience, region (Land) oder place (Ort, PLZ)",
        examples=["free"],
    )
    value: str = Field(examples=["free"])
    label: str = Field(description="deutsch / German", examples=["Kosten: kostenfrei"])
    q_without: str = Field(
        description="die Suche ohne dieses Wort / the query without this word", examples=["Kurs"]
    )
