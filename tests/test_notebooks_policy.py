"""The committed notebooks follow the outputs policy of notebooks/README.md.

Outputs may be committed only when they were made from the bundled synthetic sample: no machine paths,
no other export's names, no errors, no injected papermill parameters, no saved widget state. Every
notebook opens with *What you'll do / learn / need* and has exactly one ``parameters`` cell whose
values are the defaults.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SAMPLES = ROOT / "data" / "samples"
EXPECTED = (
    "01-load-your-export.ipynb",
    "02-exposure-over-time.ipynb",
    "03-albums-and-audiences.ipynb",
    "04-review-and-flag.ipynb",
    "05-charts-for-your-blog-post.ipynb",
    "06-did-the-clean-up-work.ipynb",
    "07-beyond-your-posts.ipynb",
    "08-from-findings-to-a-plan.ipynb",
)
MAX_BYTES = 2_000_000

# Absolute paths of a machine (POSIX home/temp/mount folders, macOS, Windows drives, file URLs).
MACHINE_PATH = re.compile(
    r"(?<![\w.])(?:/(?:root|home|tmp|Users|private|var|mnt|media|opt|srv|work|Volumes)/"
    r"|[A-Za-z]:\\\\?[\w.-]|file://)"
)
# Names of Meta exports: the wrapper folder (facebook-<user>-<date>-<suffix>) and downloaded zips.
EXPORT_NAME = re.compile(
    r"\b(?:facebook|instagram)-[\w.]+?-\d{1,4}-\d{1,2}-\d{1,4}(?:-[A-Za-z0-9]{6,12})?\b"
    r"|[\w.-]+\.zip\b"
)
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# Run All must not decide for the person (issue 16): a cell writes a label, a flag or the worklist only through
# the helper that asks its parameter, and each parameter is False in the committed notebook.
CONSENT = {"apply_labels": "save_labels", "apply_rule": "flag_by_rule", "write_worklist": "worklist_if_asked",
           "mark_done": "mark_steps_if_asked", "write_plan": "write_plan_if_asked"}
DECIDING = re.compile(r"\.(?:flag|unflag|label_album|label_group|label_item|undo|import_json|mark_step)\("
                      r"|\bflag_unflagged\("
                      r"|\blabel_albums\(|\bme\.worklist\(|\bworklist\.worklist\(")
HEADINGS = ("what you'll do", "what you'll learn", "what you'll need")


def notebook_files() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb"))


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    src = cell.get("source", "")
    return src if isinstance(src, str) else "".join(src)


def output_texts(cell: dict) -> list[str]:
    """Every text a cell's outputs would show (streams, tracebacks, text/plain, html, markdown, json)."""
    texts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            texts.append(source({"source": out.get("text", "")}))
        elif out.get("output_type") == "error":
            texts.append("\n".join(out.get("traceback", [])))
        for mime, value in out.get("data", {}).items():
            if mime.startswith("image/") and mime != "image/svg+xml":
                continue
            texts.append(value if isinstance(value, str) else
                         "".join(value) if isinstance(value, list) else json.dumps(value))
    return texts


def sample_names() -> set[str]:
    """Every file and folder name of the bundled sample: the only export names an output may carry."""
    return {p.name for p in SAMPLES.rglob("*")} | {p.stem for p in SAMPLES.rglob("*")}


def test_every_curated_notebook_is_there():
    assert [p.name for p in notebook_files()] == list(EXPECTED)


@pytest.fixture(params=EXPECTED)
def notebook(request) -> tuple[str, dict]:
    path = NOTEBOOKS / request.param
    if not path.exists():
        pytest.fail(f"notebooks/{request.param} is missing")
    return request.param, read(path)


def test_opens_with_what_you_will_do_learn_need(notebook):
    name, nb = notebook
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown", f"{name}: the first cell must be the markdown header"
    text = source(first).replace("\u2019", "'").lower()
    assert text.lstrip().startswith("# "), f"{name}: the header starts with a '# ' title"
    missing = [h for h in HEADINGS if h not in text]
    assert not missing, f"{name}: the header lacks {missing}"


def test_exactly_one_parameters_cell_holding_the_defaults(notebook):
    name, nb = notebook
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{name}: {len(tagged)} cells tagged 'parameters', want exactly 1"
    assert tagged[0]["cell_type"] == "code"
    src = source(tagged[0])
    assert re.search(r"^export = None\b", src, re.M), f"{name}: the committed default must be export = None"
    for name_ in ("before", "work"):
        value = re.search(rf"^{name_} = (.*?)\s*(#|$)", src, re.M)
        assert value is None or value.group(1) == "None", f"{name}: the committed default must be {name_} = None"
    # papermill warns about a parameter a notebook lacks: one set of parameters must run every notebook
    assert re.search(r"^work = None\b", src, re.M), f"{name}: every notebook takes `work = None`"
    for switch in CONSENT:
        value = re.search(rf"^{switch} = (.*?)\s*(#|$)", src, re.M)
        assert value is None or value.group(1) == "False", f"{name}: the committed default must be {switch} = False"
    injected = [c for c in nb["cells"] if "injected-parameters" in c.get("metadata", {}).get("tags", [])]
    assert not injected, f"{name}: carries a papermill injected-parameters cell"


def test_logic_lives_in_the_package(notebook):
    name, nb = notebook
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = source(cell)
        assert len(src.splitlines()) <= 12, f"{name}: a code cell of {len(src.splitlines())} lines:\n{src}"
        assert not re.search(r"^\s*(def|class) ", src, re.M), f"{name}: defines a function or class in a cell"


def test_run_all_decides_nothing_unasked(notebook):
    """No cell flags, labels or writes a worklist by itself; the helpers that do are given their parameter."""
    name, nb = notebook
    code = "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "code")
    found = DECIDING.search(code)
    assert not found, f"{name}: a cell decides for the person on Run All: {code[found.start():][:60]!r}"
    for switch, helper in CONSENT.items():
        for call in re.finditer(rf"\b{helper}\((.*?)\)$", code, re.M | re.S):
            assert re.search(rf"\b(?:apply|write)={switch}\b", call.group(1)), \
                f"{name}: {helper}(...) not given {switch} from the parameters cell"
        if re.search(rf"\b{helper}\(", code):
            assert re.search(rf"^{switch} = False\b", code, re.M), f"{name}: calls {helper} without a {switch}"


def test_outputs_come_from_the_sample_only(notebook):
    name, nb = notebook
    allowed = sample_names()
    for index, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"{name} cell {index}: an error output is committed"
            # a widget's state is not saved, so its output would show "Error displaying widget"
            assert WIDGET_MIME not in out.get("data", {}), f"{name} cell {index}: a widget output is committed"
        for text in output_texts(cell):
            assert "Traceback" not in text, f"{name} cell {index}: a traceback is committed"
            found = MACHINE_PATH.search(text)
            assert not found, f"{name} cell {index}: a machine path is committed: ...{text[found.start():][:80]}"
            foreign = [m.group(0) for m in EXPORT_NAME.finditer(text) if m.group(0) not in allowed]
            assert not foreign, f"{name} cell {index}: names of an export that is not the sample: {foreign[:3]}"


def test_no_run_or_machine_metadata(notebook):
    name, nb = notebook
    meta = nb.get("metadata", {})
    assert "papermill" not in meta, f"{name}: papermill run metadata is committed"
    assert "widgets" not in meta, f"{name}: saved widget state is committed (clear it; outputs re-render on run)"
    for cell in nb["cells"]:
        cell_meta = cell.get("metadata", {})
        assert "papermill" not in cell_meta and "execution" not in cell_meta, f"{name}: per-cell run metadata"


def test_size_stays_small(notebook):
    name, _ = notebook
    size = (NOTEBOOKS / name).stat().st_size
    assert size < MAX_BYTES, f"{name} is {size:,} bytes: commit outputs from the sample only, no large images"


def test_outputs_were_made_by_a_clean_run(notebook):
    """Outputs, when present, come from one Run All in order: execution counts 1, 2, 3, ..."""
    name, nb = notebook
    counts = [c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"]
    if all(c is None for c in counts):
        return
    assert counts == list(range(1, len(counts) + 1)), f"{name}: execution counts {counts} (re-run all cells)"


def test_every_figure_is_committed_as_an_image(notebook):
    """A cell that draws shows an image, never "<Figure size ...>" text or nothing at all."""
    name, nb = notebook
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    if all(c.get("execution_count") is None for c in code):
        return
    for cell in code:
        outputs = cell.get("outputs", [])
        as_text = [o for o in outputs if not any(m.startswith("image/") for m in o.get("data", {}))
                   and source({"source": o.get("data", {}).get("text/plain", "")}).startswith("<Figure size")]
        assert not as_text, f"{name}: a figure shown as text:\n{source(cell)}"
        if re.search(r"plt\.subplots\(|\bImage\(", source(cell)):
            images = [o for o in outputs if any(m in o.get("data", {}) for m in ("image/png", "image/svg+xml"))]
            assert images, f"{name}: this cell draws but its committed output has no image:\n{source(cell)}"
