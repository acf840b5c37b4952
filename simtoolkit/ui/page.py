"""The Voilà page of the dashboard, made to work offline and speak Chinese while it starts.

Voilà's `lab` template asks a CDN for an icon font (it fails on an intranet and sends a request off the
machine) and says "Running dashboard..." / "Executing 2 of 3" in English. `offline_template` writes, into a
folder the dashboard command owns, a template `simtoolkit` that is Voilà's own `lab` page with those links
removed and the loading text in both languages; the dashboard uses no icons.
"""

from __future__ import annotations

import json
from pathlib import Path

from jupyter_core.paths import jupyter_path

NAME = "simtoolkit"
LOADING = "正在启动政策模拟器,首次计算约需 10–20 秒… · Starting the policy simulator (10–20 s the first time)…"
STEP = "正在计算… 第 {i} 步,共 {n} 步 · computing, step {i} of {n}"


def _lab_index() -> Path:
    """Voilà's installed lab page template."""
    for folder in jupyter_path("voila", "templates", "lab"):
        if (Path(folder) / "index.html.j2").is_file():
            return Path(folder) / "index.html.j2"
    raise FileNotFoundError("Voilà's lab template (voila/templates/lab/index.html.j2) is not installed")


def offline_template(root: Path) -> Path:
    """Write the `simtoolkit` template under `root` (to put on JUPYTER_PATH) and return `root`."""
    page = _lab_index().read_text(encoding="utf-8")
    lines = [line for line in page.splitlines() if "cdn.jsdelivr.net" not in line]  # the icon font
    step = STEP.replace("{i}", "${i}").replace("{n}", "${n}")
    script = ("<script>window.voila_process = function(i, n) { var el = document.getElementById('loading_text');"
              f" if (el) {{ el.textContent = `{step}`; }} }};</script>")
    text = "\n".join(lines).replace("{{ voila_setup_helper_functions() }}", "{{ voila_setup_helper_functions() }}\n" + script)
    text = text.replace("{{ spinner.html() }}", "{{ spinner.html() }}\n<script>document.getElementById('loading_text')"
                                                f".textContent = {json.dumps(LOADING, ensure_ascii=False)};</script>")
    folder = root / "voila" / "templates" / NAME
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html.j2").write_text(text, encoding="utf-8")
    (folder / "conf.json").write_text(json.dumps({"base_template": "lab"}), encoding="utf-8")
    return root
