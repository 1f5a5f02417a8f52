"""Importing routing rules from YAML: the file is the whole rule set.

    rules:
      - category: JALAN-RUSAK        # a category's service code
        region: "33.07.01"           # optional Kemendagri code; absent = anywhere
        agency: DPUPR                # an agency code
        confident: true              # optional; dispatch without a verifier

Rules in the file are created or updated; active rules not in the file are deactivated (never
deleted: tickets remember which rule routed them). Conflicts and unknown codes are refused
before anything is written, each named with its position in the file.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import yaml
from piccolo.columns import Column

from hotline import clock
from hotline.db.tx import transaction
from hotline.directory import changes, routing
from hotline.directory.tables import Agency, Category, Region, RoutingRule


class RulesFileError(ValueError):
    pass


def parse_rules(text: str, source: str = "<rules>") -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesFileError(f"{source}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulesFileError(f"{source}: expected a top-level 'rules:' list")
    out = []
    for i, item in enumerate(data["rules"], start=1):
        if not isinstance(item, dict) or not item.get("category") or not item.get("agency"):
            raise RulesFileError(f"{source}: rule {i} needs 'category' and 'agency'")
        unknown = set(item) - {"category", "region", "agency", "confident", "note"}
        if unknown:
            raise RulesFileError(f"{source}: rule {i} has unknown keys {sorted(unknown)}")
        out.append(
            {
                "category": str(item["category"]),
                "region": str(item["region"]) if item.get("region") else None,
                "agency": str(item["agency"]),
                "confident": bool(item.get("confident", False)),
                "note": str(item.get("note", "")),
                "position": i,
            }
        )
    return out


async def import_rules(path: Path, *, actor: str) -> dict[str, int]:
    text = await asyncio.to_thread(path.read_text, encoding="utf-8")
    items = parse_rules(text, str(path))
    problems = routing.check_rules(
        routing.Rule(i["position"], i["category"], i["region"], i["agency"]) for i in items
    )
    if problems:
        raise RulesFileError(f"{path}: conflicting rules: " + "; ".join(problems))
    now = clock.now()
    categories = {
        r["service_code"]: r["id"]
        for r in await Category.select(Category.service_code, Category.id)
    }
    regions = {r["code"]: r["id"] for r in await Region.select(Region.code, Region.id)}
    agencies = {r["code"]: r["id"] for r in await Agency.select(Agency.code, Agency.id)}
    for i in items:
        for key, table in (("category", categories), ("agency", agencies)):
            if i[key] not in table:
                raise RulesFileError(f"{path}: rule {i['position']}: unknown {key} {i[key]!r}")
        if i["region"] and i["region"] not in regions:
            raise RulesFileError(f"{path}: rule {i['position']}: unknown region {i['region']!r}")
    created = updated = deactivated = 0
    async with transaction():
        existing = await RoutingRule.select()
        by_key = {(r["category"], r["region"]): r for r in existing}
        keep: set[int] = set()
        for i in items:
            rule_key = (categories[i["category"]], regions[i["region"]] if i["region"] else None)
            values: dict[Column | str, Any] = {
                RoutingRule.agency: agencies[i["agency"]],
                RoutingRule.confident: i["confident"],
                RoutingRule.note: i["note"],
                RoutingRule.active: True,
                RoutingRule.updated_at: now,
            }
            row = by_key.get(rule_key)
            if row is None:
                result = await RoutingRule.insert(
                    RoutingRule(
                        category=rule_key[0],
                        region=rule_key[1],
                        agency=agencies[i["agency"]],
                        confident=i["confident"],
                        note=i["note"],
                        updated_at=now,
                    )
                ).returning(RoutingRule.id)
                keep.add(result[0]["id"])
                created += 1
            else:
                keep.add(row["id"])
                if (row["agency"], row["confident"], row["note"], row["active"]) != (
                    values[RoutingRule.agency],
                    i["confident"],
                    i["note"],
                    True,
                ):
                    await RoutingRule.update(values).where(RoutingRule.id == row["id"])
                    updated += 1
        for row in existing:
            if row["id"] not in keep and row["active"]:
                await RoutingRule.update(
                    {RoutingRule.active: False, RoutingRule.updated_at: now}
                ).where(RoutingRule.id == row["id"])
                deactivated += 1
        summary = {"created": created, "updated": updated, "deactivated": deactivated}
        await changes.record(actor, "routing_rule", path.name, "import", summary, at=now)
    return summary
