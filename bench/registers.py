"""Reading Enhetsregisteret's bulk download for ``laget registers``: the streamed reader against
``json.load`` of the whole file (the baseline), side by side, each in a fresh process.

The national file holds some 1.5 million entities (about 190 MB gzipped); loading it whole needs
several GB. This bench writes a synthetic file of ``--records`` entities shaped like the register's
(tests/fixtures/registers), gzip-compressed, then finds 60 units' owners in it both ways.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from pathlib import Path

from common import RESULTS, table

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "registers" / "enheter_alle.json.gz"

BASELINE = """
import gzip, json, resource, sys, time
start = time.perf_counter()
wanted = set(sys.argv[2].split(","))
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f:
    found = {e["organisasjonsnummer"]: e for e in json.load(f) if e["organisasjonsnummer"] in wanted}
print(json.dumps({"seconds": time.perf_counter() - start, "found": len(found),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

STREAMED = """
import json, resource, sys, time
from pathlib import Path
from laget_graph.registers.enhetsregisteret import FileLookup
start = time.perf_counter()
wanted = set(sys.argv[2].split(","))
found = FileLookup({"enheter": Path(sys.argv[1])}).find("enheter", wanted)
print(json.dumps({"seconds": time.perf_counter() - start, "found": len(found),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def synthetic_file(records: int) -> Path:
    path = RESULTS / "registers" / f"enheter-{records}.json.gz"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    templates = json.loads(gzip.decompress(FIXTURE.read_bytes()))
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("[")
        for i in range(records):
            entity = dict(templates[i % len(templates)])
            entity["organisasjonsnummer"] = f"{100000000 + i}"
            entity.pop("overordnetEnhet", None)
            out.write(("," if i else "") + json.dumps(entity, ensure_ascii=False))
        out.write("]")
    return path


def run(code: str, path: Path, wanted: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", code, str(path), wanted], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--json", type=Path, default=RESULTS / "registers.json")
    options = parser.parse_args()
    path = synthetic_file(options.records)
    wanted = ",".join(str(100000000 + i) for i in range(0, options.records, max(1, options.records // 60)))
    rows = {"json.load (baseline)": run(BASELINE, path, wanted), "streamed (FileLookup)": run(STREAMED, path, wanted)}
    assert rows["json.load (baseline)"]["found"] == rows["streamed (FileLookup)"]["found"]
    size = path.stat().st_size / 1e6
    table(f"{options.records} entities, {size:.1f} MB gzipped", rows, "json.load (baseline)", ["seconds", "peak_mb"])
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps({"records": options.records, "gzip_mb": size, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
