"""The review store benchmark runs, and its section of RESULTS.md survives both benchmark commands."""

from benchmarks import review_store as bench


def test_the_benchmark_measures_every_call_and_states_the_target(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "STORED", 500)
    monkeypatch.setattr(bench, "CLICKS", 8)
    lines, facts = bench.measure(tmp_path / "store")
    assert len(lines) == 9 and all(line.startswith("| ") and line.count("|") == 6 for line in lines)
    assert facts["size"] > 0 and facts["bulk"] > 0 and (tmp_path / "store" / "export.json").exists()
    text = bench.section(lines, facts, ((0.0, 0.0, 0.0), (0.0, 0.0, 0.0)))
    assert text.startswith(bench.START) and text.rstrip().endswith(bench.END)
    assert "500 decisions stored" in text and "Target: a flag click < 20 ms" in text


def test_the_section_is_replaced_in_place_and_kept_when_the_load_benchmarks_rewrite_the_file():
    first = f"{bench.START}\nold figures\n{bench.END}\n"
    results = bench.with_section("# Benchmark results\n\nload table\n", first)
    assert results == "# Benchmark results\n\nload table\n\n" + first
    newer = f"{bench.START}\nnew figures\n{bench.END}\n"
    assert bench.with_section(results, newer) == "# Benchmark results\n\nload table\n\n" + newer
    rewritten = bench.section_kept(results, "# Benchmark results\n\nnew load table\n")
    assert rewritten == "# Benchmark results\n\nnew load table\n\n" + first
    assert bench.section_kept("no section here", "report\n") == "report\n"


def test_benchmarks_run_keeps_every_separately_written_section():
    from benchmarks.sections import KEPT, keep_all

    old = "# old report\n\n" + "".join(f"{s.start}\n{s.name} figures\n{s.end}\n\n" for s in KEPT)
    new = keep_all(old, "# new report\n")
    assert new.startswith("# new report\n") and "# old report" not in new
    assert all(f"{s.start}\n{s.name} figures\n{s.end}" in new for s in KEPT)
