import time

from strife.geo.gazetteer import Gazetteer


def _best(gazetteer, name, code=None):
    cands = [c for c in gazetteer.candidates(name) if code is None or c.place.feature_code == code]
    return max(cands, key=lambda c: c.place.population).place if cands else None


def test_transliterations_of_syrian_places_resolve(gazetteer):
    for variant in ("Deir Ezzor", "Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour"):
        assert _best(gazetteer, variant, "PPL").geonameid == 170794, variant
    for variant in ("Boukamal", "Abu Kamal", "Albu Kamal"):
        place = _best(gazetteer, variant, "PPL")
        assert abs(place.latitude - 34.45) < 0.1 and abs(place.longitude - 40.92) < 0.1, variant


def test_open_syria_units_carry_admin_names_and_centroids(gazetteer):
    gov = _best(gazetteer, "Deir ez-Zor Governorate", "ADM1")
    assert gov.country_iso == "SY" and gov.admin1 == "Deir-ez-Zor" and gov.admin1_pcode == "SY09"
    assert 34 < gov.latitude < 36.5 and 39 < gov.longitude < 41.5
    assert _best(gazetteer, "دير الزور") is not None  # Arabic names are indexed too


def test_countries_continents_and_states_have_coordinates(gazetteer):
    syria = _best(gazetteer, "Syria", "PCLI")
    assert syria.country_iso == "SY" and 33 < syria.latitude < 37
    assert _best(gazetteer, "Africa", "CONT") is not None
    louisiana = _best(gazetteer, "Louisiana", "ADM1")
    assert louisiana.country_iso == "US" and 29 < louisiana.latitude < 33


def test_aliases_and_demonyms(gazetteer):
    assert _best(gazetteer, "U.S.").country_iso == "US"
    assert _best(gazetteer, "Turkish").feature_code == "PCLI"


def test_unknown_names_have_no_candidates(gazetteer):
    assert gazetteer.candidates("Qwzxplotnik") == []
    assert gazetteer.candidates("") == []


def test_reopening_the_built_index_is_cheap(gazetteer):
    start = time.perf_counter()
    Gazetteer(gazetteer.path)
    assert time.perf_counter() - start >= 0  # timing goes to bench/; this only checks it opens


def test_known_keys_answers_the_same_from_its_cache(gazetteer):
    from strife.geo.normalize import name_key

    keys = {name_key(n) for n in ("Aleppo", "Deir ez-Zor", "Homs", "Nowhereville Xq")}
    first = gazetteer._query_known("key", sorted(keys))  # straight from the index
    assert gazetteer.known_keys(keys) == first == gazetteer.known_keys(keys)  # asked, then cached
    assert gazetteer.known_keys({name_key("Aleppo")}) == {name_key("Aleppo"): first[name_key("Aleppo")]}
    assert name_key("Nowhereville Xq") not in gazetteer.known_keys(keys)
