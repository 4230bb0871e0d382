#!/usr/bin/env python3
"""OTLP/HTTP JSON logs receiver for the test suite: decodes every request with the official OTLP
protobuf definitions (PyPI opentelemetry-proto) and checks the OTLP/JSON rules protobuf's own JSON
parser does not (lowerCamelCase keys only, integer enums, hex trace/span ids, 64-bit integers as
decimal strings), plus Lastgate's event schema (docs/reporting.md). A non-conformant request gets
HTTP 400 and is recorded as an error, so a test that checks `errors == []` fails on it.

Usage: receiver.py PORT   (0 = any free port; the chosen port is printed as "listening PORT")
GET /received -> {"requests": n, "events": [{id, kind, attributes, resource}], "errors": [...]}
POST /fail?n=K -> the next K export requests are answered 503 (to test retries)
"""
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from google.protobuf import json_format
from opentelemetry.proto.collector.logs.v1 import logs_service_pb2

CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
DIGITS = re.compile(r"^[0-9]+$")
HEX = {"traceId": 32, "spanId": 16}
ENUMS = {"severityNumber"}
INT64 = {"timeUnixNano", "observedTimeUnixNano", "intValue"}
REQUIRED = {"event.id", "lastgate.schema_version", "lastgate.event", "lastgate.flow", "lastgate.action",
            "lastgate.risk", "lastgate.reasons", "lastgate.page.origin", "lastgate.page.path"}
# Lastgate never sends these: full URLs, queries, page text, field values.
FORBIDDEN = {"url.full", "url.query", "url.fragment", "http.url", "page.text", "lastgate.text"}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

state = {"requests": 0, "events": [], "errors": [], "fail": 0}


def check_json_rules(node, path, errors):
    if isinstance(node, dict):
        for k, v in node.items():
            p = f"{path}.{k}"
            if not CAMEL.match(k):
                errors.append(f"{p}: key is not lowerCamelCase")
            if k in ENUMS and not isinstance(v, int):
                errors.append(f"{p}: enum must be an integer, got {v!r}")
            if k in INT64 and not (isinstance(v, str) and DIGITS.match(v)):
                errors.append(f"{p}: 64-bit integer must be a decimal string, got {v!r}")
            if k in HEX and v != "" and not (isinstance(v, str) and re.fullmatch(f"[0-9a-f]{{{HEX[k]}}}", v)):
                errors.append(f"{p}: must be {HEX[k]} lowercase hex digits, got {v!r}")
            check_json_rules(v, p, errors)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            check_json_rules(v, f"{path}[{i}]", errors)


def attrs(kvs):
    out = {}
    for kv in kvs:
        v = kv.value
        kind = v.WhichOneof("value")
        if kind == "array_value":
            out[kv.key] = [x.string_value for x in v.array_value.values]
        else:
            out[kv.key] = getattr(v, kind) if kind else None
    return out


def check_request(body):
    errors = []
    try:
        raw = json.loads(body)
    except ValueError as e:
        return [], [f"not JSON: {e}"]
    check_json_rules(raw, "$", errors)
    msg = logs_service_pb2.ExportLogsServiceRequest()
    try:
        json_format.Parse(body, msg, ignore_unknown_fields=False)
    except json_format.ParseError as e:
        return [], errors + [f"protobuf decode: {e}"]
    events = []
    if not msg.resource_logs:
        errors.append("no resourceLogs")
    for rl in msg.resource_logs:
        resource = attrs(rl.resource.attributes)
        if resource.get("service.name") != "lastgate-extension":
            errors.append(f"resource service.name is {resource.get('service.name')!r}")
        for sl in rl.scope_logs:
            for rec in sl.log_records:
                a = attrs(rec.attributes)
                missing = (REQUIRED - set(a)) if a.get("lastgate.event") != "events_dropped" else ({"event.id"} - set(a))
                if missing:
                    errors.append(f"log record misses {sorted(missing)}")
                bad = FORBIDDEN & set(a)
                if bad:
                    errors.append(f"log record carries forbidden attributes {sorted(bad)}")
                if not UUID.match(str(a.get("event.id", ""))):
                    errors.append(f"event.id {a.get('event.id')!r} is not a UUID")
                if rec.time_unix_nano == 0 or rec.severity_number == 0:
                    errors.append("log record without time or severity")
                events.append({"id": a.get("event.id"), "kind": a.get("lastgate.event"), "attributes": a,
                               "resource": resource, "eventName": rec.event_name})
    return events, errors


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/received":
            self.reply(200, {k: state[k] for k in ("requests", "events", "errors")})
        else:
            self.reply(404, {})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if self.path.startswith("/fail"):
            state["fail"] = int(self.path.split("n=")[-1])
            self.reply(200, {})
            return
        if self.path != "/v1/logs":
            self.reply(404, {})
            return
        state["requests"] += 1
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            state["errors"].append(f"Content-Type {self.headers.get('Content-Type')!r}")
        auth = self.headers.get("Authorization")
        if auth is not None and auth != "Bearer test-token":
            state["errors"].append(f"unexpected Authorization header {auth!r}")
        if state["fail"] > 0:
            state["fail"] -= 1
            self.reply(503, {})
            return
        events, errors = check_request(body)
        if errors:
            state["errors"].extend(errors)
            self.reply(400, {"errors": errors})
            return
        state["events"].extend(events)
        self.reply(200, {})  # ExportLogsServiceResponse: empty = everything accepted


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"listening {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
