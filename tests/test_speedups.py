"""The build's speed-ups change nothing in what it writes."""

from __future__ import annotations

from pathlib import Path

from conftest import make_content, run_pelican


def files(root: Path) -> dict[str, bytes]:
    # The search index holds build-specific ids; it is checked by tests/test_reader.py.
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "pagefind" not in p.parts
    }


def test_output_is_identical_with_and_without_speedups(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    fast, slow = tmp_path / "fast", tmp_path / "slow"
    assert run_pelican(content, fast).returncode == 0
    result = run_pelican(content, slow, "pelicanconf.py", "-e", "RIDEAU_SPEEDUPS=false")
    assert result.returncode == 0, result.stderr
    fast_files, slow_files = files(fast), files(slow)
    assert len(fast_files) > 200
    assert fast_files.keys() == slow_files.keys()
    different = [name for name in fast_files if fast_files[name] != slow_files[name]]
    assert not different, different[:10]
