"""The HTML report as a person sees it, in a real headless browser (Debian's chromium).

It runs the suite against a broken variant of the reference, opens the page, and
checks what a QA engineer relies on: the counts match conformance.json, the failure
comes first with the rule's words and its evidence, and the filter works.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_suite

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def broken_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("report")
    code, report, output = run_suite(out, "--profile", "genesys-engage", "--fault",
                                     "engage.short-token")
    assert code == 1, output[-3000:]
    return out, report


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium and chromium-driver (.ci/run)")
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium "
                    "chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1300,1400",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.slow
def test_the_report_shows_the_failure_first_with_its_evidence_and_filters(
    broken_run: tuple[Path, dict[str, Any]], browser: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    out, report = broken_run
    summary = report["summary"]
    browser.get((out / "conformance.html").as_uri())
    assert browser.find_element(By.ID, "verdict").text.startswith("Co-browse conformance: FAIL")

    counts = {el.get_attribute("data-status"): int(el.find_element(By.TAG_NAME, "b").text)
              for el in browser.find_elements(By.CSS_SELECTOR, ".count")}
    assert counts == {k: summary[k] for k in counts}, "the page's counts are the JSON's"

    failed = [r for r in report["rules"] if r["status"] == "failed"]
    blocks = browser.find_elements(By.CSS_SELECTOR, "#failures section.failure")
    assert len(blocks) == len(failed) > 0
    first = blocks[0]
    nine = next(r for r in failed if r["id"] == "GE-002-08")
    block = browser.find_element(By.ID, "failure-GE-002-08")
    assert nine["text"] in block.text, "the rule's exact words"
    assert "cobrowse-conformance run --rule GE-002-08" in block.text
    assert first.location["y"] < browser.find_element(By.ID, "matrix").location["y"]

    # A failure's evidence opens: the scenario's last exchanges are folded until clicked.
    evidence = block.find_element(By.CSS_SELECTOR, "details.evidence")
    pre = evidence.find_element(By.TAG_NAME, "pre")
    assert not pre.is_displayed()
    evidence.find_element(By.TAG_NAME, "summary").click()
    assert pre.is_displayed() and "/driver/genesys-engage/" in pre.text

    # The filter: only failed rules, then a text search.
    Select(browser.find_element(By.ID, "f-status")).select_by_value("failed")
    shown = [r for r in browser.find_elements(By.CSS_SELECTOR, "tr.rule") if r.is_displayed()]
    assert len(shown) == summary["failed"]
    Select(browser.find_element(By.ID, "f-status")).select_by_value("")
    search = browser.find_element(By.ID, "f-text")
    search.send_keys("nine digits")
    shown = [r.get_attribute("data-status") for r in
             browser.find_elements(By.CSS_SELECTOR, "tr.rule") if r.is_displayed()]
    assert shown and len(shown) < summary["rules"]
    browser.save_screenshot(str(out / "report.png"))
