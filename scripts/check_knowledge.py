#!/usr/bin/env python3
"""Checks the curated actor knowledge: data/actors.toml and data/demonyms.toml.

Standard library only (Python 3.11+ for tomllib). Written by the orbat team.

    python3 scripts/check_knowledge.py            # check, print counts, exit 1 on errors
    python3 scripts/check_knowledge.py --shared   # also list every alias shared on purpose

Alias keys are compared the way the extractor compares them
(crates/orbat-extract/src/fold.rs): NFKD, no combining marks, no apostrophes,
lowercase, punctuation -> one space, no leading "the"; a leading Arabic article
("al", "el", "ash" ...) is also dropped. An alias is matched *exactly*
(case-sensitive, dots ignored) when it is listed in `ambiguous` or is an
all-capitals acronym; otherwise in any case.

Fails on:
  - TOML errors, unknown keys, missing/empty required fields;
  - duplicate ids, ids not lowercase ascii, unknown or cyclic parents;
  - a type outside person | armed_group | state_force | state | organization;
  - a parent_predicate outside member_of | subordinate_to | commands;
  - an origin that is not an ISO 3166-1 alpha-2 code;
  - empty alias lists, empty or repeated aliases, `ambiguous` entries that are not aliases;
  - an alias that two actors could both claim, unless every claimant lists it
    in `ambiguous` (then it is reported as shared and the first in the file wins);
  - a non-state actor whose alias is a bare country name;
  - an alias that is a demonym, or an alias that is a demonym + another
    (unambiguous) alias or the name of the same actor ("Afghani Fatimiyoun":
    the extractor makes those itself; a canonical name such as "Saudi Aramco"
    may keep its demonym);
  - two `state` actors with the same origin;
  - an actor outside its section (states, state forces, armed groups,
    organisations, people, in that order);
  - in demonyms.toml: bad or repeated codes, a demonym claimed twice.
"""

from __future__ import annotations

import re
import sys
import tomllib
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACTORS = ROOT / "data" / "actors.toml"
DEMONYMS = ROOT / "data" / "demonyms.toml"
STOPWORDS = ROOT / "data" / "lexicons" / "stopwords.txt"

TYPES = {"person", "armed_group", "state_force", "state", "organization"}
PREDICATES = {"member_of", "subordinate_to", "commands"}
ACTOR_KEYS = {"id", "name", "type", "origin", "parent", "parent_predicate",
              "aliases", "ambiguous", "note", "role"}
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")

ISO2 = set("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
VN VU WF WS YE YT ZA ZM ZW
""".split())
assert len(ISO2) == 249, len(ISO2)

# A possessive or a relation compound ("US-led") ends a name in the extractor's
# word splitter (crates/orbat-extract/src/mentions/words.rs), so an alias with one
# before its last word is never matched.
UNREACHABLE = re.compile(
    r"(\w['’]s|s['’])\s\S|-(backed|led|aligned|affiliated|allied|funded|supported|sponsored|"
    r"controlled|held|run|linked|based|trained|armed|dominated|loyal|friendly|commanded|"
    r"organised|organized|equipped)\s\S", re.I)

ARTICLES = {"al", "el", "ar", "as", "ad", "ash", "an", "az", "at"}
APOSTROPHES = set("'’‘`ʿʾ´")


def fold(name: str) -> str:
    """Mirror of orbat_extract::fold::fold."""
    out: list[str] = []
    pending_space = False
    for c in unicodedata.normalize("NFKD", name):
        if unicodedata.combining(c) or c in APOSTROPHES:
            continue
        if c.isalnum():
            if pending_space and out:
                out.append(" ")
            pending_space = False
            out.append(c.lower())
        else:
            pending_space = True
    s = "".join(out)
    if s.startswith("the ") and len(s) > 4:
        s = s[4:]
    return s


def article_free(key: str) -> str | None:
    first, _, rest = key.partition(" ")
    return rest if rest and first in ARTICLES else None


def keys(alias: str) -> list[str]:
    k = fold(alias)
    free = article_free(k)
    return [k] + ([free] if free else [])


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def strip(s: str) -> str:
    return "".join(c for c in s if c.isalnum())


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, msg: str) -> None:
        self.errors.append(msg)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)


def load(path: Path, rep: Report) -> dict:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        rep.error(f"{path.relative_to(ROOT)}: missing")
    except tomllib.TOMLDecodeError as e:
        rep.error(f"{path.relative_to(ROOT)}: {e}")
    return {}


def check_demonyms(data: dict, rep: Report) -> tuple[dict[str, str], set[str]]:
    """Returns folded demonym -> owner, and the folded country names."""
    owner: dict[str, str] = {}
    names: set[str] = set()
    codes: Counter[str] = Counter()
    for key in data:
        if key not in ("country", "people"):
            rep.error(f"demonyms.toml: unknown table [{key}]")
    for c in data.get("country", []):
        label = c.get("name") or c.get("code") or "?"
        for k in c:
            if k not in ("code", "name", "demonyms"):
                rep.error(f"demonyms.toml: country {label}: unknown key {k!r}")
        code = c.get("code")
        if code not in ISO2:
            rep.error(f"demonyms.toml: country {label}: code {code!r} is not ISO 3166-1 alpha-2")
        codes[code] += 1
        if not c.get("name"):
            rep.error(f"demonyms.toml: country {code}: no name")
        else:
            names.add(fold(c["name"]))
        _demonyms(c, f"country {label}", owner, rep)
    for code, n in codes.items():
        if n > 1:
            rep.error(f"demonyms.toml: code {code} listed {n} times")
    for p in data.get("people", []):
        label = p.get("name") or "?"
        for k in p:
            if k not in ("name", "demonyms"):
                rep.error(f"demonyms.toml: people {label}: unknown key {k!r} (peoples have no code)")
        if not p.get("name"):
            rep.error("demonyms.toml: a [[people]] without name")
        _demonyms(p, f"people {label}", owner, rep)
    return owner, names


def _demonyms(entry: dict, label: str, owner: dict[str, str], rep: Report) -> None:
    ds = entry.get("demonyms")
    if not isinstance(ds, list) or not ds:
        rep.error(f"demonyms.toml: {label}: empty demonyms")
        return
    for d in ds:
        if not isinstance(d, str) or not d.strip():
            rep.error(f"demonyms.toml: {label}: empty demonym")
            continue
        k = fold(d)
        if k in owner and owner[k] != label:
            rep.error(f"demonyms.toml: {d!r} claimed by {owner[k]} and {label}")
        owner[k] = label


def check_actors(data: dict, demonym_owner: dict[str, str], country_names: set[str],
                 stopwords: set[str], rep: Report, show_shared: bool) -> Counter[str]:
    actors = data.get("actor", [])
    for key in data:
        if key != "actor":
            rep.error(f"actors.toml: unknown table [{key}]")
    if not actors:
        rep.error("actors.toml: no [[actor]] entries")
    by_id: dict[str, dict] = {}
    types: Counter[str] = Counter()
    state_origins: dict[str, str] = {}

    for n, a in enumerate(actors):
        aid = a.get("id")
        where = f"actor {aid or '#' + str(n)}"
        for k in a:
            if k not in ACTOR_KEYS:
                rep.error(f"{where}: unknown key {k!r}")
        if not isinstance(aid, str) or not ID_RE.match(aid):
            rep.error(f"{where}: id must be lowercase ascii [a-z0-9_]")
        elif aid in by_id:
            rep.error(f"{where}: duplicate id")
        else:
            by_id[aid] = a
        if not isinstance(a.get("name"), str) or not a["name"].strip():
            rep.error(f"{where}: no name")
        t = a.get("type")
        if t not in TYPES:
            rep.error(f"{where}: bad type {t!r}")
        else:
            types[t] += 1
        origin = a.get("origin")
        if origin is None:
            rep.error(f"{where}: no origin")
        elif origin not in ISO2:
            rep.error(f"{where}: origin {origin!r} is not ISO 3166-1 alpha-2")
        if t == "state" and origin in ISO2:
            if origin in state_origins:
                rep.error(f"{where}: second state for {origin} (first: {state_origins[origin]})")
            state_origins[origin] = aid
        pp = a.get("parent_predicate")
        if pp is not None and pp not in PREDICATES:
            rep.error(f"{where}: bad parent_predicate {pp!r}")
        if pp is not None and "parent" not in a:
            rep.error(f"{where}: parent_predicate without parent")
        if pp == "commands" and t != "person":
            rep.warn(f"{where}: 'commands' used by a non-person")
        if t == "person" and not a.get("role"):
            rep.error(f"{where}: person without role")
        if t != "person" and "role" in a:
            rep.warn(f"{where}: role on a non-person")
        aliases = a.get("aliases")
        if not isinstance(aliases, list) or not aliases:
            rep.error(f"{where}: empty aliases")
            aliases = []
        seen: set[str] = set()
        for al in aliases:
            if not isinstance(al, str) or not al.strip():
                rep.error(f"{where}: empty alias")
                continue
            if al != al.strip():
                rep.error(f"{where}: alias {al!r} has outer spaces")
            if al in seen or al == a.get("name"):
                rep.error(f"{where}: alias {al!r} repeated")
            seen.add(al)
        amb = a.get("ambiguous", [])
        if not isinstance(amb, list):
            rep.error(f"{where}: ambiguous must be a list")
            amb = []
        for al in amb:
            if al not in aliases and al != a.get("name"):
                rep.error(f"{where}: ambiguous {al!r} is not one of its aliases")

    # Sections: states, state forces, armed groups, organisations, people.
    rank = {"state": 0, "state_force": 1, "armed_group": 2, "organization": 3, "person": 4}
    highest = 0
    for a in actors:
        r = rank.get(a.get("type"), highest)
        if r < highest:
            rep.error(f"actor {a.get('id')}: a {a.get('type')} after the {a.get('type')} section; "
                      "keep states, state forces, armed groups, organisations, people in that order")
        highest = max(highest, r)

    # Parents: known, not self, no cycles.
    for aid, a in by_id.items():
        p = a.get("parent")
        if p is None:
            continue
        if p not in by_id:
            rep.error(f"actor {aid}: unknown parent {p!r}")
        elif p == aid:
            rep.error(f"actor {aid}: is its own parent")
    for aid in by_id:
        chain, cur = [aid], by_id[aid].get("parent")
        while cur in by_id:
            if cur in chain:
                rep.error(f"actor {aid}: parent cycle {' -> '.join(chain + [cur])}")
                break
            chain.append(cur)
            cur = by_id[cur].get("parent")

    # Every surface form, keyed as the extractor keys it.
    surfaces: dict[str, list[tuple[str, str, bool, bool]]] = defaultdict(list)
    state_surfaces: set[str] = set(country_names)
    for a in actors:
        aid = a.get("id", "?")
        amb = set(a.get("ambiguous", []) or [])
        forms = [a.get("name", "")] + [x for x in a.get("aliases", []) if isinstance(x, str)]
        if a.get("type") == "state":
            state_surfaces.update(fold(f) for f in forms if not is_acronym(f))
        own_keys = {k for f in forms if f and f not in amb for k in keys(f)}
        for f in forms:
            if not f:
                continue
            marked = f in amb
            exact = marked or is_acronym(f)
            for k in keys(f):
                if not k:
                    rep.error(f"actor {aid}: alias {f!r} folds to nothing")
                    continue
                surfaces[k].append((aid, f, exact, marked))
            k0 = fold(f)
            if k0 in demonym_owner:
                rep.error(f"actor {aid}: alias {f!r} is a demonym of {demonym_owner[k0]}")
            first, _, rest = k0.partition(" ")
            if f != a.get("name") and rest and first in demonym_owner and rest in own_keys:
                rep.error(f"actor {aid}: alias {f!r} is a demonym + its own alias; the extractor builds those")
            if UNREACHABLE.search(f):
                what = "name" if f == a.get("name") else "alias"
                rep.warn(f"actor {aid}: {what} {f!r} has a possessive or '-led/-backed' word inside; "
                         "the extractor's name finder cannot match it yet")
            if " " not in k0 and k0 in stopwords and not exact:
                rep.warn(f"actor {aid}: alias {f!r} is a stopword; the extractor skips it")

    for a in actors:
        if a.get("type") == "state":
            continue
        for f in [a.get("name", "")] + list(a.get("aliases", []) or []):
            if isinstance(f, str) and fold(f) in state_surfaces and not is_acronym(f):
                rep.error(f"actor {a.get('id')}: alias {f!r} is a bare country name")

    shared: list[str] = []
    reported: set[tuple] = set()
    for k, entries in surfaces.items():
        ids = {e[0] for e in entries}
        if len(ids) < 2:
            continue
        for i, (ia, fa, ea, ma) in enumerate(entries):
            for ib, fb, eb, mb in entries[i + 1:]:
                if ia == ib:
                    continue
                clash = not (ea and eb) or strip(fa) == strip(fb)
                if not clash:
                    continue
                pair = tuple(sorted([(ia, fa), (ib, fb)]))
                if pair in reported:
                    continue
                reported.add(pair)
                msg = f"{fa!r} ({ia}) ~ {fb!r} ({ib})  [key {k!r}]"
                if ma and mb:
                    shared.append(msg)
                else:
                    rep.error(f"alias clash: {msg}")
    if show_shared or shared:
        print(f"shared ambiguous aliases ({len(shared)}; the first actor in the file wins):")
        for s in sorted(shared):
            print("   ", s)
    return types


def main() -> int:
    show_shared = "--shared" in sys.argv
    rep = Report()
    stopwords: set[str] = set()
    if STOPWORDS.exists():
        for line in STOPWORDS.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                stopwords.add(fold(line))
    dem = load(DEMONYMS, rep)
    act = load(ACTORS, rep)
    owner, names = check_demonyms(dem, rep) if dem else ({}, set())
    types = check_actors(act, owner, names, stopwords, rep, show_shared) if act else Counter()

    for w in rep.warnings:
        print("warning:", w)
    for e in rep.errors:
        print("ERROR:", e)
    total = sum(types.values())
    print(f"actors: {total}  " + "  ".join(f"{t}={types.get(t, 0)}" for t in sorted(TYPES)))
    print(f"demonyms: {len(dem.get('country', []))} countries, {len(dem.get('people', []))} peoples, "
          f"{len(owner)} demonym keys")
    if rep.errors:
        print(f"FAILED: {len(rep.errors)} error(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
