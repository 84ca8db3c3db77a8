"""A pytest plugin for `floe-plugins test`: each test's outcome, as JSON, in the file named by the
FLOE_PYTEST_REPORT environment variable. Loaded with `-p floe_pytest_report` (its folder is put on
PYTHONPATH); standard library only.

    {"exitstatus": 1, "tests": [{"nodeid": "...", "file": "/abs/test_x.py", "outcome":
     "passed" | "failed" | "error" | "skipped", "message": "AssertionError: ..."}]}
"""

import json
import os
import re

_tests = {}
_paths = {}  # node id -> the file it comes from (node ids are relative to a rootdir pytest picks)
_root = ""


def pytest_configure(config):
    global _root
    _root = str(config.rootpath)


def pytest_collectstart(collector):
    path = getattr(collector, "path", None)
    if path is not None:
        _paths[collector.nodeid] = str(path)


def pytest_itemcollected(item):
    _paths[item.nodeid] = str(item.path)


def _file(nodeid):
    head = nodeid.split("::")[0]
    found = _paths.get(nodeid) or _paths.get(head)
    if found:
        return found
    return os.path.normpath(os.path.join(_root, head)) if head else ""


def _message(report):
    """The crash line pytest shows for a failure (`AssertionError: ...`), else the last line."""
    longrepr = getattr(report, "longrepr", None)
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None and getattr(crash, "message", None):
        return str(crash.message).split("\n")[0]
    text = str(longrepr or "").strip()
    return re.sub(r"^E\s+", "", text.splitlines()[-1]) if text else ""


def _record(nodeid, outcome, message=""):
    previous = _tests.get(nodeid)
    if previous is not None and previous["outcome"] in ("failed", "error"):
        return  # a teardown after a failure does not hide the failure
    _tests[nodeid] = {
        "nodeid": nodeid,
        "file": _file(nodeid),
        "outcome": outcome,
        "message": message,
    }


def pytest_collectreport(report):
    if report.failed:
        _record(report.nodeid or "", "error", _message(report))


def pytest_runtest_logreport(report):
    if report.when == "call":
        _record(report.nodeid, report.outcome, _message(report) if report.failed else "")
    elif report.failed:
        _record(report.nodeid, "error", "%s: %s" % (report.when, _message(report)))
    elif report.skipped and report.when == "setup":
        _record(report.nodeid, "skipped", _message(report))


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("FLOE_PYTEST_REPORT")
    if not path:
        return
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"exitstatus": int(exitstatus), "tests": list(_tests.values())}, out)
