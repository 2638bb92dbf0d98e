"""What the suite (tests/runner.py) and the build (tools/listings.py) hold
every listing to.

Expected output (`X.out` beside `X.py`) is exact text, except placeholders
for values that legitimately vary between runs (measured times). A listing
that mentions one of PROCESS_APIS may start processes, and the suite runs it
under every start method, or once if only joblib or Ray start them (OWN_WAY).
"""

import re

PROCESS_APIS = re.compile(
    r"multiprocessing|ProcessPoolExecutor|InterpreterPoolExecutor|DataLoader"
    r"|os\.fork|os\.posix_spawn|os\.spawn|os\.system|os\.popen|subprocess"
    r"|joblib|\bdask\b|\bray\b"
)


def starts_processes(source: str) -> bool:
    return bool(PROCESS_APIS.search(source))


# Engines that start their processes their own way, whatever start method
# multiprocessing is set to: joblib's default backend, loky, starts each
# worker as a fresh interpreter (fork + exec), and Ray's raylet starts its
# workers. A listing that starts processes only through them is run once,
# under its own way, not once per start method.
OWN_WAY = re.compile(r"\bjoblib\b|\bray\b")


def starts_processes_its_own_way(source: str) -> bool:
    return bool(OWN_WAY.search(source)) and not PROCESS_APIS.search(OWN_WAY.sub("", source))


# A placeholder stands for a measured value, never negative: a listing that
# prints a sign writes it ("-<float>").
PLACEHOLDERS = {
    "<float>": r"\d+(?:\.\d+)?(?:e[-+]?\d+)?",
    "<int>": r"\d+",
}
# A measurement has a unit. A placeholder followed by none (a count, a
# result) hides a value the reader cannot check, so it needs the listing to
# declare why it varies (`# Output varies: ...`).
UNIT_AFTER = re.compile(r"\s?(?:s|ms|µs|us|ns|%|×|x)(?![A-Za-z0-9])")


def placeholders_without_unit(expected: str) -> list[str]:
    """Lines of an expected output with a placeholder that has no unit after it."""
    names = "|".join(map(re.escape, PLACEHOLDERS))
    return [line for line in expected.splitlines()
            for m in re.finditer(names, line) if not UNIT_AFTER.match(line, m.end())]


def expected_pattern(expected: str) -> re.Pattern:
    parts = re.split("(" + "|".join(map(re.escape, PLACEHOLDERS)) + ")", expected)
    regex = "".join(f"({PLACEHOLDERS[part]})" if part in PLACEHOLDERS else re.escape(part)
                    for part in parts)
    return re.compile(regex, re.DOTALL)


def output_matches(expected: str, actual: str) -> bool:
    return expected_pattern(expected).fullmatch(actual) is not None
