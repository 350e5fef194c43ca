"""What the compiler did, value by value: a value keeps its name in every stage it survives, so
two stages' dumps diff to what the pass changed, and ``lowered.explain()`` lists per pass the
values removed and added with their source lines."""
from __future__ import annotations

import difflib

import pytest

import lazyten as lt
from lazyten.parse import parse


def model(x, y):
    unused = lt.zeros_like(x)  # noqa: F841 - dead: the compiler prunes it
    a = lt.exp(x) * y
    b = lt.exp(x) * y          # the same value again: merged
    return a + b + lt.sin(x)


def lowered() -> lt.Lowered:
    return lt.compile(model).lower(lt.spec((2, 3)), lt.spec((2, 3)))


def test_surviving_values_keep_their_names_across_stages() -> None:
    lo = lowered()
    traced, final = lo.dump(after="traced"), lo.dump()
    first_exp = next(line for line in traced.splitlines() if "= exp(%x)" in line)
    assert first_exp.split("#")[0] in final  # same name, same operands
    changed = [line for line in difflib.ndiff(traced.splitlines(), lo.dump(after="dce")
                                              .splitlines()) if line[:1] in "+-"]
    assert len(changed) < len(traced.splitlines())  # the diff is what the passes changed
    for stage in ["traced", *lo.stage_names(), "final"]:
        parse(lo.dump(after=stage))  # every stage's dump parses back


def sections(text: str) -> dict[str, list[str]]:
    """explain()'s text by pass: the header line, then its value lines."""
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("  "):
            out[current].append(line)
        else:
            current = line.split(":")[0]
            out[current] = [line]
    return out


def test_explain_names_what_each_pass_removed_and_added_with_lines() -> None:
    by_pass = sections(lowered().explain())
    assert by_pass["memory_plan"] == ["memory_plan: unchanged"]
    first = model.__code__.co_firstlineno
    cse = by_pass["cse"]
    merged = next(line for line in cse if line.startswith("  - ") and "= exp(%x)" in line)
    survivor = merged.split("merged into ")[1].split(",")[0]
    assert merged.endswith(f"at test_explain.py:{first + 3}")
    assert f"  {survivor} = exp(%x)" in lowered().dump(after="cse")
    assert "merged" in cse[0] and "rewired" in cse[0]
    rewired = [line for line in cse if line.startswith("  ~ ")]
    assert rewired and all("# was " in line for line in rewired)
    pruned = f"pruned, at test_explain.py:{first + 1}"
    assert any(line.startswith("  - ") and line.endswith(pruned) for line in by_pass["dce"])


def softmax_of_sum(x):
    y = (x + lt.asarray(2.0) * 3.0) * 1.0  # folded; then the multiplication by one goes
    e = lt.exp(y - lt.max(y, axis=-1, keepdims=True))
    return e / lt.sum(e, axis=-1, keepdims=True)  # fused


def test_explain_says_folded_replaced_and_fused_and_diffs_show_only_changes() -> None:
    lo = lt.compile(softmax_of_sum).lower(lt.spec((2, 3)))
    by_pass = sections(lo.explain())
    line = _line(softmax_of_sum, "# folded")
    assert any(t.startswith("  - ") and "= mul(" in t and t.endswith(f"folded, at {line}")
               for t in by_pass["const_fold"])
    assert any(t.startswith("  + ") and "constant, at" in t for t in by_pass["const_fold"])
    replaced = [t for t in by_pass["simplify"] if "replaced by %" in t]
    assert replaced and replaced[0].endswith(f"at {line}")
    fused = next(t for t in by_pass["fuse_patterns"] if "= softmax[" in t)
    assert fused.startswith("  + ") and "fused, at" in fused
    div = next(t for t in by_pass["fuse_patterns"] if "= div(" in t)
    assert div.startswith("  - ") and f"replaced by {fused.split()[1]}," in div
    before, after = lo.dump(after="cse").splitlines(), lo.dump(after="fuse_patterns").splitlines()
    changed = [t for t in difflib.unified_diff(before, after, lineterm="", n=0)
               if t[:1] in "+-" and t[:3] not in ("+++", "---")]
    assert len(changed) == 4, changed  # the div out, softmax in, the return - and +


def _line(fn, marker: str) -> str:
    import inspect
    lines, start = inspect.getsourcelines(fn)
    return f"test_explain.py:{start + next(k for k, t in enumerate(lines) if marker in t)}"


def test_dump_folder_marks_unchanged_stages(tmp_path, monkeypatch) -> None:
    from lazyten import config
    monkeypatch.setattr(config, "DUMP_DIR", str(tmp_path))
    lt.compile(model)(lt.ones((2, 3)), lt.ones((2, 3)))
    (folder,) = list(tmp_path.iterdir())
    headers = {p.name: p.read_text().splitlines()[0] for p in folder.glob("*.lzir")}
    unchanged = {h.split(": ")[-1].split(" ")[0] for h in headers.values()
                 if h.endswith("(unchanged) --")}
    assert {"fuse_patterns", "final"} <= unchanged and "cse" not in unchanged
    assert not headers["00-traced.lzir"].endswith("(unchanged) --")


@pytest.mark.onnxruntime
def test_the_onnxruntime_stage_shows_what_onnxruntime_runs(tmp_path, monkeypatch) -> None:
    """onnxruntime fuses MatMul + Add into Gemm after lazyten's passes: only this stage shows
    it."""
    def dense(x, w, b):
        return lt.maximum(x @ w + b, 0)

    lo = lt.compile(dense).lower(lt.spec((4, 8)), lt.spec((8, 3)), lt.spec((3,)))
    assert "Gemm" in lo.dump(after="onnxruntime") and "gemm" not in lo.dump().lower()
    from lazyten import config
    monkeypatch.setattr(config, "DUMP_DIR", str(tmp_path))
    lt.compile(dense)(lt.ones((4, 8)), lt.ones((8, 3)), lt.ones(3))
    (folder,) = list(tmp_path.iterdir())
    (runtime_file,) = folder.glob("*-onnxruntime.txt")
    assert "Gemm" in runtime_file.read_text()
