#!/usr/bin/env python3
"""Time from starting `iql` on a terminal to its first prompt (`iql> `).

usage: repl_startup.py IQL_BINARY [RUNS]

Starts the REPL on a pseudo-terminal RUNS times (default 20, after 3 warm-ups),
reads until the prompt appears, then kills it. Prints the median and range in ms.
HOME points at a fresh directory so that no history file is read or written.
"""
import os
import pty
import select
import signal
import statistics
import sys
import tempfile
import time


def first_prompt_ms(binary, home):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["HOME"] = home
        os.environ["TERM"] = "xterm"
        os.execv(binary, [binary])
    seen = b""
    try:
        while b"iql> " not in seen:
            ready, _, _ = select.select([fd], [], [], 5)
            if not ready:
                raise SystemExit("no prompt within 5 s: " + repr(seen[-200:]))
            seen += os.read(fd, 4096)
        elapsed = (time.perf_counter() - start) * 1e3
        # The measurement ends at the prompt; ending the session is not part of it.
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return elapsed
    finally:
        os.close(fd)


def main():
    binary = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with tempfile.TemporaryDirectory() as home:
        for _ in range(3):
            first_prompt_ms(binary, home)
        times = [first_prompt_ms(binary, home) for _ in range(runs)]
    print(f"REPL first prompt: {statistics.median(times):.1f} ms median "
          f"[{min(times):.1f}–{max(times):.1f}] over {runs} runs")


if __name__ == "__main__":
    main()
