"""The README's example is real output: every line of its `edgarliq analyze --sample` block (but
the `...` marks of what it leaves out, and the machine's own path) is a line the command prints on
an 80-column terminal today."""

from __future__ import annotations

import os
import subprocess
import sys

from paths import ROOT


def _example_block() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head, _, rest = readme.partition("`edgarliq analyze --sample` on an 80-column terminal")
    assert rest, "README: the example of `edgarliq analyze --sample` is gone"
    block = rest.split("```text", 1)[1].split("```", 1)[0]
    return [line for line in block.strip("\n").split("\n") if line.strip() != "..."]


def test_the_readme_example_is_what_the_sample_prints() -> None:
    env = {**os.environ, "COLUMNS": "80", "LINES": "24"}
    out = subprocess.run([sys.executable, "-m", "edgarliq.cli", "analyze", "--sample"], capture_output=True,
                         text=True, env=env, check=True, cwd=ROOT).stdout.split("\n")
    printed = set(out)
    missing = [line for line in _example_block() if not line.startswith("source ") and line not in printed]
    assert not missing, f"README example lines the sample no longer prints: {missing[:5]}"
    # (in its order too: each line after the one before it)
    at = 0
    for line in _example_block():
        if line.startswith("source "):
            continue
        at = out.index(line, at) + 1
