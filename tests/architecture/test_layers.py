"""The layering of docs/architecture.md, checked on the source: who may import whom.

Read from the files' import statements (including imports inside functions), so a deliberate bad
edge anywhere in src/ fails here with the file and line that made it.
"""

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
ROOT = SRC / "gongkai"

# Lower layers first; a package may import its own layer or lower ones, never a higher one.
LAYERS: list[set[str]] = [
    {"errors", "env", "periods", "national_format", "capabilities", "backup"},
    {"adapters", "exports", "orgs", "calendar", "findings", "commands", "versioned"},
    # capability apps: one per kind of work the office supervises
    {
        "publishing",
        "standards",
        "foi",
        "annualreport",
        "newmedia",
        "sitecheck",
        "proofread",
        "policies",
    },
    {"assessment"},
    {"reports"},
    {"web", "sample"},
    {"settings", "urls", "wsgi", "cli", "__main__"},
]
CAPABILITIES = LAYERS[2]
# What a capability offers the others (and the assessment): reads and writes, nothing else.
PUBLIC_MODULES = {"selectors", "services"}
# Presentation binds models to forms and templates, so it may read any public module of an app.
PRESENTATION = LAYERS[4] | LAYERS[5] | LAYERS[6]

LAYER_OF = {package: index for index, layer in enumerate(LAYERS) for package in layer}

# Pure core: plain Python, importable without Django (the rules, clocks, scoring and checkers).
PURE_CORE = [
    "gongkai.errors",
    "gongkai.periods",
    "gongkai.capabilities",
    "gongkai.calendar.core",
    "gongkai.foi.clock",
    "gongkai.standards.rules",
    "gongkai.standards.statistics",
    "gongkai.assessment.scheme",
    "gongkai.assessment.scoring",
    "gongkai.assessment.ranking",
    "gongkai.national_format",
    "gongkai.annualreport.checks",
    "gongkai.annualreport.parser",
    "gongkai.adapters.layout",
    "gongkai.annualreport.claims",
    "gongkai.annualreport.splitting",
    "gongkai.reports.bulletin_check",
    "gongkai.newmedia.rules",
    "gongkai.newmedia.parsing",
    "gongkai.policies.rules",
    "gongkai.policies.checks",
    "gongkai.policies.elements",
    "gongkai.policies.numbers",
    "gongkai.policies.overlap",
    "gongkai.proofread.checkers.engine",
    "gongkai.proofread.checkers.places",
    "gongkai.proofread.checkers.roster",
    "gongkai.proofread.checkers.lexicon",
    "gongkai.proofread.checkers.typos",
    "gongkai.proofread.checkers.layout",
    "gongkai.proofread.checkers.personal",
    "gongkai.sitecheck.extract",
    "gongkai.sitecheck.health",
]


def _package(path: Path) -> str:
    relative = path.relative_to(ROOT)
    return relative.parts[0].removesuffix(".py")


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path):
    """(line, imported module) for every gongkai import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    here = _module_name(path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1] + ([base] if base else []))
            package = SRC.joinpath(*base.split("."))
            if (package / "__init__.py").exists():  # `from gongkai.foi import services`
                for alias in node.names:
                    yield node.lineno, f"{base}.{alias.name}"
            else:
                yield node.lineno, base


def _edges():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = _package(path)
        for line, target in _imports(path):
            parts = target.split(".")
            if parts[0] != "gongkai" or len(parts) < 2:
                continue
            if parts[1] != source:
                yield path.relative_to(SRC), line, source, parts[1], parts[2:]


def test_every_package_has_a_layer():
    packages = {_package(p) for p in ROOT.rglob("*.py") if p.parent == ROOT or p.name == "apps.py"}
    packages |= {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    packages.discard("__init__")
    assert sorted(packages - LAYER_OF.keys()) == []


def test_lower_layers_never_import_higher_ones():
    bad = [
        f"{where}:{line}: {source} → {target}"
        for where, line, source, target, _ in _edges()
        if LAYER_OF[target] > LAYER_OF[source]
    ]
    assert bad == []


def test_capabilities_meet_only_through_selectors_and_services():
    bad = []
    for where, line, source, target, rest in _edges():
        if target not in CAPABILITIES or source in PRESENTATION:
            continue
        if not rest or rest[0] not in PUBLIC_MODULES:
            module = ".".join([target, *rest[:1]])
            bad.append(f"{where}:{line}: {source} → {module}")
    assert bad == []


def test_no_import_cycle_between_packages():
    graph = defaultdict(set)
    for _, _, source, target, _ in _edges():
        graph[source].add(target)
    cycles = []

    def visit(node, trail):
        for nxt in sorted(graph[node]):
            if nxt in trail:
                cycles.append(" → ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in done:
                visit(nxt, [*trail, nxt])
        done.add(node)

    done: set[str] = set()
    for node in sorted(graph):
        if node not in done:
            visit(node, [node])
    assert cycles == []


def test_pure_core_imports_without_django():
    code = (
        "import sys\n"
        f"for name in {PURE_CORE!r}:\n"
        "    __import__(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(leaked))\n"
    )
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
