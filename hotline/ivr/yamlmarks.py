"""YAML read with line numbers, so a flow error can name the file and line (pure: no I/O).

PyYAML's composer keeps a mark on every node; we turn the node tree into dicts, lists and strings
that remember their line. Every scalar stays a string ("1" and 1 are the same key on a keypad),
and a key written twice in one mapping is an error instead of PyYAML's silent "last one wins".
"""

from __future__ import annotations

from typing import Any

import yaml


class YamlError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class LStr(str):
    line: int = 0


class LList(list[Any]):
    line: int = 0


class LDict(dict[str, Any]):
    line: int = 0
    key_lines: dict[str, int]


def _convert(node: yaml.Node) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        s = LStr(node.value)
        s.line = line
        return s
    if isinstance(node, yaml.SequenceNode):
        items = LList(_convert(child) for child in node.value)
        items.line = line
        return items
    if isinstance(node, yaml.MappingNode):
        out = LDict()
        out.line = line
        out.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(key_node.start_mark.line + 1, "a key must be a plain value")
            key = key_node.value
            key_line = key_node.start_mark.line + 1
            if key in out:
                raise YamlError(
                    key_line,
                    f"{key!r} is given twice (first on line {out.key_lines[key]})",
                )
            out[key] = _convert(value_node)
            out.key_lines[key] = key_line
        return out
    raise YamlError(line, f"unsupported YAML node {type(node).__name__}")


def load(text: str) -> Any:
    """The document as LDict / LList / LStr; YamlError(line, message) when it is not valid."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(mark.line + 1 if mark else 1, str(exc.problem or exc)) from None
    if node is None:
        raise YamlError(1, "the file is empty")
    return _convert(node)


def line_of(value: Any, default: int = 0) -> int:
    return int(getattr(value, "line", default))
