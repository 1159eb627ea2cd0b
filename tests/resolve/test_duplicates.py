"""Near-duplicates: copies and close rewrites link to their original."""

from __future__ import annotations

from newsledger.resolve.duplicates import DuplicateIndex, find_duplicates

SENTENCES = [
    "Northwind Energy agreed on Tuesday to buy the Solaris battery plant in Nevada.",
    "The purchase price of $4.2 billion was disclosed in a regulatory filing.",
    "The deal doubles Northwind's storage capacity in the western United States.",
    "Chief executive Maria Lindqvist said the plant had been underfunded for years.",
    "Shares of Northwind rose four percent in early trading in New York.",
    "Environmental groups welcomed the deal but asked for stricter recycling rules.",
    "A rival bidder, Halcyon Power, declined to comment on the outcome of the auction.",
    "Regulators in Nevada must approve the transaction before the end of the year.",
    "The Solaris plant opened in 2019 and employs about 800 people near Reno.",
    "Analysts at Morgan Stanley called the price fair given rising power demand.",
    "Northwind said it would keep the plant's management team in place.",
    "The company expects the acquisition to add to earnings within two years.",
]
CHANGED = {
    3: "Maria Lindqvist, who runs Northwind, told reporters the site lacked investment.",
    6: "Halcyon Power, which also bid for the plant, did not respond to questions.",
    9: "Morgan Stanley analysts described the valuation as reasonable in a note.",
}
OTHER_REPORT = [
    "Halcyon Power lost the auction for a Nevada battery site to Northwind Energy.",
    "The utility had offered less than $4 billion, people familiar with the talks said.",
    "Halcyon will now focus on solar projects in Arizona and New Mexico, it said.",
    "Its chief financial officer said the company remained open to other deals.",
    "The battery market has attracted record investment as grid operators add storage.",
    "Halcyon shares were little changed on Tuesday afternoon.",
]

ORIGINAL = " ".join(SENTENCES)
COPY = "Reposted from the wire. " + ORIGINAL
REWRITE = " ".join(CHANGED.get(i, s) for i, s in enumerate(SENTENCES))
UNRELATED = " ".join(OTHER_REPORT)


def test_an_exact_copy_links_to_the_earlier_original() -> None:
    docs = [
        ("copy", COPY, "2025-03-05"),
        ("orig", ORIGINAL, "2025-03-04"),
    ]
    assert find_duplicates(docs) == {"copy": "orig"}


def test_a_rewrite_with_changed_sentences_is_a_duplicate() -> None:
    docs = [("orig", ORIGINAL, "2025-03-04"), ("rewrite", REWRITE, "2025-03-06")]
    assert find_duplicates(docs) == {"rewrite": "orig"}


def test_another_report_of_the_same_event_is_not_a_duplicate() -> None:
    docs = [("orig", ORIGINAL, "2025-03-04"), ("other", UNRELATED, "2025-03-04")]
    assert find_duplicates(docs) == {}


SYNDICATED = (
    ORIGINAL
    + " This article first appeared in the Nevada Ledger and is republished under licence"
    + " as part of our regional news partnership; all rights remain with the publisher."
)
TEASER = " ".join(SENTENCES[:8])


def test_the_original_is_not_the_copy_of_its_later_syndicated_version() -> None:
    # Same day, the republished version longer by its credit line: the
    # article ingested first is the original.
    docs = [("orig", ORIGINAL, "2025-03-04"), ("syndicated", SYNDICATED, "2025-03-04")]
    assert find_duplicates(docs) == {"syndicated": "orig"}


def test_a_day_with_a_time_is_the_same_day() -> None:
    docs = [("orig", ORIGINAL, "2025-03-04T18:00:00+00:00"), ("later", COPY, "2025-03-04")]
    assert find_duplicates(docs) == {"later": "orig"}


def test_without_dates_the_first_ingested_is_the_original() -> None:
    docs = [("first", ORIGINAL, None), ("second", COPY, None)]
    assert find_duplicates(docs) == {"second": "first"}


def test_a_much_fuller_later_version_is_the_original_of_a_teaser() -> None:
    docs = [("teaser", TEASER, "2025-03-04"), ("full", ORIGINAL, "2025-03-04")]
    assert find_duplicates(docs) == {"teaser": "full"}


def test_an_earlier_day_wins_over_ingest_order() -> None:
    docs = [("copy", SYNDICATED, "2025-03-05"), ("orig", ORIGINAL, "2025-03-04")]
    assert find_duplicates(docs) == {"copy": "orig"}


def test_an_undated_document_ingested_first_stays_the_original() -> None:
    docs = [("undated", ORIGINAL, None), ("dated", COPY, "2025-03-04")]
    assert find_duplicates(docs) == {"dated": "undated"}


def test_a_group_of_copies_shares_one_original_whatever_the_order() -> None:
    docs = [
        ("c", REWRITE, "2025-03-06"),
        ("a", ORIGINAL, "2025-03-04"),
        ("b", COPY, "2025-03-05"),
        ("x", UNRELATED, "2025-03-01"),
    ]
    expected = {"b": "a", "c": "a"}
    assert find_duplicates(docs) == expected
    assert find_duplicates(list(reversed(docs))) == expected


def test_the_index_gives_one_answer_whatever_the_arrival_order() -> None:
    index = DuplicateIndex()
    index.add("orig", ORIGINAL, "2025-03-04")
    index.add("other", UNRELATED, "2025-03-04")
    index.add("copy", COPY, "2025-03-05")
    assert index.mapping() == {"copy": "orig"}
    # An earlier copy found later becomes the original of the whole group.
    index.add("first", COPY, "2025-03-01")
    assert index.mapping() == {"orig": "first", "copy": "first"}
    index.add("orig", ORIGINAL, "2025-03-04")  # re-adding is a no-op
    assert len(index) == 4
    assert "copy" in index and "missing" not in index


def test_a_thousand_copies_of_one_story_form_one_group_among_distinct_reports() -> None:
    docs = [(f"copy{n:04d}", f"Edition {n}. " + ORIGINAL, "2025-03-05") for n in range(1000)]
    docs.append(("orig", ORIGINAL, "2025-03-04"))
    docs += [(f"other{n}", f"{n} " + " ".join(OTHER_REPORT[n % 6 :]), None) for n in range(50)]
    mapping = find_duplicates(docs)
    assert {doc_id for doc_id, original in mapping.items() if original == "orig"} == {
        f"copy{n:04d}" for n in range(1000)
    }
