"""Declarations that plugins return from hooks.

Plain classes (not dataclasses, whose code generation costs milliseconds), light to import: a plugin module imports these at top
level without pulling tinydb, rich or anything heavy.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Iterable, NamedTuple, Optional, TypedDict

if TYPE_CHECKING:  # pragma: no cover
    from datetime import date

FIELD_TYPES = ("str", "int", "decimal", "date", "datetime", "bool", "choice", "list", "person", "event")
MASKS = ("id_card", "phone", "name")  # name: sensitive people (帮教, dispute parties) hidden unless --reveal
#: What a record type is: kept by ``shequ record``, a type of calendar event, or extra fields of ledger entries.
KINDS = ("record", "event", "ledger")
TYPE_ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"
FIELD_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"

#: A field validator gets the coerced value and the whole record; returns a problem or None.
Validator = Callable[[Any, dict], Optional[str]]


class Field:
    """One field of a record type.

    ``type`` is one of :data:`FIELD_TYPES`.  ``label`` is the Chinese column
    header used in tables, CSV and Excel (imports accept the label or the
    name).  ``mask`` hides personal data in output unless ``--reveal``.
    """

    # Plain classes, not dataclasses: dataclass code generation costs
    # milliseconds at import, and every plugin imports this module at start-up.
    __slots__ = ("name", "type", "label", "required", "choices", "default", "validators", "help", "mask")

    def __init__(
        self,
        name: str,
        type: str = "str",
        label: str = "",
        required: bool = False,
        choices: tuple[str, ...] = (),
        default: Any = None,
        validators: tuple[Validator, ...] = (),
        help: str = "",
        mask: Optional[str] = None,
    ) -> None:
        self.name = name
        self.type = type
        self.label = label
        self.required = required
        self.choices = tuple(choices)
        self.default = default
        self.validators = tuple(validators)
        self.help = help
        self.mask = mask

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.type!r}, label={self.label!r})"

    @property
    def title(self) -> str:
        return self.label or self.name

    def problems(self) -> list[str]:
        """What is wrong with this declaration (for the plugin contract)."""
        out = []
        if not re.match(FIELD_NAME_PATTERN, self.name):
            out.append(f"字段名 {self.name!r} 不合法（应为小写英文/拼音加下划线）")
        if self.type not in FIELD_TYPES:
            out.append(f"字段 {self.name} 的类型 {self.type!r} 未知（可用：{'、'.join(FIELD_TYPES)}）")
        if self.type == "choice" and not self.choices:
            out.append(f"字段 {self.name} 为 choice 类型但没有给出 choices")
        if self.choices and self.type not in ("choice", "list"):
            out.append(f"字段 {self.name} 给了 choices，但类型是 {self.type}（应为 choice 或 list）")
        if self.default is not None and self.choices and self.type == "choice" and self.default not in self.choices:
            out.append(f"字段 {self.name} 的默认值 {self.default!r} 不在可选值中")
        if self.mask is not None and self.mask not in MASKS:
            out.append(f"字段 {self.name} 的 mask {self.mask!r} 未知（可用：{'、'.join(MASKS)}）")
        return out


class RecordType:
    """A plugin-defined record type; the core gives it add/list/show/edit/remove/import/export.

    ``id`` is namespaced by the plugin: ``hello.greeting``, ``dangjian.member``.
    ``columns`` picks the fields shown by ``record list`` (default: all).
    ``source`` cites the work plans (e.g. ``seeds L120-L131``).
    """

    __slots__ = ("id", "title", "fields", "description", "columns", "source", "kind", "_index")

    def __init__(
        self,
        id: str,
        title: str,
        fields: tuple[Field, ...],
        description: str = "",
        columns: tuple[str, ...] = (),
        source: str = "",
        kind: str = "record",
    ) -> None:
        self.id = id
        #: ``record`` (kept by ``shequ record``), ``event`` (a type of calendar event:
        #: 党课, 普法宣传 …, kept by ``shequ calendar`` with date, attendance and status) or
        #: ``ledger`` (fields this plugin adds to ledger entries, such as 党费的所属月份).
        self.kind = kind
        self.title = title
        self.fields = tuple(fields)
        self.description = description
        self.columns = tuple(columns)
        self.source = source
        # Name and label → field; imports look fields up once per cell.
        self._index = {f.label: f for f in reversed(self.fields) if f.label}
        self._index.update({f.name: f for f in reversed(self.fields)})

    def __repr__(self) -> str:
        return f"RecordType({self.id!r}, {self.title!r})"

    def field(self, name: str) -> Field | None:
        """The field called *name* (its name, or its Chinese label)."""
        return self._index.get(name)

    def problems(self) -> list[str]:
        out = []
        if not re.match(TYPE_ID_PATTERN, self.id):
            out.append(f"记录类型编号 {self.id!r} 不合法（应为 插件名.类型，如 hello.greeting）")
        if not self.title:
            out.append(f"记录类型 {self.id} 缺少中文名称 title")
        if self.kind not in KINDS:
            out.append(f"记录类型 {self.id} 的 kind 应为 {' 或 '.join(KINDS)}，而不是 {self.kind!r}")
        seen: set[str] = set()
        for f in self.fields:
            out.extend(f"{self.id}：{p}" for p in f.problems())
            for key in {f.name, f.label} - {""}:
                if key in seen:
                    out.append(f"{self.id}：字段名或标签 {key!r} 重复")
                seen.add(key)
        for col in self.columns:
            if not any(f.name == col for f in self.fields):
                out.append(f"{self.id}：columns 中的 {col!r} 不是字段")
        return out


class PersonCategory:
    """A computed person category (高龄, 育龄妇女 …): never stored, always current.

    ``test(person, on)`` decides for one person.  Questions over the whole
    register (how many 高龄 among 20k residents?) may be answered faster:

    - ``within``: the name of a category that contains this one (空巢老人 are
      all 老年人), so ``test`` runs only on that category's members;
    - ``members(register)``: the ids of every member at once, from a
      :class:`shequ.people.Register` (for example from an index of records).
      It must agree with ``test``; ``shequ.testing.check_plugin`` checks it.

    ``sensitive=True`` marks a category that is itself 敏感个人信息 (两癌妇女, 低保对象,
    残疾人, 帮教对象 …): it is left out of the categories listings show beside a name, listing
    its members by name needs ``--reveal`` (logged), duty details name its members by number
    only, and reports count it.
    """

    __slots__ = ("name", "test", "description", "within", "members", "sensitive")

    def __init__(self, name: str, test: "Callable[[Any, date], bool]", description: str = "", *,
                 within: str | None = None, members: "Callable[[Any], Iterable[int]] | None" = None,
                 sensitive: bool = False) -> None:
        self.name = name
        self.test = test
        self.description = description
        self.within = within
        self.members = members
        self.sensitive = sensitive

    def __repr__(self) -> str:
        return f"PersonCategory({self.name!r})"


class Table(NamedTuple):
    """A table of a report section.

    ``columns`` are the Chinese headers; each row has one value per column
    (numbers stay numbers, so Excel can sum them); ``total`` is an optional
    last row; ``text_columns`` are the positions kept as text in Excel (dates,
    ids) even when they look like numbers.
    """

    title: str
    columns: list[str]
    rows: list[list[Any]]
    total: list[Any] | None = None
    text_columns: frozenset[int] = frozenset()


class Chart(NamedTuple):
    """A bar chart of a report section, drawn beside the table it shows (``table``, a title of
    one of the section's tables; without one the chart's own figures are shown as a table).

    One bar per ``labels`` entry; each bar is made of one segment per ``series`` (a single
    series is a plain bar chart, several a stacked one); ``values[i][j]`` is bar *i*'s
    segment *j*.  ``mark`` draws a reference line (100 for 执行率 in percent); ``unit`` follows
    each bar's total (``次``, ``%``).  html gets inline SVG, docx pictures, the terminal bars.
    """

    title: str
    labels: list[str]
    series: list[str]
    values: list[list[float]]
    table: str | None = None
    unit: str = ""
    mark: float | None = None


class ReportSection:
    """A section of a report: title, order, paragraphs, tables and key figures.

    ``order`` places it among the others (the core's 总体情况 is 10, 活动开展情况 20,
    职责 30, 党建 35, 普法 36, 经费 60 …); ``figures`` are the key numbers as plain
    JSON values, the part of a report that scripts and the 街道 roll-up read.

    For the roll-up (``shequ bundle export`` / ``shequ rollup report``): ``labels`` give
    figures their Chinese names (``{"meetings": "组织生活会议（次）"}``; a nested figure's
    entries are ``"key.sub"``); ``rates`` name, for a figure that is a rate, the two figures
    it is computed from (``{"attendance_rate": ("present", "seats")}``), so the 街道's total
    is recomputed from the summed parts, never averaged.  ``charts`` (:class:`Chart`) are
    drawn in html, docx and the terminal.  ``plugin`` is set by the report: who made it.
    """

    def __init__(
        self,
        title: str,
        order: int = 100,
        paragraphs: list[str] | None = None,
        tables: "list[Table] | None" = None,
        figures: dict[str, Any] | None = None,
        *,
        labels: dict[str, str] | None = None,
        rates: "dict[str, tuple[str, str]] | None" = None,
        charts: "list[Chart] | None" = None,
    ) -> None:
        self.title = title
        self.order = order
        self.paragraphs = list(paragraphs or [])
        self.tables = list(tables or [])
        self.figures = dict(figures or {})
        self.labels = dict(labels or {})
        self.rates = {k: (str(v[0]), str(v[1])) for k, v in (rates or {}).items()}
        self.charts = list(charts or [])
        self.plugin = ""

    def __repr__(self) -> str:
        return f"ReportSection({self.title!r}, order={self.order})"


class Setting:
    """A per-home setting a plugin declares for a rule the source leaves open (``shequ config``).

    ``key`` is namespaced by the plugin (``fulian.checkup_season``); ``default`` is the
    text a user would type; ``type`` is one of ``str int decimal bool list choice date``
    (``choices`` for ``choice``), or give ``parse``, a function from the text to the value
    that raises ``ValueError`` with a Chinese reason.  ``source`` cites the plan.
    """

    __slots__ = ("key", "default", "description", "type", "choices", "parse", "source")

    def __init__(self, key: str, default: str, description: str, *, type: str = "str", choices: tuple[str, ...] = (),
                 parse: "Callable[[str], Any] | None" = None, source: str = "") -> None:
        self.key = key
        self.default = default
        self.description = description
        self.type = type
        self.choices = tuple(choices)
        self.parse = parse
        self.source = source

    def __repr__(self) -> str:
        return f"Setting({self.key!r}, {self.default!r})"

    def value(self, text: str) -> Any:
        """The parsed value of *text*; ``ValueError`` with a Chinese reason."""
        if self.parse is not None:
            return self.parse(text)
        from shequ.common.values import coerce_scalar, parse_decimal

        if self.type == "decimal":  # a Decimal to compute with (records keep decimal strings)
            return parse_decimal(text)
        value = coerce_scalar(self.type if self.type != "choice" else "str", text)
        if self.type == "choice" and value not in self.choices:
            raise ValueError(f"“{value}”不是可选值（可选：{'、'.join(self.choices)}）")
        return value

    def problems(self) -> list[str]:
        out = []
        if not re.match(TYPE_ID_PATTERN, self.key):
            out.append(f"设置项 {self.key!r} 不合法（应为 插件名.名称，如 fulian.checkup_season）")
        if self.parse is None and self.type not in ("str", "int", "decimal", "bool", "list", "choice", "date"):
            out.append(f"设置项 {self.key} 的类型 {self.type!r} 未知")
        if self.type == "choice" and not self.choices:
            out.append(f"设置项 {self.key} 为 choice 类型但没有给出 choices")
        if not self.description:
            out.append(f"设置项 {self.key} 缺少中文说明")
        try:
            self.value(self.default)
        except Exception as exc:  # the default itself must parse
            out.append(f"设置项 {self.key} 的默认值 {self.default!r} 无效：{exc}")
        return out


# -- the shapes of the dict-returning hooks (for type checkers and editors) -----------------
class Duty(TypedDict, total=False):
    """A duty (``shequ_duties``): ``id``, ``title``, ``kind`` and ``source`` are required.

    ``kind`` is ``fixed`` (``rrule``, ``shift``), ``quota`` (``per``, ``min``/``max``),
    ``window`` (``window`` such as ``春季`` or ``before:春节:15``), ``per_person``
    (``population``, ``metric``), ``deadline`` (``due``) or ``event_relative``;
    ``match`` says which held events count (``type``, ``domain``, ``fields``, ``title_contains``).
    """

    id: str
    title: str
    kind: str
    source: str
    domain: str
    match: dict[str, Any]
    per: str
    min: float
    max: float
    rrule: str
    shift: str
    window: str
    due: str
    population: dict[str, Any]
    metric: str
    in_months: list[int]
    type: str
    enabled: bool


class ChecklistItem(TypedDict, total=False):
    """One criterion: ``id`` and ``text``; ``weight`` for 百分制, ``rule`` to evaluate it from data,
    ``evidence`` when it needs a file or a note."""

    id: str
    text: str
    weight: float
    rule: dict[str, Any]
    evidence: bool


class ChecklistTemplate(TypedDict, total=False):
    """A checklist template (``shequ_checklists``): ``id``, ``title``, ``items`` required;
    ``recurrence`` (``year``/``half``/``quarter``/``month``) makes it due every period."""

    id: str
    title: str
    domain: str
    source: str
    recurrence: str
    total: float
    levels: list[list[Any]]
    items: list[ChecklistItem]


class Festival(TypedDict, total=False):
    """A named day (``shequ_festivals``): ``name`` plus ``month``/``day``, or ``month``/``weekday``
    (0 = Monday)/``nth``, or ``lunar_month``/``lunar_day``."""

    name: str
    month: int
    day: int
    weekday: int
    nth: int
    lunar_month: int
    lunar_day: int
    source: str


class LedgerAccount(TypedDict, total=False):
    """An account (``shequ_ledger_accounts``): ``path`` (``支出:普法:宣传品``) and ``kind``
    (``income``/``expense``/``asset``); ``fund`` declares an earmarked fund
    ``{"name", "accounts", "earmarked"}`` (专款专用); ``sensitive`` masks its payees."""

    path: str
    kind: str
    fund: dict[str, Any]
    #: The payee of money booked here is 敏感个人信息 (低保, 孤儿生活费 …): masked unless ``--reveal``.
    sensitive: bool
