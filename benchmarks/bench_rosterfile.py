"""Benchmark: read and validate a 100,000-row roster as CSV and as XLSX.

Each measurement runs in a fresh subprocess so that peak memory (``ru_maxrss``)
belongs to that measurement alone. The references, in the same run, are the
least work that can read the same file: ``csv.reader`` over the CSV, and
openpyxl's read-only ``iter_rows`` over the XLSX.

    .venv/bin/python benchmarks/bench_rosterfile.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = [
    "Employee ID", "First name", "Last name", "Work email", "Career stage", "Job title",
    "Department", "Location", "Time zone", "Manager ID", "Hire date",
]  # fmt: skip
STAGES = ["Intern", "Junior", "Mid", "Senior", "Principal", "Director", "VP"]
FIRST = [
    "Ann",
    "José",
    "Zoë",
    "Bo",
    "Łukasz",
    "Mei",
    "Olu",
    "Søren",
    "Priya",
    "Noah",
    "Amélie",
    "Kenji",
]
LAST = ["Lee", "Müller", "García", "Kim", "Nowak", "Okafor", "Dubois", "Rossi", "Tanaka", "Smith"]
DEPARTMENTS = [f"Department {i}" for i in range(25)]
ZONES = ["", "Europe/Paris", "Europe/London", "America/New_York", "Asia/Kolkata", "UTC"]


def _ascii(name: str) -> str:
    """Corporate addresses are ASCII even for accented names: "José" → "jose"."""
    folded = unicodedata.normalize("NFKD", name.replace("Ł", "L").replace("ø", "o"))
    return folded.encode("ascii", "ignore").decode().lower()


def people(count: int) -> list[list[str]]:
    rng = random.Random(7)
    rows = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        rows.append(
            [
                f"E{i:06d}", first, last, f"{_ascii(first)}.{_ascii(last)}.{i}@example.com",
                rng.choice(STAGES), "Engineer", rng.choice(DEPARTMENTS), "Paris",
                rng.choice(ZONES), f"E{(i - 1) // 8:06d}" if i else "",
                (date(2000, 1, 1) + timedelta(days=rng.randrange(9000))).isoformat(),
            ]
        )  # fmt: skip
    return rows


def write_files(folder: Path, count: int) -> tuple[Path, Path]:
    rows = people(count)
    csv_path = folder / "roster.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows)
    xlsx_path = folder / "roster.xlsx"
    write_xlsx(xlsx_path, [HEADER, *rows])
    return csv_path, xlsx_path


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    """A workbook laid out as Excel saves one: text in a shared-strings table, hire
    dates as serial numbers with a date format. (openpyxl writes every string
    inline, which its reader parses about twice as slowly as shared strings.)"""
    strings: dict[str, int] = {}
    epoch = date(1899, 12, 30)
    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:K{len(rows)}"/><sheetData>']  # fmt: skip
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if r > 1 and c == 10:
                cells.append(
                    f'<c r="{ref}" s="1"><v>{(date.fromisoformat(value) - epoch).days}</v></c>'
                )
            elif value:
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        sheet.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet.append("</sheetData></worksheet>")
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/styles.xml": _STYLES,
        "xl/sharedStrings.xml": f'<sst xmlns="{_MAIN}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">{shared}</sst>',
        "xl/worksheets/sheet1.xml": "".join(sheet),
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    f'<Types xmlns="{_PKG}/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
    '<sheet name="Roster" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
)


# --- what runs in the child process ------------------------------------------------


def child(mode: str, path: Path) -> dict[str, float]:
    started = time.perf_counter()
    rows = 0
    if mode == "imports":
        import crossgen.rosterfile  # noqa: F401
    elif mode == "csv.reader":
        with path.open(encoding="utf-8", newline="") as f:
            rows = sum(1 for _ in csv.reader(f)) - 1
    elif mode == "openpyxl":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True)) - 1
        book.close()
    else:
        from crossgen.rosterfile import detect_mapping, read_table, validate_roster

        with read_table(path, filename=path.name) as table:
            result = validate_roster(
                table,
                mapping=detect_mapping(table.headers),
                career_stages=STAGES,
                default_timezone="Europe/Paris",
                today=date(2025, 1, 1),
            )
        assert result.ok, [str(e) for e in result.errors[:5]]
        rows = len(result.records)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"seconds": seconds, "peak_mb": peak_mb, "rows": rows}


def measure(mode: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"))
    parser.add_argument("--generate", metavar="FOLDER")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return
    if args.generate:
        write_files(Path(args.generate), args.rows)
        return
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        # In a subprocess: Linux carries a parent's peak RSS into the ru_maxrss of
        # the children it starts, so the parent must never hold the generated rows.
        generate = [sys.executable, __file__, "--generate", folder, "--rows", str(args.rows)]
        subprocess.run(generate, check=True)
        csv_path, xlsx_path = Path(folder) / "roster.csv", Path(folder) / "roster.xlsx"
        print(
            f"{args.rows:,} rows: CSV {csv_path.stat().st_size / 1e6:.1f} MB, "
            f"XLSX {xlsx_path.stat().st_size / 1e6:.1f} MB "
            f"(generated in {time.perf_counter() - started:.1f} s)"
        )
        base = measure("imports", csv_path)
        print(f"{'interpreter + imports only':<34} {'':>9} {base['peak_mb']:8.0f} MB peak")
        for label, reference, path in [
            ("CSV", "csv.reader", csv_path),
            ("XLSX", "openpyxl", xlsx_path),
        ]:
            ref = measure(reference, path)
            ours = measure("rosterfile", path)
            assert ours["rows"] == ref["rows"] == args.rows, (ours, ref)
            print(
                f"{label + ' reference: ' + reference:<34} {ref['seconds']:7.2f} s {ref['peak_mb']:8.0f} MB peak"
            )
            print(
                f"{label + ' read_table + validate_roster':<34} {ours['seconds']:7.2f} s "
                f"{ours['peak_mb']:8.0f} MB peak   {ours['seconds'] / ref['seconds']:5.1f}x the reference's time"
            )


if __name__ == "__main__":
    main()
