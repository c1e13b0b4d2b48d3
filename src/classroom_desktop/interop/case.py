"""A framework from a CASE 1.0 package (1EdTech Competencies and Academic Standards Exchange): the JSON a
state's or an OpenSALT server's ``CFPackages`` endpoint gives, with ``CFDocument``, ``CFItems`` and
``CFAssociations``.

The document's ``title`` names the framework; each item's ``humanCodingScheme`` is its code and its
``fullStatement`` its statement. ``isChildOf`` associations make the tree: the teacher picks the part
to bring in (the whole document, or one grade or subject item), the children of that part become the
strands and the items under them the standards (pure grouping items without a code, such as clusters,
are left out). ``precedes`` (and ``isPeerOf`` when the teacher asks for it) between two standards
brought in become prerequisites; a cycle is refused with its standards named.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from classroom_desktop.domain import paths
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.types import StandardInfo
from classroom_desktop.i18n import _
from classroom_desktop.interop.filekind import decode
from classroom_desktop.interop.standards_csv import StandardRow, StandardsFile

#: CFItemTypes that group standards rather than state one (left out when they have children).
GROUPING_KINDS = frozenset({"domain", "cluster", "grade level", "grade", "strand", "subject", "course",
                            "unit", "topic", "category", "section", "conceptual category", "standard group"})


@dataclass
class CaseItem:
    identifier: str
    code: str
    statement: str
    kind: str = ""
    notes: str = ""
    children: list[str] = field(default_factory=list)


@dataclass
class CasePackage:
    """A CFPackage read: the document, its items by identifier, the tree and the precedence links."""

    identifier: str
    title: str
    subject: str
    items: dict[str, CaseItem]
    roots: list[str]
    precedes: list[tuple[str, str]]
    peers: list[tuple[str, str]]

    def label(self, identifier: str) -> str:
        item = self.items[identifier]
        head = item.code or item.statement[:60]
        return f"{head} — {item.statement[:60]}" if item.code and item.statement else head

    def parts(self) -> list[tuple[str, str, int]]:
        """Where a teacher can start an import: (identifier, label, number of items under it), the whole
        document first (identifier ``""``), then every item that has children, in tree order."""
        out = [("", f"{self.title} (the whole document)", len(self.items))]

        def walk(ids: list[str], depth: int) -> None:
            for i in ids:
                item = self.items[i]
                if item.children:
                    out.append((i, "  " * depth + self.label(i), self.count_under(i)))
                    walk(item.children, depth + 1)

        walk(self.roots, 0)
        return out

    def count_under(self, identifier: str) -> int:
        stack, seen = list(self.items[identifier].children), 0
        while stack:
            seen += 1
            stack.extend(self.items[stack.pop()].children)
        return seen

    def find(self, name: str) -> str:
        """The identifier of the item whose code, statement or identifier is ``name``."""
        key = name.casefold().strip()
        for item in self.items.values():
            if key in (item.code.casefold(), item.statement.casefold(), item.identifier.casefold()):
                return item.identifier
        raise UserError(_("The CASE package has no item called '{name}'; give a code or a title from it "
                          "(for example {examples}).").format(
            name=name, examples=", ".join(self.label(r) for r in self.roots[:3])))


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _node_id(ref: Any) -> str:
    if isinstance(ref, dict):
        return str(ref.get("identifier") or "")
    return ""


def read_case(data: bytes) -> CasePackage:
    """Read a CASE 1.0 CFPackage.

    Raises:
        UserError: the JSON is not a CFPackage (one line saying what it lacks).
    """
    text, _encoding = decode(data)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(_("This JSON file could not be read ({problem} at line {line}); a framework should "
                          "be a CASE JSON package (CFPackage).").format(
            problem=exc.msg, line=exc.lineno)) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("CFDocument"), dict) \
            or not isinstance(raw.get("CFItems"), list):
        raise UserError(_("This JSON file is not a CASE package: it has no CFDocument and CFItems "
                          "(download the framework as a CFPackage from the CASE server)."))
    document = raw["CFDocument"]
    doc_id = str(document.get("identifier") or "")
    items: dict[str, CaseItem] = {}
    for entry in raw["CFItems"]:
        if not isinstance(entry, dict) or not entry.get("identifier"):
            continue
        items[str(entry["identifier"])] = CaseItem(
            identifier=str(entry["identifier"]),
            code=_text(entry.get("humanCodingScheme")),
            statement=_text(entry.get("fullStatement") or entry.get("abbreviatedStatement")),
            kind=_text(entry.get("CFItemType")),
            notes=_text(entry.get("notes")),
        )
    if not items:
        raise UserError(_("This CASE package has no items (CFItems is empty)."))
    children: list[tuple[float, int, str, str]] = []  # (sequence, file order, parent, child)
    precedes: list[tuple[str, str]] = []
    peers: list[tuple[str, str]] = []
    for n, assoc in enumerate(raw.get("CFAssociations") or []):
        if not isinstance(assoc, dict):
            continue
        kind = assoc.get("associationType")
        origin, dest = _node_id(assoc.get("originNodeURI")), _node_id(assoc.get("destinationNodeURI"))
        if kind == "isChildOf" and origin in items and (dest in items or dest == doc_id):
            try:
                seq = float(assoc.get("sequenceNumber") or 0)
            except (TypeError, ValueError):
                seq = 0.0
            children.append((seq, n, dest, origin))
        elif kind == "precedes" and origin in items and dest in items:
            precedes.append((origin, dest))
        elif kind == "isPeerOf" and origin in items and dest in items:
            peers.append((origin, dest))
    roots: list[str] = []
    has_parent: set[str] = set()
    for _seq, _n, parent, child in sorted(children):
        if child in has_parent:
            continue  # an item placed twice: its first place counts
        has_parent.add(child)
        if parent == doc_id:
            roots.append(child)
        else:
            items[parent].children.append(child)
    roots += [i for i in items if i not in has_parent]  # loose items: at the top
    _refuse_tree_cycles(items, roots)
    subject = document.get("subject")
    return CasePackage(doc_id, _text(document.get("title")) or "Imported standards",
                       _text(", ".join(subject) if isinstance(subject, list) else subject),
                       items, roots, precedes, peers)


def _refuse_tree_cycles(items: dict[str, CaseItem], roots: list[str]) -> None:
    reached: set[str] = set()
    stack = list(roots)
    while stack:
        i = stack.pop()
        if i in reached:
            continue
        reached.add(i)
        stack.extend(items[i].children)
    if len(reached) != len(items):
        lost = next(items[i] for i in items if i not in reached)
        raise UserError(_("The CASE package's isChildOf links go round in a circle at {item}; it cannot "
                          "be read as a tree.").format(item=lost.code or lost.statement[:40]))


def to_standards(package: CasePackage, part: str = "", peers_as_prerequisites: bool = False
                 ) -> StandardsFile:
    """The standards of the chosen part (``""``: the whole document) as a :class:`StandardsFile`.

    Raises:
        UserError: the part holds no standards, or the prerequisites go round in a circle (named).
    """
    tops = package.items[part].children if part else package.roots
    rows: list[StandardRow] = []
    strands: list[str] = []
    codes: dict[str, str] = {}  # identifier -> code
    used: set[str] = set()

    def code_for(item: CaseItem) -> str:
        base = item.code or item.statement[:24].strip() or item.identifier[:8]
        code, n = base, 2
        while code in used:
            code, n = f"{base} ({n})", n + 1
        used.add(code)
        return code

    def add(identifier: str, strand: str) -> None:
        item = package.items[identifier]
        grouping = item.children and (not item.code or item.kind.casefold() in GROUPING_KINDS)
        if not grouping:
            codes[identifier] = code_for(item)
            rows.append(StandardRow(len(rows) + 1, strand, codes[identifier], item.statement, item.notes))
        for child in item.children:
            add(child, strand)

    for top in tops:
        item = package.items[top]
        if item.children:
            strand = item.statement if not item.code else f"{item.code} {item.statement}".strip()
            strands.append(strand)
            for child in item.children:
                add(child, strand)
        else:
            add(top, "")
    if not rows:
        raise UserError(_("That part of the CASE package holds no standards."))
    links = list(package.precedes) + (list(package.peers) if peers_as_prerequisites else [])
    prereqs: dict[str, list[str]] = {}
    for before, after in links:
        if before in codes and after in codes and before != after:
            prereqs.setdefault(codes[after], []).append(codes[before])
    rows = [StandardRow(r.line, r.strand, r.code, r.statement, r.description,
                        tuple(dict.fromkeys(prereqs.get(r.code, ())))) for r in rows]
    paths.check_acyclic([StandardInfo(r.code, r.code, r.statement, 0, i, r.prerequisites)
                         for i, r in enumerate(rows)])
    return StandardsFile(list(dict.fromkeys(strands)), rows)
