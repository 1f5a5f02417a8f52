"""A flow as a Graphviz drawing, for a supervisor to review (pure: DOT text)."""

from __future__ import annotations

from hotline.ivr.flow import FlowSet

SHAPES = {
    "menu": "box",
    "digits": "box",
    "speech": "box",
    "record": "cylinder",
    "action": "hexagon",
    "branch": "diamond",
    "enqueue": "house",
    "hangup": "doublecircle",
    "say": "note",
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(flows: FlowSet) -> str:
    lines = [
        "digraph ivr {",
        "  rankdir=LR;",
        '  node [fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    by_flow: dict[str, list[str]] = {}
    for state in flows.states.values():
        by_flow.setdefault(state.flow, []).append(state.id)
    for flow, ids in by_flow.items():
        lines.append(f"  subgraph {_quote('cluster_' + flow)} {{")
        lines.append(f"    label={_quote(flow)};")
        for sid in ids:
            s = flows.states[sid]
            label = sid.split(".", 1)[1] + "\\n" + (s.action or s.type)
            style = ", style=bold" if sid == flows.start else ""
            lines.append(
                f"    {_quote(sid)} [label={_quote(label)}, shape={SHAPES[s.type]}{style}];"
            )
        lines.append("  }")
    for state in flows.states.values():
        for label, target in state.targets():
            lines.append(f"  {_quote(state.id)} -> {_quote(target)} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
