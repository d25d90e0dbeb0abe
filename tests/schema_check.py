#!/usr/bin/env python3
"""Validates a JSON document against a JSON Schema, offline.

usage: schema_check.py SCHEMA DOCUMENT [SIDE_SCHEMA...]

Side schemas are those SCHEMA refers to by $id (CycloneDX's SPDX and JSF
schemas).  Prints up to ten errors and exits 1 when there are any.
"""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    doc = json.load(open(sys.argv[2], encoding="utf-8"))
    side = [json.load(open(p, encoding="utf-8")) for p in sys.argv[3:]]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    kw = {}
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7
        kw["registry"] = Registry().with_resources(
            [(s["$id"], Resource.from_contents(s, DRAFT7)) for s in side])
    except ImportError:
        kw["resolver"] = jsonschema.RefResolver.from_schema(
            schema, store={s["$id"]: s for s in side}, id_of=cls.ID_OF)
    v = cls(schema, format_checker=jsonschema.FormatChecker(), **kw)
    errors = list(v.iter_errors(doc))
    for e in errors[:10]:
        print(sys.argv[2], list(e.absolute_path), e.message[:300],
              file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
