"""Plan files: a change to a site (``schemas/plan.schema.json``), read with ``file:line:col`` errors.

A plan names itself (id, title, requester, contractor, due date) and lists requests, each a
mapping with one key saying what it asks for (``outlets``, ``phones``, ``analog``, ``access_point``,
``camera``, ``switch``, ``panel``, ``activate``, ``move``, ``remove``, ``decommission``).
:func:`read_plan` parses and checks a file against the schema with the site files' strict YAML
reader (:mod:`cabling.readers.yamlsource`) and raises :class:`~cabling.diagnostics.InputError` with
every problem found. Names in a plan (rooms, racks, outlets) are checked against the site by
the planner (:func:`cabling.planning.allocate.plan`), which needs the site.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Collector, InputError, Mark
from ..readers import schema, yamlsource

KINDS = ("outlets", "phones", "analog", "access_point", "camera", "switch", "panel", "activate", "move", "remove",
         "decommission")


@dataclass(frozen=True, slots=True)
class Request:
    """One request of a plan: what it asks for (``kind``), its settings as written, where it is."""

    index: int  # 1-based, in file order
    kind: str  # one of KINDS
    data: dict  # the request's mapping (plain values; ``marks`` keep positions)
    mark: Mark | None = None

    def mark_of(self, key: str) -> Mark | None:
        return yamlsource.mark_of(self.data, key) if key in self.data else self.mark

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    @property
    def label(self) -> str:
        return f"request {self.index} ({self.kind})"


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    file: str | None = None
    title: str | None = None
    site: str | None = None
    requester: str | None = None
    contractor: str | None = None
    due: str | None = None
    cable_type: str | None = None
    description: str | None = None
    requests: tuple[Request, ...] = field(default_factory=tuple)
    mark: Mark | None = None
    site_digest: str | None = None  # of the site file(s) it was made on (cabling.analysis.sitediff.site_digest)


def read_plan(path) -> Plan:
    """The plan in file ``path``, or :class:`InputError` naming every problem with file, line and column."""
    diag = Collector()
    name = str(path)
    text = yamlsource.read_text(path, diag)
    data = None
    if text is not None:
        data = plan_from_text(text, name, diag)
    diag.raise_if_errors()
    return data


def plan_from_text(text: str, name: str, diag: Collector | None = None) -> Plan | None:
    """The plan in ``text`` (``name`` for messages); problems go to ``diag`` (raised when none is given)."""
    own = diag is None
    diag = diag or Collector()
    out = None
    data = yamlsource.load(text, name, diag, *schema.typed_keys("plan"))
    if data is None:
        if not diag.errors:
            diag.fatal(Mark(name, 1, 1), "the file is empty; a plan file needs 'plan:' and 'requests:'")
    elif not isinstance(data, dict):
        diag.fatal(getattr(data, "mark", Mark(name, 1, 1)), "a plan file must be a mapping with 'plan:' at the top")
    else:
        for _path, mark, message in schema.validate(data, "plan"):
            diag.error(mark or Mark(name, 1, 1), message if message.startswith("plan: ") else f"plan: {message}")
        if not diag.errors:
            out = _build(data, name)
    if own:
        diag.raise_if_errors()
    return out


def _build(data, name: str) -> Plan:
    head = data["plan"]
    requests = []
    for i, item in enumerate(data["requests"]):
        (kind, body), = item.items()
        mark = yamlsource.mark_of(item, kind)
        requests.append(Request(i + 1, kind, body if isinstance(body, dict) else {}, mark))
    return Plan(id=head["id"], file=name, title=head.get("title"), site=head.get("site"),
                requester=head.get("requester"), contractor=head.get("contractor"), due=head.get("due"),
                cable_type=head.get("cable_type"), description=head.get("description"),
                requests=tuple(requests), mark=getattr(head, "mark", None), site_digest=head.get("site_digest"))


def plan_error(mark: Mark | None, message: str) -> InputError:
    from ..diagnostics import Diagnostic

    return InputError([Diagnostic(mark, message)])
