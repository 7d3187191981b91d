"""The HTML report: one self-contained page a QA engineer acts on.

Verdict and its reasons first, then the failures (the rule's exact words, what was
observed and where, the evidence, a command that reruns just that rule), then the
rule matrix grouped by profile, source and section, filterable by status, level
and text. No network: styles and the filter script are inline.
"""

from __future__ import annotations

import html
import json
import shlex
from collections.abc import Iterable
from typing import Any

COLOURS = {"passed": "#1a7f37", "failed": "#cf222e", "error": "#bc4c00", "skipped": "#9a6700",
           "not-applicable": "#57606a", "not-automated": "#8250df"}
GRADE_LABEL = {"failure": "FAILED", "warning": "WARNING", "deviation": "DEVIATION",
               "waived": "WAIVED"}
GRADE_ORDER = {"failure": 0, "warning": 1, "deviation": 2, "waived": 3}
STATUSES = ("passed", "failed", "error", "skipped", "not-applicable", "not-automated")

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;color:#1f2328}
h1{margin-bottom:.2em} .meta,.src,.reason{color:#57606a;font-size:85%}
.verdict-fail{color:#cf222e} .verdict-pass{color:#1a7f37}
.counts span{display:inline-block;margin:.2em .8em .2em 0;padding:.2em .6em;border-radius:4px;
  background:#f6f8fa;border:1px solid #d0d7de}
.failure{border:1px solid #d0d7de;border-left:6px solid #cf222e;border-radius:6px;
  padding:.6em 1em;margin:1em 0}
.failure.warning{border-left-color:#bf8700} .failure.deviation{border-left-color:#8250df}
.failure.waived{border-left-color:#57606a}
.quote{font-style:italic;margin:.3em 0} code.cmd{background:#f6f8fa;padding:.2em .4em}
pre{white-space:pre-wrap;font-size:85%;background:#f6f8fa;padding:.5em;border-radius:4px;
  max-height:30em;overflow:auto}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #d0d7de;padding:6px;vertical-align:top;text-align:left}
.filters{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #d0d7de}
.filters label{margin-right:1em} h3{margin:1.2em 0 .3em} h4{margin:.8em 0 .2em;color:#57606a}
.status{font-weight:bold} details.occurrence{margin:.5em 0}
details.occurrence>summary{cursor:pointer}
"""

_SCRIPT = """
function applyFilters(){
  var st=document.getElementById('f-status').value, lv=document.getElementById('f-level').value,
      tx=document.getElementById('f-text').value.toLowerCase(), shown=0;
  document.querySelectorAll('tr.rule').forEach(function(row){
    var ok=(!st||row.dataset.status===st)&&(!lv||row.dataset.level===lv)&&
           (!tx||row.dataset.text.indexOf(tx)>=0);
    row.style.display=ok?'':'none'; if(ok){shown++;}
  });
  document.getElementById('f-count').textContent=shown+' rule(s) shown';
}
document.addEventListener('DOMContentLoaded',function(){
  ['f-status','f-level','f-text'].forEach(function(id){
    var el=document.getElementById(id);
    el.addEventListener('input',applyFilters); el.addEventListener('change',applyFilters);});
  applyFilters();
});
"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _json(value: Any) -> str:
    return _e(json.dumps(value, indent=1, default=str, ensure_ascii=False))


def rerun_command(report: dict[str, Any], rule_id: str) -> str:
    """The one-line command that reruns just this rule against the same target."""
    args = ["cobrowse-conformance", "run", "--rule", rule_id]
    target = str(report.get("target", {}).get("name") or "reference")
    if not target.startswith("reference"):
        args += ["--target", target]
    for fault in report.get("faults", []):
        args += ["--fault", fault]
    return shlex.join(args)


def _evidence(failure: dict[str, Any]) -> str:
    parts = []
    for key, label in (("exchange", "The exchange that broke the rule"),
                       ("before", "The earlier reading it was compared with")):
        if failure.get(key):
            parts.append(f"<h4>{label}</h4><pre>{_json(failure[key])}</pre>")
    if failure.get("exchanges"):
        parts.append("<details class=evidence><summary>The scenario's last exchanges "
                     f"({len(failure['exchanges'])})</summary>"
                     f"<pre>{_json(failure['exchanges'])}</pre></details>")
    if failure.get("log"):
        parts.append(f"<div class=meta>Whole run log: <code>{_e(failure['log'])}</code></div>")
    return "".join(parts)


def _failure_block(report: dict[str, Any], rule: dict[str, Any]) -> str:
    grade = rule.get("grade", "failure")
    items = []
    for n, failure in enumerate(rule.get("failures", [])):
        by = (f"rule oracle <code>{_e(failure.get('oracle', ''))}</code>"
              if failure.get("by") == "oracle" else "the scenario's own steps")
        observed = failure.get("observed")
        if observed is not None and observed == (failure.get("exchange") or {}).get("response"):
            observed = None  # shown in the exchange below
        message = str(failure.get("message", ""))
        scenario = str(failure["scenario"]).split("::")[-1]
        items.append(
            f"<details class=occurrence{' open' if n == 0 else ''}><summary>"
            f"<code>{_e(scenario)}</code>: {_e(message.splitlines()[0][:160] if message else '')}"
            f"</summary><div class=meta>Scenario <code>{_e(failure['scenario'])}</code>, "
            f"found by {by}</div><pre class=message>{_e(message)}</pre>"
            + (f"<h4>Observed</h4><pre>{_json(observed)}</pre>" if observed is not None else "")
            + _evidence(failure) + "</details>")
    omitted = rule.get("failuresOmitted")
    if omitted:
        items.append(f"<div class=meta>and {omitted} more failure(s) in conformance.json</div>")
    notes = "".join(f"<div class=reason>Documented discrepancy: {_e(t)}</div>"
                    for t in rule.get("discrepancies", []))
    if rule.get("note") and not any(str(t).endswith(rule["note"])
                                    for t in rule.get("discrepancies", [])):
        # A note already shown as the catalogue's recorded discrepancy is not repeated.
        notes += f"<div class=reason>Catalogue note: {_e(rule['note'])}</div>"
    waiver = rule.get("waiver")
    if waiver:
        notes += (f"<div class=reason>Waived until {_e(waiver['expires'])} "
                  f"({_e(waiver['ticket'])}): {_e(waiver['reason'])}</div>")
    return (
        f"<section class='failure {grade}' id='failure-{_e(rule['id'])}'>"
        f"<h3>{GRADE_LABEL.get(grade, 'FAILED')} <code>{_e(rule['id'])}</code> "
        f"<span class=meta>{_e(rule['level'])} · {_e(rule['profile'])}</span></h3>"
        f"<div class=quote>“{_e(rule['text'])}”</div>"
        f"<div class=src>{_e(rule['source'])} · {_e(rule['section'])}</div>"
        f"<div>Rerun just this rule: <code class=cmd>{_e(rerun_command(report, rule['id']))}"
        f"</code></div>{notes}{''.join(items)}</section>")


def _matrix(rules: Iterable[dict[str, Any]]) -> str:
    rows = []
    group = None
    number = 0
    for rule in rules:
        key = (rule["profile"], rule["source"], rule["section"])
        if key != group:
            group = key
            number += 1
            rows.append(f"<tr class=group data-group='g{number}'><th colspan=4>"
                        f"{_e(rule['profile'])} · {_e(rule['source'])} · "
                        f"{_e(rule['section'])}</th></tr>")
        colour = COLOURS.get(rule["status"], "#000")
        details = ""
        if rule.get("reason"):
            details += f"<div class=reason>{_e(rule['reason'])}</div>"
        for text in rule.get("discrepancies", []):
            details += f"<div class=reason>documented discrepancy: {_e(text)}</div>"
        if rule["status"] == "failed":
            details += (f"<div><a href='#failure-{_e(rule['id'])}'>see the failure</a></div>")
        status = rule["status"] + (f" ({rule['grade']})" if rule.get("grade") else "")
        search = f"{rule['id']} {rule['text']} {rule['section']}".lower()
        rows.append(
            f"<tr class=rule data-group='g{number}' data-status='{_e(rule['status'])}'"
            f" data-level='{_e(rule['level'])}'"
            f" data-text='{_e(search)}'><td><code>{_e(rule['id'])}</code></td>"
            f"<td>{_e(rule['level'])}</td>"
            f"<td class=status style='color:{colour}'>{_e(status)}</td>"
            f"<td>{_e(rule['text'])}{details}</td></tr>")
    return "".join(rows)


def _silent(report: dict[str, Any]) -> str:
    choices = report.get("silentChoices") or []
    if not choices:
        return ""
    items = "".join(
        f"<li><b>{_e(c['topic'])}</b> <span class=meta>({_e(c['id'])}, "
        f"{_e(', '.join(c['rules']))})</span><div class=reason>The sources: {_e(c['sources'])}"
        f"</div><div class=reason>Accepted: {_e(c['accepts'])}</div></li>" for c in choices)
    return (f"<details id=silent><summary><h2 style='display:inline'>Where the sources are "
            f"silent ({len(choices)})</h2></summary><ul>{items}</ul></details>")


def render_html(report: dict[str, Any]) -> str:
    s = report["summary"]
    verdict = str(s.get("verdictText") or s["verdict"].upper())
    failed = sorted((r for r in report["rules"] if r["status"] == "failed"),
                    key=lambda r: (GRADE_ORDER.get(r.get("grade", "failure"), 0), r["id"]))
    counts = "".join(f"<span class='count' data-status='{k}'>{_e(k)}: "
                     f"<b>{s.get(k, 0)}</b></span>" for k in STATUSES)
    target = report.get("target", {}).get("name", "")
    faults = report.get("faults") or []
    failures = ("".join(_failure_block(report, r) for r in failed) if failed
                else "<p>No rule failed.</p>")
    levels = sorted({r["level"] for r in report["rules"]})
    status_options = "".join(f"<option value='{k}'>{k}</option>" for k in STATUSES)
    level_options = "".join(f"<option value='{_e(k)}'>{_e(k)}</option>" for k in levels)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Co-browse conformance: {_e(verdict)}</title>
<style>{_STYLE}</style><script>{_SCRIPT}</script></head><body>
<h1 id=verdict class='verdict-{_e(s['verdict'])}'>Co-browse conformance: {_e(verdict)}</h1>
<p class=meta>Target <code>{_e(target)}</code>{' with faults ' + _e(', '.join(faults))
 if faults else ''} · profiles {_e(', '.join(report['profiles']))} · generated
 {_e(report['generated'])}</p>
<div class=counts id=counts>{counts}<span>rules: <b>{s['rules']}</b></span></div>
<h2 id=failures-heading>Failures ({len(failed)})</h2>
<div id=failures>{failures}</div>
{_silent(report)}
<h2>Every rule</h2>
<div class=filters><label>Status <select id=f-status><option value=''>any</option>
{status_options}</select></label><label>Level <select id=f-level><option value=''>any</option>
{level_options}</select></label><label>Text <input id=f-text type=search
 placeholder='rule ID or words'></label><span id=f-count class=meta></span></div>
<table id=matrix><tr><th>rule</th><th>level</th><th>status</th><th>text</th></tr>
{_matrix(report['rules'])}</table></body></html>
"""
