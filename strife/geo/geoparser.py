"""The geo stage: recognise toponyms, resolve them, and place every event."""

from __future__ import annotations

import unicodedata

from strife.config import Settings
from strife.geo import sources
from strife.geo.gazetteer import Gazetteer, load_gazetteer
from strife.geo.recognize import Toponym, detect
from strife.geo.resolve import GUESS_SCORE, Resolver
from strife.geo.site import Located, choose_site, specificity, usable_sites
from strife.model import CodedArticle, EventRecord, Mention, Place
from strife.nlp.spans import root_at

#: GeoNames feature codes of places no smaller than a country.
COUNTRY_LEVEL = {"PCL", "PCLI", "PCLD", "PCLF", "PCLIX", "PCLS", "TERR", "CONT"}


def _plain(name: str) -> str:
    """A Latin-script name without diacritics ("Ālbū Kamāl" -> "Albu Kamal"), as ACLED writes."""
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return stripped if stripped.isascii() else name


def _dateline_rank(cand) -> tuple[bool, int]:
    """A dateline names the city a story was filed from: towns first, then by population."""
    return cand.place.feature_class == "P", cand.place.population


def _names_a_unit(name: str) -> bool:
    """The name closes with a unit noun, written out or abbreviated ("PLYMOUTH CO.", "Kent County")."""
    from strife.geo.recognize import ADMIN_HEADS
    from strife.geo.resolve import unabbreviated

    words = unabbreviated(name).split()
    return len(words) > 1 and ADMIN_HEADS.get(words[-1].lower()) == "A"


#: Lines at the top of a story that may open with its dateline (after a headline, a byline).
DATELINE_LINES = 4


def mark_dateline(text: str, toponyms: list[Toponym]) -> None:
    """The first name of a wire dateline ("WASHINGTON (AP) —", "Beirut - Arab Today") is a
    city, whatever else shares its name (Washington state): it gets the head noun "city".  The
    dateline may open the text or one of its first lines (below a headline or a byline)."""
    from strife.sources.dateline import find_dateline

    line_start = 0
    for _ in range(DATELINE_LINES):
        found = find_dateline(text[line_start:line_start + 200])
        if found is not None:
            end = line_start + found.body_start
            first = min((t for t in toponyms if line_start <= t.start < end), key=lambda t: t.start, default=None)
            if first is not None and first.head is None and not first.demonym and not _names_a_unit(first.text):
                first.head = "city"
            return
        nxt = text.find("\n", line_start)
        if nxt < 0:
            return
        line_start = nxt + 1
        while line_start < len(text) and text[line_start] in " \t\n":
            line_start += 1


class Geoparser:
    """``locate(coded)`` fills each event's ACLED location columns and ``coded.places``."""

    def __init__(self, settings: Settings | None = None, gazetteer: Gazetteer | None = None, nlp=None):
        self.settings = settings or Settings()
        path = self.settings.gazetteer
        self.gazetteer = gazetteer or load_gazetteer(str(path) if path else None)
        self.resolver = Resolver(self.gazetteer)
        self.regions = sources.acled_regions()
        self._nlp = nlp

    @property
    def nlp(self):
        if self._nlp is None:
            from strife.nlp import load_nlp

            self._nlp = load_nlp(self.settings.model)
        return self._nlp

    def _doc(self, doc_or_text):
        return self.nlp(doc_or_text) if isinstance(doc_or_text, str) else doc_or_text

    # -- the two halves, usable separately (evaluation scores them apart) ---------------
    def detect(self, doc_or_text, demonyms: bool = True) -> list[Toponym]:
        """Toponym spans in a text or spaCy Doc."""
        return detect(self._doc(doc_or_text), self.gazetteer, demonyms=demonyms)

    def resolve_spans(self, text: str, spans: list[tuple[int, int]], focus_countries: list[str] | None = None,
                      guess_unknown: bool = True) -> list[Place | None]:
        """Resolve given character spans of ``text`` as toponyms (gold spans in evaluation).

        A name the gazetteer lacks gets the text's focus place (``score == GUESS_SCORE``)
        unless ``guess_unknown`` is False; None when there is nothing to guess from."""
        toponyms = []
        for start, end in spans:
            phrase = text[start:end]
            from strife.geo.recognize import ADMIN_HEADS, demonym_keys, head_before_text, plural_head_after
            from strife.geo.normalize import name_key

            words = phrase.split()
            head = None
            if len(words) > 1 and words[-1].lower() in ADMIN_HEADS and \
                    not self.gazetteer.candidates(phrase, fuzzy=False):
                head = words[-1].lower()
                phrase = " ".join(words[:-1])
            else:
                after = text[end:end + 20].split()
                if after and after[0].lower().strip(",.;") in ADMIN_HEADS and after[0][:1].islower():
                    head = after[0].lower().strip(",.;")
                else:  # "the state of Washington", "Douglas and Sarpy counties"
                    head = head_before_text(text, start) or plural_head_after(text, end)
            toponyms.append(Toponym(start, end, phrase, "given", head,
                                    demonym=name_key(phrase) in demonym_keys()))
        mark_dateline(text, toponyms)
        places = self.resolver.resolve(text, toponyms, focus_countries)
        missing = [i for i, p in enumerate(places) if p is None]
        for i in missing:  # a given span may be a demonym or carry extra words: try them
            t = toponyms[i]
            alt = Toponym(t.start, t.end, t.text, "given", t.head, demonym=not t.demonym)
            places[i] = self.resolver.resolve(text, [alt], focus_countries)[0]
        return self.resolver.guess_unknown(toponyms, places) if guess_unknown else places

    def geoparse(self, doc_or_text, dateline: str | None = None, guess_unknown: bool = True
                 ) -> list[tuple[Toponym, Place | None]]:
        """Detect and resolve: every toponym with its place (unknown names: the focus place,
        ``score == GUESS_SCORE``, or None)."""
        doc = self._doc(doc_or_text)
        text = doc.text  # Doc.text joins every token: build it once
        toponyms = detect(doc, self.gazetteer, text=text)
        mark_dateline(text, toponyms)
        focus = self._dateline_countries(dateline)
        return list(zip(toponyms, self.resolver.resolve(text, toponyms, focus, guess_unknown)))

    def _dateline_countries(self, dateline: str | None) -> list[str]:
        if not dateline:
            return []
        cands = self.gazetteer.candidates(dateline, fuzzy=False)
        if not cands:
            return []
        best = max(cands, key=_dateline_rank)
        return [best.place.country_iso] if best.place.country_iso else []

    # -- the pipeline stage ----------------------------------------------------------------
    def locate(self, coded: CodedArticle) -> CodedArticle:
        """Fill location fields of ``coded.events`` and ``coded.places`` (returns ``coded``)."""
        article = coded.article
        doc = coded.parsed.doc
        if doc is None:
            doc = self.nlp(article.text)
        sents = list(doc.sents)
        resolved = self.geoparse(doc, article.dateline)
        occurrences = []
        coded.places = []
        for top, place in resolved:
            if place is None:
                continue
            guessed = place.score == GUESS_SCORE
            occurrences.append(Located(top.start, top.end, top.text, top.sentence or 0, place, top.head,
                                       top.demonym, guessed, top.boilerplate, top.in_name))
            if guessed:
                continue
            coded.places.append(Mention(top.start, top.end, top.text, "DEMONYM" if top.demonym else "GPE",
                                        str(place.geonameid), top.sentence))
        dateline_place = self._dateline_place(article.dateline)
        usable = usable_sites(doc, occurrences, article.body_start) if coded.events else []
        for ev in coded.events:
            sentence = self._sentence_of(ev, sents)
            site = choose_site(doc, occurrences, sentence, (ev.trigger_start, ev.trigger_end),
                               article.body_start, dateline_place, usable)
            if site is None:
                continue
            if site.place.feature_code in COUNTRY_LEVEL:
                site = self._restated_site(doc, sents, occurrences, sentence, ev, site, article.body_start, usable)
            self._fill(ev, site.place, site.precision, site.fallback)
            if site.occurrence is not None:
                ev.add_evidence("location", article, site.occurrence.start, site.occurrence.end,
                                site.confidence)
        return coded

    @staticmethod
    def _restated_site(doc, sents, occurrences, sentence: int, ev: EventRecord, site, body_start: int, usable):
        """News leads summarise and later sentences restate with detail ("crossed into eastern
        Syria" ... "crossed into Deir Ezzor province on Wednesday"): when the event's own
        sentence places it only in a country, a later sentence with the same verb that names a
        more specific site supplies it."""
        root = root_at(doc, ev.trigger_start, ev.trigger_end)
        if root is None or root.pos_ != "VERB":
            return site
        lemma = root.lemma_.lower()
        for later in range(sentence + 1, len(sents)):
            for tok in sents[later]:
                if tok.pos_ == "VERB" and tok.lemma_.lower() == lemma:
                    again = choose_site(doc, [o for o in occurrences if o.sentence == later], later,
                                        (tok.idx, tok.idx + len(tok)), body_start, None,
                                        [o for o in usable if o.sentence == later])
                    if again is not None and again.occurrence is not None \
                            and again.occurrence.sentence == later \
                            and specificity(again.place) > specificity(site.place) \
                            and again.place.country_iso == site.place.country_iso:
                        return again
        return site

    def _dateline_place(self, dateline: str | None) -> Place | None:
        if not dateline:
            return None
        cands = self.gazetteer.candidates(dateline, fuzzy=False)
        return max(cands, key=_dateline_rank).place if cands else None

    @staticmethod
    def _sentence_of(ev: EventRecord, sents) -> int:
        if ev.trigger_end > ev.trigger_start:
            for i, s in enumerate(sents):
                if s.start_char <= ev.trigger_start < s.end_char:
                    return i
        return ev.sentence_index

    def _fill(self, ev: EventRecord, place: Place, precision: int, fallback: bool = False) -> None:
        ev.location = _plain(place.name)
        ev.latitude = round(place.latitude, 5)
        ev.longitude = round(place.longitude, 5)
        ev.geonameid = place.geonameid
        ev.iso = self.gazetteer.iso_numeric(place.country_iso)
        ev.country = place.country or self.gazetteer.country_name(place.country_iso)
        ev.region = self.regions.get(place.country_iso or "")
        ev.admin1 = place.admin1
        ev.admin2 = place.admin2
        ev.geo_precision = precision
        ev.geo_fallback = fallback
        ev.admin1_pcode = place.admin1_pcode
        ev.admin2_pcode = place.admin2_pcode
