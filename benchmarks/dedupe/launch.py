"""Run a command; write its wall time and peak memory as JSON. A small parent, on purpose.

Linux keeps a process's peak RSS across ``exec``, and a forked child starts
with its parent's resident pages counted: a tool started straight from the
benchmark (which holds the gold clusters of a million documents) would
report the benchmark's own size. This launcher imports only the standard
library, so what the tool reports (``wait4``'s ``ru_maxrss``, the tool and
anything it reaped) is the tool's, give or take the launcher's ~10 MB.

It also samples the tool's ``/proc/PID/status`` every 0.2 s (Linux) and
keeps the peaks of ``RssAnon`` (memory the process allocated) and
``RssFile`` (file pages mapped into it, such as a memory-mapped file: they
count in RSS, but the kernel can drop and re-read them under pressure).

    python benchmarks/dedupe/launch.py RESULT.json -- COMMAND [ARG...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

SAMPLE_SECONDS = 0.2


class Sampler:
    """Peak ``RssAnon`` and ``RssFile`` of one process, in MB (None where /proc is absent)."""

    def __init__(self, pid: int) -> None:
        self.path = f"/proc/{pid}/status"
        self.peaks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                with open(self.path, encoding="ascii") as status:
                    for line in status:
                        key, _, value = line.partition(":")
                        if key in ("RssAnon", "RssFile"):
                            megabytes = int(value.split()[0]) / 1024
                            self.peaks[key] = max(self.peaks.get(key, 0.0), megabytes)
            except (OSError, ValueError):
                return
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    result, command = argv[0], argv[2:]
    started = time.perf_counter()
    process = subprocess.Popen(command)
    sampler = Sampler(process.pid)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    sampler.stop()
    code = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)
    with open(result, "w", encoding="utf-8") as out:
        json.dump(
            {
                "wall": wall,
                "peak_rss_mb": peak,
                "peak_anon_mb": sampler.peaks.get("RssAnon"),
                "peak_file_mb": sampler.peaks.get("RssFile"),
                "exit": code,
            },
            out,
        )
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
