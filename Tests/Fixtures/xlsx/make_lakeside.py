#!/usr/bin/env python3
"""Writes lakeside-120.xlsx: instances/csv/*.csv as one workbook, one worksheet per table, the way
a director's spreadsheet holds them: whole numbers as numbers, dates as Excel dates (serials with a
date format), an extra `notes` sheet the import must ignore, and text as shared strings (as Excel
writes it; openpyxl writes inline strings, which are moved into xl/sharedStrings.xml afterwards,
except in the program sheet, which keeps them so that both kinds are read).

Also bad-cells.xlsx: the same workbook with two bad cells in the patients sheet (row 5
weeklyHours "nine", row 7 admittedOn the text "11/30/2026").

    python3 Tests/Fixtures/xlsx/make_lakeside.py   # needs openpyxl (3.1.5 was used)
"""
import csv
import datetime
import pathlib
import re
import zipfile

import openpyxl

root = pathlib.Path(__file__).resolve().parents[3]
here = pathlib.Path(__file__).parent
tables = ["program", "sessions", "modalities", "clinicians", "rooms", "patients", "prescriptions"]
dates = {"admittedOn", "plannedDischargeOn", "fromDate"}


def cell_value(name, text):
    if text == "":
        return None
    if name in dates:
        return datetime.date.fromisoformat(text)
    if text.isdigit():
        return int(text)
    return text


def build(target, overrides):
    """overrides: {(table, spreadsheet row, column name): value}"""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table)
        with open(root / "instances" / "csv" / f"{table}.csv", newline="", encoding="utf-8") as file:
            rows = list(csv.reader(file))
        header = rows[0]
        sheet.append(header)
        for number, row in enumerate(rows[1:], start=2):
            sheet.append([overrides.get((table, number, name), cell_value(name, text)) for name, text in zip(header, row)])
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
    notes = workbook.create_sheet("notes")
    notes.append(["remark"])
    notes.append(["not a table: ignored with a warning"])
    workbook.save(target)
    move_to_shared_strings(target)


def move_to_shared_strings(target):
    with zipfile.ZipFile(target) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    strings, index = [], {}
    inline = re.compile(r'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t>(.*?)</t></is></c>', re.S)

    def shared(match):
        text = match.group(3)
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return f'<c r="{match.group(1)}"{match.group(2) or ""} t="s"><v>{index[text]}</v></c>'

    for number in range(2, len(tables) + 2):
        name = f"xl/worksheets/sheet{number}.xml"
        parts[name] = inline.sub(shared, parts[name].decode("utf-8")).encode("utf-8")
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode("utf-8")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml"/></Relationships>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 12, 6, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


build(here / "lakeside-120.xlsx", {})
build(here / "bad-cells.xlsx", {("patients", 5, "weeklyHours"): "nine", ("patients", 7, "admittedOn"): "11/30/2026"})
