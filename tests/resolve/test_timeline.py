"""Timeline: order, entity filter, merging across documents, and the SVG chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from newsledger.model import Claim, Event, Figure
from newsledger.resolve.timeline import MAX_ROWS, TimelineEntry, build_timeline, timeline_svg


def event(
    doc: str, etype: str, date: str | None, actors: tuple[str, ...], targets: tuple[str, ...] = ()
) -> Event:
    return Event(
        doc_id=doc,
        start=0,
        end=10,
        text=f"{etype} text",
        type=etype,
        actors=actors,
        targets=targets,
        date=date,
        date_precision=None,
        date_text=date,
    )


def claim(doc: str, when: str | None, subject: str = "xAI") -> Claim:
    fig = Figure(doc_id=doc, start=0, end=5, text="$12 billion", value=12e9, unit="USD")
    return Claim(
        doc_id=doc,
        start=0,
        end=5,
        subject_id=f"kb:{subject}",
        subject=subject,
        attribute="funding raised",
        figure=fig,
        when=when,
    )


def test_entries_sorted_coarse_before_fine_and_undated_left_out() -> None:
    entries = build_timeline(
        [
            event("a", "lawsuit", "2024-03-12", ("Elon Musk",), ("OpenAI",)),
            event("a", "founding", "2015", ("Elon Musk",), ("OpenAI",)),
            event("b", "acquisition_bid", None, ("Elon Musk",), ("OpenAI",)),
            event("b", "departure", "2024", ("Elon Musk",)),
        ],
        [claim("c", "2023-07"), claim("c", None)],
    )
    assert [(e.date, e.kind, e.type) for e in entries] == [
        ("2015", "event", "founding"),
        ("2023-07", "claim", "funding raised"),
        ("2024", "event", "departure"),
        ("2024-03-12", "event", "lawsuit"),
    ]
    assert entries[1].precision == "month"
    assert entries[0].label == "Elon Musk: founding → OpenAI"


def test_entity_filter_matches_actor_target_name_or_claim_subject_id() -> None:
    events = [
        event("a", "founding", "2015", ("Elon Musk",), ("OpenAI",)),
        event("a", "fundraising", "2024", ("xAI",)),
    ]
    claims = [claim("c", "2023", "xAI")]
    assert [e.type for e in build_timeline(events, claims, "openai")] == ["founding"]
    assert [e.kind for e in build_timeline(events, claims, "kb:xAI")] == ["claim"]
    assert [e.kind for e in build_timeline(events, claims, "xAI")] == ["claim", "event"]


def test_same_event_from_several_documents_is_one_entry() -> None:
    entries = build_timeline(
        [event(d, "founding", "2015", ("Elon Musk",), ("OpenAI",)) for d in ("a", "b", "a")], []
    )
    assert len(entries) == 1
    assert entries[0].sources == ("a", "b")


def test_svg_is_self_contained_and_escapes_text() -> None:
    entries = build_timeline(
        [event("a", "criticism", "2025-02", ("<script>alert(1)</script> & Co",), ('"X"',))], []
    )
    svg = timeline_svg(entries)
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag.endswith("svg")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "href" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "2025-02" in svg


def test_svg_for_no_entries_and_for_too_many() -> None:
    assert "No dated events" in timeline_svg([])
    ET.fromstring(timeline_svg([]))
    many = [
        TimelineEntry(
            date=f"{2000 + i % 20}",
            precision="year",
            kind="event",
            type="founding",
            label=f"entry {i}",
            doc_id="a",
            start=0,
            end=1,
            text="t",
        )
        for i in range(MAX_ROWS + 5)
    ]
    svg = timeline_svg(many)
    assert "… and 5 more" in svg
    assert svg.count("<circle") == MAX_ROWS
