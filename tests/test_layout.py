"""The folders tell the pipeline's story, and the imports keep to it: a package imports only from itself and from
the layers below it (README, "Where things are"), never another package's private names; no package folder
outgrows a reader, no module passes 450 lines."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# From the bottom up; packages in one layer do not import each other.
LAYERS = [
    {"language", "geo"},
    {"incidents"},
    {"reports"},
    {"extraction"},
    {"store"},
    {"exchange", "analysis"},
    {"watch"},
    {"ui", "cli"},
    {"pages", "dashboard", "tools", "bench"},
]
LAYER_OF = {name: depth for depth, names in enumerate(LAYERS) for name in names}
PACKAGES = sorted(n for n in LAYER_OF if (ROOT / n).is_dir())
MAX_MODULES_PER_FOLDER = 15
MAX_MODULE_LINES = 450


def _modules() -> list[Path]:
    found = [ROOT / "dashboard.py"]
    for package in PACKAGES:
        found += [p for p in (ROOT / package).rglob("*.py") if "vendor" not in p.parts]
    return sorted(found)


def _owner(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names imported from it) for every import in the file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module, [alias.name for alias in node.names]))
    return found


def test_every_product_package_has_a_place_in_the_layers():
    on_disk = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert on_disk <= set(LAYER_OF), f"packages missing from LAYERS: {sorted(on_disk - set(LAYER_OF))}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_run_down_the_layers(path):
    owner = _owner(path)
    wrong = []
    for line, module, names in _imports(path):
        target = module.split(".")[0]
        if target not in LAYER_OF or target == owner:
            continue
        if LAYER_OF[target] >= LAYER_OF[owner]:
            wrong.append(f"line {line}: {owner} (layer {LAYER_OF[owner]}) imports {module} "
                         f"(layer {LAYER_OF[target]})")
        private = [n for n in names if n.startswith("_")]
        if private or any(part.startswith("_") for part in module.split(".")[1:]):
            wrong.append(f"line {line}: {owner} reaches into {module}'s private {private or module}")
    assert not wrong, "\n".join(wrong)


def test_no_folder_holds_too_many_modules():
    crowded = {}
    for package in PACKAGES:
        for folder in [ROOT / package, *(p for p in (ROOT / package).rglob("*") if p.is_dir())]:
            modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
            if len(modules) > MAX_MODULES_PER_FOLDER and "vendor" not in folder.parts:
                crowded[str(folder.relative_to(ROOT))] = len(modules)
    assert not crowded, crowded


def test_no_module_is_too_long():
    long = {str(p.relative_to(ROOT)): n for p in _modules() if "migrations" not in p.parts
            and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, long


def test_each_package_says_what_it_owns_and_may_import():
    silent = [package for package in PACKAGES if (ROOT / package / "__init__.py").is_file()
              and "import" not in (ast.get_docstring(ast.parse((ROOT / package / "__init__.py").read_text())) or "").lower()]
    assert not silent, f"no docstring saying what they may import: {silent}"
