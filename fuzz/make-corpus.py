#!/usr/bin/env python3
"""Rewrites the seed corpus under fuzz/corpus/ from the repository's small instance, roster and
scenario files, and the hand-written seeds in fuzz/seeds/.

Files are minified (so the fuzzer starts from short inputs); only files of at most 8 KB once
minified are kept. Run from anywhere: python3 fuzz/make-corpus.py
"""
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
LIMIT = 8 * 1024


def minified(path):
    text = path.read_text(encoding="utf-8")
    try:
        return json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
    except ValueError:
        return text  # malformed on purpose: keep as it is


def fill(target, sources):
    folder = CORPUS / target
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    kept = 0
    for source in sources:
        if source.name == "manifest.json":
            continue
        text = minified(source)
        if len(text.encode("utf-8")) > LIMIT:
            continue
        (folder / source.name).write_text(text, encoding="utf-8")
        kept += 1
    print(f"{target}: {kept} files")


fill("instance", sorted(ROOT.glob("instances/*.json")) + sorted(ROOT.glob("instances/bench/*.json"))
     + sorted(ROOT.glob("Tests/Fixtures/instances/*.json")) + sorted(ROOT.glob("Tests/Fixtures/invalid-instances/*.json")))
fill("roster", sorted(p for p in ROOT.glob("Tests/Fixtures/rosters/*.roster.json")
                      if p.name.startswith(("tiny.", "rules-lab."))))
fill("scenario", sorted(ROOT.glob("instances/scenarios/*.json")) + sorted(ROOT.glob("fuzz/seeds/scenario/*.json")))
