"""Throughput of the report parser on the seed and on a report 100x its size, and how
the time grows from one to the other (with the size, no faster).

Run: .venv/bin/python bench/bench_parser.py [--repeat N]
Beside each figure is a floor: reading the bytes, decoding them and scanning them once
(splitlines plus one regex findall), which no parser can beat.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportparser import parse_file  # noqa: E402
from reportparser.numerals import to_chinese  # noqa: E402

SEED = ROOT / "zhenggai" / "seeds" / "liwan-2018.txt"
_CATEGORY = re.compile(r"^\((.{1,4}?)\)")
_PROBLEM = re.compile(r"^(\d+)\.")
_ITEM = re.compile(r"^\((\d+)\)")
_SCAN = re.compile(r"[(（][0-9]+[)）]")


def big_report(times: int) -> str:
    """The seed with its findings section repeated `times` times and renumbered."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = next(
        i
        for i, ln in enumerate(lines)
        if ln.endswith("二、发挥巡视整改标本兼治作用,推进重点整改项目落地落细")
    )
    end = next(i for i, ln in enumerate(lines) if "三、下一步工作计划" in ln)
    head, body, tail = lines[: start + 1], lines[start + 1 : end], lines[end:]
    out = [ln.replace("63项整改措施", f"{63 * times}项整改措施") for ln in head]
    cats = probs = items = 0
    for _ in range(times):
        for ln in body:
            if m := _ITEM.match(ln):
                items += 1
                ln = f"({items})" + ln[m.end() :]
            elif m := _PROBLEM.match(ln):
                probs += 1
                ln = f"{probs}." + ln[m.end() :]
            elif m := _CATEGORY.match(ln):
                cats += 1
                ln = f"({to_chinese(cats)})" + ln[m.end() :]
            out.append(ln)
    return "\n".join(out + tail)


def floor_seconds(path: Path) -> float:
    t = time.perf_counter()
    text = path.read_bytes().decode("utf-8")
    text.splitlines()
    _SCAN.findall(text)
    return time.perf_counter() - t


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=30, help="parses of the seed")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "liwan-x100.txt"
        big.write_text(big_report(100), encoding="utf-8")
        report = parse_file(big)
        assert report.items == 6300, report.items
        assert not [w for w in report.warnings if "不连续" not in w], report.warnings[:3]
        rows = []
        for name, path, repeat in (("seed", SEED, args.repeat), ("seed x100", big, 5)):
            size = path.stat().st_size / 1e6
            parse = best(lambda p=path: parse_file(p), repeat)
            floor = best(lambda p=path: floor_seconds(p), repeat)
            rows.append((name, size, parse, size / parse, size / floor))
    print(
        f"{'input':<10} {'MB':>7} {'parse ms':>10} {'parse MB/s':>11} {'floor MB/s':>11} {'items':>6}"
    )
    for (name, size, parse, rate, floor_rate), items in zip(rows, (63, 6300), strict=True):
        print(
            f"{name:<10} {size:7.3f} {parse * 1000:10.1f} {rate:11.1f} {floor_rate:11.1f} {items:>6}"
        )
    print("(best of N runs; floor = read + decode + splitlines + one regex findall)")
    (_, size1, t1, _, floor1), (_, size100, t100, _, floor100) = rows
    per_mb = (t100 / size100) / (t1 / size1)
    # The floor's own growth shows what a shared machine adds (caches, other load).
    floor_per_mb = floor1 / floor100
    print(
        f"growth 1x -> 100x: input x{size100 / size1:.0f}, parse time x{t100 / t1:.0f}, "
        f"time per MB x{per_mb:.2f} (the floor's time per MB x{floor_per_mb:.2f})"
    )
    floor_ok = all(rate >= 5 for _, _, _, rate, _ in rows)
    print(f"target 5 MB/s: {'met' if floor_ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
