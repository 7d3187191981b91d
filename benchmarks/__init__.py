"""Speed and memory figures of the reference server, printed as one table.

    python -m benchmarks [--quick] [--only SECTION,...] [--duration S] [--connections N]

Figures, never assertions: on a shared machine a timing is not a test (the tests count work
instead, see tests/test_cost_independent_of_history.py). Every figure over HTTP sits beside
peers measured in the same run (a bare aiohttp handler serving the same body, Stoplight
Prism mocking the same OpenAPI document), so the ratios mean something even when the
machine is busy. Traffic goes only to 127.0.0.1; every section is bounded in time.

The servers run in subprocesses of their own and the load generator here, so the client and
the server under test never share a GIL.
"""
