"""scripts/build_actors.py: UCDP and Phoenix rows -> validated actor YAML (team-written rows)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

from strife.dictionaries import load_dictionaries

ROOT = Path(__file__).resolve().parents[2]
HEADER = ("ActorId,NameData,NameOrig,NameOrigFull,NameOrigFullEng,NameChange,NewName,NewNameFullMotherTongue,"
          "NewNameFullEng,Org,ConflictId,DyadId,PrimaryParty,OSID,OSCoalition,OSCoalitionID,NSID,NSCoalition,"
          "NSCoalitionID,Splinter,NamePrev,ActorIdPrev,SplitTemp,NameSplitTemp,ActorIdSplitTemp,Alliance,"
          "NameAlliance,ActorIdAlliance,JoinGroup,GroupName,ActorIdGroup,Location,GWNOLoc,Region,Version\n")


def _row(i, data, orig_eng, org, location, new="", new_eng=""):
    change = "1" if new else "0"
    return (f'{i},{data},{data},n/a,"{orig_eng}",{change},"{new}",,"{new_eng}",{org},1,1,1,,0,,,0,,0,,,0,,,0,,,0,,,'
            f'"{location}",1,1,22.1\n')


def _script():
    spec = importlib.util.spec_from_file_location("build_actors", ROOT / "scripts" / "build_actors.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_build_from_ucdp_and_phoenix(tmp_path):
    out = tmp_path / "actors"
    out.mkdir()
    (out / "curated.yaml").write_text("actors:\n  - {name: Zeta Front, inter: 2, aliases: [ZF, Zeta Front]}\n")
    src = tmp_path / "ucdp.csv"
    src.write_text(HEADER
                   + _row(1, "XLA", "Xanadu Liberation Army", "1", "Syria")
                   + _row(2, "Government of Syria", "Government of Syria", "4", "Syria")
                   + _row(3, "Qumra", "Qumra", "3", "Sudan")
                   + _row(4, "ZF", "Zeta Front", "1", "Iraq")  # curated already: skipped
                   + _row(5, "Outlaws", "Outlaws", "1", "Nigeria"),  # an English word, not a name
                   encoding="utf-8")
    phoenix = tmp_path / "x.actors.txt"
    phoenix.write_text("# test\nHARAKAT_AL-TESTIN_(HAT)_ [SYRREB] # x\n+TESTIN_MOVEMENT_\n+ABU_SOMEONE_\n\n"
                       "XANADU_LIBERATION_ARMY_ [SYRREB]\n", encoding="utf-8")
    assert _script().main([str(src), str(phoenix), "--out-dir", str(out)]) == 0
    ucdp = yaml.safe_load((out / "ucdp.yaml").read_text())["actors"]
    by_name = {e["name"]: e for e in ucdp}
    assert set(by_name) == {"XLA: Xanadu Liberation Army", "Qumra Ethnic Militia (Sudan)"}
    assert by_name["XLA: Xanadu Liberation Army"]["inter"] == 2
    assert by_name["XLA: Xanadu Liberation Army"]["country"] == "SY"
    assert "UCDP" in by_name["XLA: Xanadu Liberation Army"]["credit"]
    assert by_name["Qumra Ethnic Militia (Sudan)"]["inter"] == 4
    assert "Qumra militiamen" in by_name["Qumra Ethnic Militia (Sudan)"]["aliases"]
    assert "Qumra" not in by_name["Qumra Ethnic Militia (Sudan)"]["aliases"]  # a people is not an armed group
    ph = yaml.safe_load((out / "phoenix.yaml").read_text())["actors"]
    assert [e["name"] for e in ph] == ["Harakat al-Testin"]  # the other is UCDP's already
    assert ph[0]["aliases"] == ["Harakat al-Testin", "Testin Movement"]  # HAT: three letters; a person
    d = load_dictionaries([out])  # the output is a valid dictionary
    assert d.aliases["xanadu liberation army"] == "XLA: Xanadu Liberation Army"
