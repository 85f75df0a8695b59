"""The corpus-store benchmark: `python -m extractor.store.bench [-n 1000] [--pg URL]`.

1. Generates N notices from the bundled ones (corpora/notices and fixtures/notices): years moved,
   numbers changed, cities swapped, sentences added, each file different.
2. Ingests them with `extractor ingest --jobs 1` and `--jobs 2`, each into a fresh SQLite file,
   as a user would (a subprocess): wall time, peak memory (the whole process tree, sampled from
   /proc, and the largest single process from getrusage), the speed-up of two jobs over one.
3. Search latency over the ingested corpus: a fixed set of queries, common and rare words.

Not a test: it prints figures. `generate()` is also what the kill test uses to make a folder.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (ROOT / "corpora" / "notices", ROOT / "fixtures" / "notices")

_CITIES = ("北京市", "天津市", "上海市", "重庆市", "杭州市", "广州市", "深圳市", "成都市", "武汉市", "南京市", "苏州市",
           "无锡市", "宁波市", "厦门市", "青岛市", "济南市", "郑州市", "长沙市", "西安市", "合肥市", "福州市", "南昌市",
           "昆明市", "贵阳市", "南宁市", "海口市", "兰州市", "西宁市", "银川市", "沈阳市", "大连市", "长春市",
           "哈尔滨市", "石家庄市", "太原市", "呼和浩特市", "乌鲁木齐市", "拉萨市", "佛山市", "东莞市", "温州市",
           "徐州市", "常州市", "扬州市", "烟台市", "洛阳市", "宜昌市", "襄阳市", "绵阳市", "眉山市")
_SENTENCES = (
    "各地要结合本地实际，认真做好项目的组织推荐工作。",
    "申报单位应对申报材料的真实性负责，不得弄虚作假。",
    "鼓励申报主体加强数据安全和个人信息保护。",
    "对于推荐项目较多的地区，应按照质量优先的原则择优推荐。",
    "请各推荐单位指定专人负责项目申报的联络工作。",
    "项目申报过程中如有问题，请及时与联系人沟通。",
    "支持项目在适老化改造和无障碍服务方面先行先试。",
    "各单位要加强宣传引导，营造良好的信息消费氛围。",
)
_YEAR = re.compile(r"20[12]\d(?=年)")
_COUNT = re.compile(r"(不超过|不少于|不低于)(\d{1,3})(个|项|家|万)")


def _sources() -> list[Path]:
    return sorted(p for d in SOURCES for p in d.glob("*.txt"))


def vary(text: str, rng: random.Random, serial: int) -> str:
    """One variation of a notice: another year, other numbers and cities, a few more sentences."""
    shift = rng.randint(-3, 3)
    text = _YEAR.sub(lambda m: str(int(m.group()) + shift), text)
    text = _COUNT.sub(lambda m: f"{m.group(1)}{max(1, int(m.group(2)) + rng.randint(-2, 3))}{m.group(3)}", text)
    present = [c for c in _CITIES if c in text]
    for city in rng.sample(present, min(len(present), rng.randint(0, 3))):
        text = text.replace(city, rng.choice(_CITIES))
    paragraphs = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(paragraphs))
        if paragraphs[i].strip().endswith("。"):
            paragraphs[i] += rng.choice(_SENTENCES)
    paragraphs.append(f"（本文件为基准测试样本第{serial}号。）")
    return "\n".join(paragraphs)


def generate(n: int, out: str | os.PathLike[str], seed: int = 20240601) -> list[Path]:
    """Write `n` varied notices under `out` (one folder per source), return their paths."""
    rng = random.Random(seed)
    sources = [(p, p.read_text(encoding="utf-8")) for p in _sources()]
    written: list[Path] = []
    for i in range(n):
        src, text = sources[i % len(sources)]
        folder = Path(out) / src.stem
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i:05d}.txt"
        path.write_text(vary(text, rng, i), encoding="utf-8")
        written.append(path)
    return written


def _tree_memory(pid: int) -> int:
    """Memory of a process and all its descendants, in bytes (Linux /proc): the sum of their
    proportional set sizes, so pages that forked workers share with the parent count once."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run_ingest(folder: str, db: str, jobs: int) -> dict[str, float]:
    """`extractor ingest` in a subprocess: seconds, peak tree RSS, largest single process RSS."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    cmd = [sys.executable, "-m", "extractor", "ingest", folder, "--db", db, "--jobs", str(jobs), "-q"]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_memory(proc.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"ingest failed ({proc.returncode}): {err.strip()}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    largest = usage.ru_maxrss * 1024  # KiB on Linux
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime - cpu_before, "peak_tree_mb": peak / 2**20,
            "largest_process_mb": max(largest, before * 1024) / 2**20, "summary": err.strip().splitlines()[-1]}  # type: ignore[dict-item]


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_headroom(n: int = 2_000_000, tasks: int = 6) -> float:
    """How much faster two processes run a pure-Python loop than one, right now: the ceiling
    for any --jobs 2 speed-up on this machine (other work on it, shared virtual CPUs)."""
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    for _ in range(tasks):
        _spin(n)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, [1, 1]))
        start = time.perf_counter()
        list(pool.map(_spin, [n] * tasks))
        parallel = time.perf_counter() - start
    return serial / parallel


QUERIES = ("信息消费", "示范城市", "信息消费体验中心", "申报书", "5G", "人工智能", "广州", "医疗教育服务", "截止时间",
           "数字创意内容", "推荐项目数量", "适老化改造", "月活跃用户", "联系人", "智慧城市治理", "纸质版 EMS",
           "新型信息消费示范项目", "数据安全 个人信息保护", "沉浸式 文旅", "香港")


def search_latency(db: str, repeat: int = 5) -> dict[str, float]:
    """Milliseconds per query (limit 10), after one warm-up run of each, in one open connection."""
    from extractor.store.db import connect
    from extractor.store.queries import search

    engine = connect(db, create=False)
    try:
        for q in QUERIES:
            search(engine, q)
        times: list[float] = []
        hits = 0
        for _ in range(repeat):
            for q in QUERIES:
                t = time.perf_counter()
                hits += len(search(engine, q))
                times.append((time.perf_counter() - t) * 1000)
    finally:
        engine.dispose()
    times.sort()
    return {"queries": len(times), "median_ms": statistics.median(times), "p95_ms": times[int(len(times) * 0.95) - 1],
            "max_ms": times[-1], "mean_hits": hits / len(times)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractor.store.bench", description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="notices to generate (default 1000)")
    parser.add_argument("--pg", metavar="URL", help="also ingest (--jobs 2) and search on this PostgreSQL database (emptied first)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="store-bench-") as tmp:
        folder = args.keep or os.path.join(tmp, "notices")
        t = time.perf_counter()
        generate(args.n, folder)
        print(f"generated {args.n} notices in {time.perf_counter() - t:.1f} s  ({os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.2f})")
        results = {}
        headroom = [parallel_headroom()]
        for jobs in (1, 2):
            db = f"sqlite:///{tmp}/jobs{jobs}.db"
            r = results[jobs] = run_ingest(folder, db, jobs)
            print(f"ingest --jobs {jobs}: {r['seconds']:.1f} s ({r['cpu_seconds']:.1f} s CPU), peak memory {r['peak_tree_mb']:.0f} MB (whole tree), "
                  f"largest process {r['largest_process_mb']:.0f} MB; {r['summary']}")
        headroom.append(parallel_headroom())
        print(f"speed-up of --jobs 2 over --jobs 1: {results[1]['seconds'] / results[2]['seconds']:.2f}x "
              f"(two processes of a pure-Python loop on this machine, before and after: "
              f"{headroom[0]:.2f}x, {headroom[1]:.2f}x)")
        size = os.path.getsize(f"{tmp}/jobs1.db") / 2**20
        lat = search_latency(f"sqlite:///{tmp}/jobs1.db")
        print(f"SQLite ({size:.0f} MB) search: median {lat['median_ms']:.1f} ms, p95 {lat['p95_ms']:.1f} ms, "
              f"max {lat['max_ms']:.1f} ms over {lat['queries']} queries ({lat['mean_hits']:.1f} hits each)")
        if args.pg:
            from extractor.store.db import downgrade, engine_for

            engine = engine_for(args.pg)
            downgrade(engine)  # an empty corpus, so the figures are for N notices
            engine.dispose()
            r = run_ingest(folder, args.pg, 2)
            print(f"PostgreSQL ingest --jobs 2: {r['seconds']:.1f} s, peak memory {r['peak_tree_mb']:.0f} MB; {r['summary']}")
            lat = search_latency(args.pg)
            print(f"PostgreSQL search: median {lat['median_ms']:.1f} ms, p95 {lat['p95_ms']:.1f} ms, max {lat['max_ms']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
