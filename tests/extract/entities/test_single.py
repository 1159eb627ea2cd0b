"""Discovery of names the knowledge base does not know, on short original articles.

The articles are invented for these tests (people, companies, products and
places that do not exist), so passing them means the rules generalise rather
than recognise names the project has seen.
"""

from __future__ import annotations

from newsledger.extract.entities import extract_mentions
from newsledger.kb import load_kb
from newsledger.lang import load_or_fallback
from newsledger.model import Document, EntityType, Mention

EN_CHIP = """Quarvik Unveils Tidepool Chip as Rivals Circle

OSLO — Quarvik, the Norwegian chip designer, said on Monday that its new Tidepool processor \
would ship in June. The company expects the chip to cut power use in data centres by a third.

Chief executive Ingrid Haldorsen told reporters that Quarvik had spent four years on the \
design. "We built it for the workloads nobody else wanted," Haldorsen said.

Quarvik's shares rose 6% in Oslo. The start-up competes with Brellix, a Dutch rival that \
launched a similar chip last year. Brellix declined to comment. Shipments of Tidepool will \
start in Europe.

Analysts at Mornstead Securities said Tidepool could win orders. "Quarvik has a real shot," \
said Tereza Malouf, an analyst at Mornstead. Demand for such chips has doubled.
"""

EN_TRANSIT = """Ontario backs $3bn transit line

Lawmakers in Ontario approved a plan on Thursday to fund a new light-rail line. Premier Dalia \
Kostner said the vote showed that the province could build again.

Construction will be led by Orvane, a Toronto-based engineering firm. Orvane said work would \
begin next spring. Orvane's chief executive, Bettina Oyelaran, said the company had hired 300 \
engineers for the project.

Critics were not convinced. Opposition leader Hamid Rostami called the cost "reckless" and \
said Kostner's government had ignored cheaper options. Residents worry about noise.

Shares of Orvane rose 4%. Taxpayers will cover most of the bill, while Pellmont, a pension \
fund, will lend the rest. A spokesperson for Pellmont said the loan was safe.
"""

DE_BATTERY = """Kalvento baut zweites Werk in Magdeburg

Der Batteriehersteller Kalvento will ein zweites Werk in Magdeburg bauen. Kalvento-Chefin \
Meike Trautwein sagte am Mittwoch, das Unternehmen investiere dafür 900 Millionen Euro. Die \
Produktion soll 2028 beginnen.

Kalventos Konkurrent Ostrava Cells plant ebenfalls eine Fabrik. Der Autozulieferer Brennholt \
Mobility soll die Zellen abnehmen. Brennholt-Chef Aurel Pfisterer sprach von einem Schritt.

Trautweins Unternehmen beschäftigt bereits 800 Menschen. Ein Analyst einer Münchner Bank \
sagte, Kalvento sei gut finanziert. Die Kalvento-Aktie stieg um fünf Prozent.

Kritik kam von Umweltverbänden. Wasserverbrauch und Flächenbedarf seien zu hoch, hieß es. \
Kalvento wies das zurück.
"""

DE_SOFTWARE = """Softwarekonzern Lumidor übernimmt Start-up Vektara

Der Softwarekonzern Lumidor kauft das Kölner Start-up Vektara für 240 Millionen Euro. Das \
teilte Lumidor am Montag mit. Vektara entwickelt die Planungssoftware Orbis, die bereits in \
40 Krankenhäusern läuft.

Lumidor-Gründer Casimir Wendling sagte, Orbis passe gut zu Lumidors eigenen Produkten. \
Vektaras Mitgründerin Selma Okonjo bleibt an Bord. Beobachter rechnen mit einer Entscheidung \
im Herbst. Lumidors Aktie legte um zwei Prozent zu.
"""


def mentions(text: str, lang: str) -> list[Mention]:
    doc = Document(id="d1", source="t", text=text, language=lang)
    return extract_mentions(doc, load_or_fallback(lang), load_kb())


def found(text: str, lang: str) -> set[tuple[str, EntityType]]:
    return {(m.name, m.type) for m in mentions(text, lang)}


def surfaces(text: str, lang: str, name: str) -> list[str]:
    return [m.text for m in mentions(text, lang) if m.name == name and m.type != "PERSON"]


def test_english_one_word_companies_and_products_are_found() -> None:
    names = found(EN_CHIP, "en")
    assert {("Quarvik", "ORG"), ("Brellix", "ORG"), ("Tidepool", "PRODUCT")} <= names
    assert {("Ingrid Haldorsen", "PERSON"), ("Tereza Malouf", "PERSON")} <= names


def test_every_occurrence_of_a_vouched_name_counts_headline_included() -> None:
    assert surfaces(EN_CHIP, "en", "Quarvik") == ["Quarvik"] * 5


def test_sentence_initial_common_nouns_are_not_names() -> None:
    names = {n for n, _ in found(EN_CHIP, "en") | found(EN_TRANSIT, "en")}
    assert not names & {"Shipments", "Demand", "Critics", "Residents", "Construction", "Taxpayers"}
    assert "Haldorsen" not in names and "Kostner" not in names


def test_english_people_after_titles_and_roles_with_commas() -> None:
    names = found(EN_TRANSIT, "en")
    assert {("Dalia Kostner", "PERSON"), ("Hamid Rostami", "PERSON")} <= names
    assert ("Bettina Oyelaran", "PERSON") in names
    assert {("Orvane", "ORG"), ("Pellmont", "ORG")} <= names


def test_german_one_word_companies_with_genitives_and_compounds() -> None:
    assert sorted(set(surfaces(DE_BATTERY, "de", "Kalvento"))) == ["Kalvento", "Kalventos"]
    assert len(surfaces(DE_BATTERY, "de", "Kalvento")) == 7
    names = found(DE_SOFTWARE, "de")
    assert {("Lumidor", "ORG"), ("Vektara", "ORG"), ("Orbis", "PRODUCT")} <= names


def test_german_descriptors_are_cut_from_names() -> None:
    names = found(DE_BATTERY, "de")
    assert {("Ostrava Cells", "ORG"), ("Brennholt Mobility", "ORG")} <= names
    assert not any(n.startswith(("Kalventos", "Autozulieferer", "Konkurrent")) for n, _ in names)
    text = "Der Chipkonzern Taviron Systems und der Spielehersteller Glimmora wachsen."
    assert {("Taviron Systems", "ORG"), ("Glimmora", "ORG")} <= found(text, "de")


def test_german_people_after_hyphen_roles_and_their_genitive() -> None:
    ms = mentions(DE_BATTERY, "de")
    trautwein = {m.text for m in ms if m.name == "Meike Trautwein"}
    assert {"Meike Trautwein", "Trautweins"} <= trautwein
    assert ("Aurel Pfisterer", "PERSON") in found(DE_BATTERY, "de")
    software = found(DE_SOFTWARE, "de")
    assert {("Casimir Wendling", "PERSON"), ("Selma Okonjo", "PERSON")} <= software


def test_city_adjective_and_bank_is_not_a_name() -> None:
    names = {n for n, _ in found(DE_BATTERY, "de")}
    assert "Münchner Bank" not in names
    assert not names & {"Kritik", "Wasserverbrauch", "Flächenbedarf", "Produktion", "Münchner"}


def test_german_nouns_after_cue_words_stay_common() -> None:
    text = (
        "Das Unternehmen Vorsorge prüft die Lage. Viele Unternehmen melden Gewinne. "
        "Der Konzern wächst, sagte ein Sprecher. Gewinne sind wichtig."
    )
    names = {n for n, _ in found(text, "de")}
    assert not names & {"Gewinne", "Sprecher", "Lage"}


def test_a_descriptor_with_a_role_stays_a_firm() -> None:
    text = "Angeführt wurde die Runde vom Investor Kestrel Ridge Capital aus Boston."
    names = found(text, "de")
    assert ("Kestrel Ridge Capital", "ORG") in names
    assert not any(t == "PERSON" for _, t in names)


def test_last_word_of_a_longer_name_is_not_a_name_alone() -> None:
    text = (
        "Investors backed Harrow Vale on Friday. Harrow Vale said it stood by the plan, "
        "and Tomas Birkeland said the plan was sound. Birkeland declined to say more."
    )
    names = {n for n, _ in found(text, "en")}
    assert "Vale" not in names and "Birkeland" not in names
