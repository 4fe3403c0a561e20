"""A description is sanitised once and read for its labelled lines without a second nh3 pass
when that cannot change them; where it could (tags sanitising drops or moves), the raw HTML
is read flat as before."""

from __future__ import annotations

from datetime import datetime

import pytest

from hub.config import SourceConfig
from hub.model import Listing, RawRecord
from hub.plugins import build_registry
from pipelines import Pipeline, build_pipeline
from pipelines.dates import BERLIN
from pipelines.text import html_to_text, read_description, sanitise_html

SOURCE = SourceConfig.model_validate(
    {"id": "zz", "type": "feed", "kind": "event", "partner": {"name": "Zukunftszentrum Sachsen"}}
)
WELL_FORMED = (
    "<p>Ein Abend zur DSGVO &amp; mehr.</p><p><strong>Termin:</strong> 02.02.2027, 17 Uhr</p>"
    '<ul><li><a href="https://zz.example/a" target="_blank">Ort:</a> Online</li></ul>'
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(build_registry(entry_points=False))


def test_a_well_formed_description_is_read_once_for_text_and_labels() -> None:
    read = read_description.__wrapped__(WELL_FORMED)  # not the cached answer
    assert read.label_text is read.text  # no second pass through nh3
    assert read.html == sanitise_html(WELL_FORMED)
    assert read.label_text == html_to_text(WELL_FORMED)


@pytest.mark.parametrize(
    "raw",
    [
        "<div>Termin: 03.06.2027</div><div>Ort: Leipzig</div>",  # sanitising drops the divs
        "<p>Termin: 03.06.2027</tr>Ort: Leipzig</p>",  # a stray end tag the parser drops
        "<table><tr><td>a</td>Ort: Leipzig<td>b</td></tr></table>",  # text moved out
        '<p title="a>b">Ort: Leipzig</p>',  # ">" in an attribute
        "<textarea><p>Ort: Leipzig</textarea>",  # text in which "<p>" is no tag
        "<!-- <p> -->Termin: 03.06.2027<script>Ort: x</script>",
        "Termin < 03.06.2027<br>Ort: Leipzig",  # a "<" that starts no tag
        "<P CLASS=x>Kosten: 5 €</P><BR/>Ort: Leipzig",
    ],
)
def test_the_labels_are_read_from_the_raw_html_as_before(raw: str) -> None:
    read = read_description.__wrapped__(raw)
    assert read.label_text == html_to_text(raw)
    assert read.html == sanitise_html(raw)
    assert read.text == html_to_text(read.html, sanitised=True)


def test_the_steps_share_one_reading_of_the_description(pipeline: Pipeline) -> None:
    record = RawRecord(
        source_id="zz",
        key="k1",
        url="https://zz.example/k1",
        fetched_at=datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN),
        fields={"title": "Datenschutz im Betrieb", "description": WELL_FORMED},
    )
    read_description.cache_clear()
    listing = pipeline.process(record, SOURCE)
    assert isinstance(listing, Listing), listing
    info = read_description.cache_info()
    assert (info.misses, info.hits) == (1, 1)  # labelled fields, then text: one nh3 pass
    assert listing.schedule is not None and listing.schedule.start is not None
    assert listing.mode == "online"
    assert listing.description_html == sanitise_html(WELL_FORMED)
    assert 'target="_blank"' not in listing.description_html
