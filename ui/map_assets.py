"""Map assets served locally, so the map draws on an air-gapped machine.

folium's HTML loads Leaflet and friends from public CDNs; offline that is a blank map. Leaflet and
its marker-cluster plugin come from the XStatic packages on PyPI instead, and Leaflet.heat, which has
none, from `ui/vendor/`: `install_static_assets` copies them into the folder Streamlit serves (`static/`,
at /app/static/), and `use_local_assets` points every element of a map at those copies. Assets the map
does not use are dropped rather than fetched: Bootstrap, awesome-markers, Font Awesome, and jQuery
(folium needs it only for folium.Popup, which our maps do not use: ui.popups binds its own; tested).

The scripts go out as one file (`frontline-map.js`: Leaflet, marker-cluster, heat, in that order):
the dashboard's map component loads its scripts one after another, and four round trips to a server
that is busy running the page cost about 0.3 s of every page load.
"""
from __future__ import annotations

import re
import shutil
from collections import OrderedDict
from html import escape
from pathlib import Path
from urllib.parse import quote

import folium
import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_markercluster

from ui.basemap import install_basemap
from ui.place_labels import install_place_labels

STATIC_DIR = Path(__file__).parent.parent / "static"  # in the repository, which Streamlit serves at /app/static/
STATIC_URL = "/app/static/vendor"
# Asset folders: XStatic packages (BASE_DIR, VERSION), and files vendored here where PyPI has none.
PACKAGES = {"leaflet": (xs_leaflet.BASE_DIR, xs_leaflet.VERSION),
            "leaflet.markercluster": (xs_markercluster.BASE_DIR, xs_markercluster.VERSION),
            "leaflet.heat": (str(Path(__file__).parent / "vendor" / "leaflet.heat"), "0.2.0")}
# The map's scripts, bundled into one file in this order (Leaflet first: the plugins extend it).
BUNDLE = "frontline-map.js"
BUNDLED = ["leaflet/leaflet.js", "leaflet.markercluster/leaflet.markercluster.js", "leaflet.heat/leaflet-heat.js"]
# folium asset names -> file under STATIC_URL; None: not used by our maps, not loaded.
LOCAL_FILES = {
    "leaflet": BUNDLE, "markerclusterjs": BUNDLE, "leaflet-heat.js": BUNDLE, "jquery": None,
    "leaflet_css": "leaflet/leaflet.css",
    "markerclustercss": "leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/MarkerCluster.Default.css",
    "bootstrap": None, "awesome_markers": None, "bootstrap_css": None, "glyphicons_css": None,
    "awesome_markers_font_css": None, "awesome_markers_css": None, "awesome_rotate_css": None,
}


_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def install_static_assets(static_dir: Path) -> Path:
    """Copy the asset folders into `static_dir/vendor/` (once per version), bundle the scripts, and write the
    basemap and place-name files there."""
    vendor = static_dir / "vendor"
    copied = False
    for name, (source, version) in PACKAGES.items():
        target = vendor / name
        stamp = target / f".version-{version}"
        if not stamp.exists():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)
            stamp.touch()
            copied = True
    bundle, contents = vendor / BUNDLE, vendor / f".{BUNDLE}.contents"  # what the bundle was made of
    made_of = " ".join([*BUNDLED, *(version for _, version in PACKAGES.values())])
    if copied or not bundle.exists() or not contents.exists() or contents.read_text() != made_of:
        scripts = [_SOURCE_MAP.sub("", (vendor / path).read_text(encoding="utf-8")) for path in BUNDLED]
        partial = bundle.with_suffix(".partial")  # a page loading meanwhile never gets half a file
        partial.write_text(";\n".join(scripts) + ";\n", encoding="utf-8")
        partial.replace(bundle)
        contents.write_text(made_of)
    install_basemap(vendor)
    install_place_labels(vendor)
    return vendor


def static_url(path: Path, static_dir: Path = STATIC_DIR) -> str:
    """The link to a file under `static_dir` (the dashboard's prepared downloads), which Streamlit streams from
    disk."""
    return "/app/static/" + quote(path.relative_to(static_dir).as_posix())


def download_links(label: str, paths: list[Path], static_dir: Path = STATIC_DIR) -> str:
    """HTML links that download a prepared export's files (exchange.export_files.publish_export): "Download CSV",
    or one line a part when it came in several."""
    names = [f"Download {label}"] if len(paths) == 1 else [
        f"Download {label}, part {n} of {len(paths)}" for n in range(1, len(paths) + 1)]
    return "<br>".join(f'<a href="{escape(static_url(path, static_dir))}" download="{escape(path.name)}">'
                       f"{escape(name)}</a>" for name, path in zip(names, paths))


def _localised(assets: list[tuple[str, str]], base_url: str, declared: set[str]) -> list[tuple[str, str]]:
    """The local copies of `assets`, leaving out those already `declared` by another element (the bundle
    stands for four scripts: loaded twice, it would run twice)."""
    out = []
    for name, url in assets:
        if name not in LOCAL_FILES:
            raise ValueError(f"map asset {name!r} ({url}) has no local copy: add it to LOCAL_FILES")
        local = f"{base_url}/{LOCAL_FILES[name]}" if LOCAL_FILES[name] else None
        if local and local not in declared:
            declared.add(local)
            out.append((name, local))
    return out


def walk(element: folium.Element):
    """The element and all its descendants, in the order they render (a popup's content included)."""
    yield element
    content = getattr(element, "html", None)  # folium.Popup keeps its content outside its children
    for child in [*getattr(element, "_children", {}).values(), *([content] if isinstance(content, folium.Element)
                                                                 else [])]:
        yield from walk(child)


def stable_ids(element: folium.Element, prefix: str) -> folium.Element:
    """Name the element and its descendants `prefix0`, `prefix1`... in render order, instead of folium's
    random ids: the same layers then render to the same script, which the map component does not redraw,
    so an open popup survives a rerun that changed nothing on the map (the analyst's pan, say)."""
    elements = list(walk(element))
    for number, child in enumerate(elements):
        child._id = f"{prefix}{number}"
    for child in elements:  # templates name children by their key in the parent
        child._children = OrderedDict((c.get_name(), c) for c in child._children.values())
    return element


def use_local_assets(fmap: folium.Element, base_url: str = STATIC_URL) -> folium.Element:
    """Point every JS/CSS asset of a map or layer, and of its children, at the local copies, each declared
    once."""
    declared: set[str] = set()
    for element in walk(fmap):
        if isinstance(element, folium.elements.JSCSSMixin):
            element.default_js = _localised(element.default_js, base_url, declared)
            element.default_css = _localised(element.default_css, base_url, declared)
    return fmap
